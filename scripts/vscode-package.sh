#!/usr/bin/env bash
# Packages the VS Code extension (editors/vscode) as a user would build it,
# `npm ci` then `vsce package`, in target/vscode so the tree stays clean.
# When the npm registry does not answer, says so and skips: the extension is
# plain JavaScript with no build step, and the server it starts is tested
# on its own (tests/server.rs, scripts/editor-check.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! timeout 60 npm view @vscode/vsce version >/dev/null 2>&1; then
  echo "the npm registry does not answer: the VS Code extension was not packaged"
  exit 0
fi
rm -rf target/vscode
mkdir -p target
cp -r editors/vscode target/vscode
cd target/vscode
export npm_config_cache="$PWD/../npm-cache"
npm ci --no-audit --no-fund
npx vsce package --out pilotlint.vsix
ls -l pilotlint.vsix
