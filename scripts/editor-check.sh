#!/usr/bin/env bash
# The editor test of `pilotlint server`: a real LSP client, Neovim's
# built-in one, headless, on a copy of tests/fixtures/server/workspace
# (scripts/editor-check.lua says what it checks). Installs Debian's neovim
# when it is missing; .ci/run runs it.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v nvim >/dev/null; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends neovim
fi
nvim --version | head -1

cargo build --locked --quiet
bin="$PWD/target/debug/pilotlint"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r tests/fixtures/server/workspace "$work/workspace"

# What `pilotlint fmt` makes of the rule file the test formats in the editor.
printf '%s\n' 'rule   X1 "x" {require   count(measures)>0 # why' \
  '    require exists( submitted ) }' > "$work/expected.rules"
"$bin" fmt "$work/expected.rules" >/dev/null

# -u NONE: no user configuration; -n: no swap files. A hung editor is
# stopped after two minutes.
PILOTLINT="$bin" WORKSPACE="$work/workspace" EXPECTED_FORMAT="$work/expected.rules" \
  timeout 120 nvim --headless -u NONE -n -c "luafile scripts/editor-check.lua" </dev/null
