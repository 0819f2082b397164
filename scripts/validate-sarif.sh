#!/usr/bin/env bash
# Validates pilotlint's `--format sarif` output with Microsoft's SARIF
# Multitool, with the rules GitHub code scanning applies on upload ("Gh")
# and the SARIF spec's own ("Sarif"). The test suite checks the output
# against the JSON schema (tests/sarif.rs); this checks what the schema
# cannot, such as GitHub's required properties.
#
# Needs npm and network access to the npm registry (the Multitool is a
# 44 MB package, so CI does not run this on every build). The Multitool
# exits 0 even when it reports errors, so this script reads its output:
# any `error` line fails it.
#
# Usage: scripts/validate-sarif.sh [FILE.sarif]
#   Without a file, validates the output for tests/fixtures/cli/sarif/.
set -euo pipefail
cd "$(dirname "$0")/.."

version=5.7.0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ $# -ge 1 ]; then
  cp "$1" "$work/out.sarif"
else
  cargo build --locked --quiet
  binary=$PWD/target/debug/pilotlint
  status=0
  (cd tests/fixtures/cli/sarif &&
    "$binary" check reports --rules rules --format sarif) >"$work/out.sarif" || status=$?
  if [ "$status" -ne 1 ]; then
    echo "pilotlint exited $status on the sarif fixture, expected 1" >&2
    exit 1
  fi
fi

(cd "$work" && npm pack --silent "@microsoft/sarif-multitool-linux@$version" >/dev/null &&
  tar xzf microsoft-sarif-multitool-linux-$version.tgz)
chmod u+x "$work/package/Sarif.Multitool"
"$work/package/Sarif.Multitool" validate --rule-kind "Gh;Sarif" \
  --output "$work/validation.sarif" "$work/out.sarif" | tee "$work/log"

if grep -E ': error [A-Z]+[0-9]+:' "$work/log" >/dev/null; then
  echo "the SARIF Multitool reported errors" >&2
  exit 1
fi
