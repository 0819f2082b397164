#!/usr/bin/env bash
# The pre-commit hook of .pre-commit-hooks.yaml, through real pre-commit:
# builds a report repository (git init in a temporary directory) from
# tests/fixtures/pre-commit/ (a pilotlint.toml and a workflow file) and two
# shipped examples, then runs `pre-commit try-repo <this checkout> pilotlint`
# on it and checks that
#   1. a bad report (examples/hefei-...-plan-not-approved.yaml, STP002)
#      fails the hook and shows the finding;
#   2. a good report (examples/xian-2021-h2.yaml) passes, together with a
#      workflow file that pilotlint.toml excludes;
#   3. a commit that touches only the workflow file passes;
#   4. a commit that touches one report of the set in reports/national/
#      (examples/national/) fails on what the rules across reports find in
#      it by comparing it with reports it does not touch (HIS001: Weihai's
#      second half against its first), and shows nothing about the others
#      (NAT003 in Changchun's reports, NAT001 in the registry);
#   5. in a report repository with no pilotlint.toml (a new user's), a
#      first commit of .github/workflows/ci.yml and docker-compose.yml
#      passes (they are plainly not reports: README.md, "pre-commit"),
#      while a report that lacks `program` still fails.
# First it validates .pre-commit-hooks.yaml and the .pre-commit-config.yaml
# README.md shows (docs/ci/pre-commit-config.yaml) with pre-commit itself.
#
# pre-commit is installed from PyPI into a virtualenv under target/, so the
# machine is not changed. try-repo builds pilotlint with `cargo install`
# (a release build) into a fresh store on every call; CARGO_TARGET_DIR under
# target/ lets the later calls reuse the first one's dependencies. Wall
# time on a 2-core machine from a fresh clone: about 3 minutes when idle
# (the first cargo install 128 s), about 15 minutes while other builds
# share the cores (13.5 of them the first cargo install); 4.5 to 6 minutes
# on a busy machine once the dependencies are built.
#
# try-repo uses this checkout's HEAD, plus tracked files with uncommitted
# changes (it commits them into a shadow clone); untracked files are left
# out, so commit new files before running this locally. CI runs it on a
# clean clone.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/target/pre-commit-venv"
PRE_COMMIT_VERSION=4.7.0

if ! "$venv/bin/pre-commit" --version 2>/dev/null | grep -q "$PRE_COMMIT_VERSION"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "pre-commit==$PRE_COMMIT_VERSION"
fi

# The hook definition and the configuration README.md shows, by
# pre-commit's own schemas.
"$venv/bin/pre-commit" validate-manifest "$root/.pre-commit-hooks.yaml"
"$venv/bin/pre-commit" validate-config "$root/docs/ci/pre-commit-config.yaml"
echo "ok: .pre-commit-hooks.yaml and docs/ci/pre-commit-config.yaml are valid"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
repo="$work/reports-repo"
cp -R "$root/tests/fixtures/pre-commit" "$repo"
mkdir -p "$repo/reports"
cp "$root/examples/xian-2021-h2.yaml" "$repo/reports/good.yaml"
cp "$root/examples/hefei-2021-h1-plan-not-approved.yaml" "$repo/reports/bad.yaml"
mkdir -p "$repo/reports/national"
cp "$root"/examples/national/*.yaml "$repo/reports/national/"
git -C "$repo" init --quiet
git -C "$repo" add -A
git -C "$repo" -c user.name=ci -c user.email=ci@example.invalid commit --quiet -m fixture

export CARGO_TARGET_DIR="$root/target/pre-commit-cargo"
export PRE_COMMIT_HOME="$work/pre-commit-home"
export NO_COLOR=1

# Runs the hook in repository DIR on FILES; its output goes to $work/out.
hook_in() {
  local dir="$1"
  shift
  (cd "$dir" && "$venv/bin/pre-commit" try-repo "$root" pilotlint --color never --verbose --files "$@") \
    >"$work/out" 2>&1
}
# Runs the hook on FILES of the report repository.
hook() {
  hook_in "$repo" "$@"
}
fail() {
  echo "pre-commit-check: $1" >&2
  cat "$work/out" >&2
  exit 1
}

start=$SECONDS
if hook reports/bad.yaml; then
  fail "the hook passed a report that breaks STP002"
fi
grep -q "STP002" "$work/out" || fail "the hook failed without showing the STP002 finding"
grep -q "the implementation plan is not approved" "$work/out" || fail "the finding's message is missing"
echo "ok: a bad report fails the hook ($((SECONDS - start)) s, including cargo install)"

start=$SECONDS
hook reports/good.yaml .github/workflows/ci.yml || fail "the hook failed a good report"
grep -q "no problems in 1 file" "$work/out" || fail "the good report was not checked alone"
echo "ok: a good report passes, the workflow file is not read as a report ($((SECONDS - start)) s)"

start=$SECONDS
hook .github/workflows/ci.yml || fail "the hook failed a commit that changes no report"
grep -q "nothing to check" "$work/out" || fail "the hook did not say that nothing was checked"
echo "ok: a commit of only a workflow file passes ($((SECONDS - start)) s)"

start=$SECONDS
if hook reports/national/weihai-2022-h2.yaml; then
  fail "the hook passed a report whose measure went back from implemented"
fi
grep -q "HIS001" "$work/out" || fail "the hook did not compare the report with the earlier one it was not given"
grep -q "weihai-2022-h1.yaml" "$work/out" || fail "the finding does not show the earlier report"
if grep -q "NAT003\|NAT001\|HIS002" "$work/out"; then
  fail "the hook showed findings in files the commit does not touch"
fi
echo "ok: a changed report is checked against the reports it was not given ($((SECONDS - start)) s)"

start=$SECONDS
bare="$work/new-user-repo"
new_user="$root/tests/fixtures/cli/not-a-report-named"
mkdir -p "$bare/.github/workflows"
cp "$new_user/.github/workflows/ci.yml" "$bare/.github/workflows/ci.yml"
cp "$new_user/docker-compose.yml" "$new_user/no-program.yaml" "$bare/"
git -C "$bare" init --quiet
git -C "$bare" add -A
hook_in "$bare" .github/workflows/ci.yml docker-compose.yml \
  || fail "the hook blocked a first commit of a workflow and a docker-compose file"
grep -q "nothing to check" "$work/out" || fail "the hook did not say that nothing was checked"
if hook_in "$bare" no-program.yaml; then
  fail "the hook passed a report that lacks \`program\`"
fi
grep -q "STP011" "$work/out" || fail "the hook failed without showing that \`program\` is missing"
echo "ok: without pilotlint.toml, a workflow and a docker-compose file pass, a report without program fails ($((SECONDS - start)) s)"
