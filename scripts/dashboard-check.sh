#!/usr/bin/env bash
# The HTML dashboard as a person sees it (issue 17): makes the pages of
# examples/ and examples/national/ and a hostile report, opens each in
# headless Chromium (scripts/dashboard-check.mjs), and checks the screen:
# screenshots at 1280 and 390 px, no console error or request, the matrix
# cells and findings examples/README.md lists, the filters, the page
# without scripts, and axe-core.
#
#   scripts/dashboard-check.sh              # run by .ci/run
#   UPDATE_SCREENSHOT=1 scripts/dashboard-check.sh   # also copy the README's screenshot to docs/
#
# Installs what it lacks: Debian's chromium (and CJK fonts) with apt-get,
# puppeteer-core and axe-core from npm into target/dashboard-node/. When
# npm's registry cannot be reached, the accessibility check is skipped
# with a message, and so is the whole browser check when puppeteer-core
# cannot be had: the pages are still made and parsed by the test suite.
# Screenshots and axe's results go to target/dashboard/.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=target/dashboard
NODE_DIR=target/dashboard-node
mkdir -p "$OUT" "$NODE_DIR"

if ! command -v chromium >/dev/null; then
  echo "== installing chromium (apt-get)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    chromium fonts-noto-cjk fonts-dejavu-core >/dev/null
fi
if ! command -v node >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

have() { [ -d "$NODE_DIR/node_modules/$1" ]; }
if ! have puppeteer-core || ! have axe-core; then
  echo "== installing puppeteer-core and axe-core (npm) into $NODE_DIR"
  [ -f "$NODE_DIR/package.json" ] || echo '{"private": true}' >"$NODE_DIR/package.json"
  # puppeteer-core drives the system's chromium: it downloads no browser.
  # Exact versions, so that a fresh machine checks with what was reviewed.
  (cd "$NODE_DIR" && timeout 300 npm install --no-audit --no-fund --silent \
    puppeteer-core@25.19.0 axe-core@4.14.1) || echo "npm install failed: the npm registry may be out of reach" >&2
fi
if ! have puppeteer-core; then
  echo "SKIPPED: puppeteer-core could not be installed from npm, so Chromium cannot be driven;" \
    "the pages are checked only by the test suite's parser" >&2
  exit 0
fi
have axe-core || echo "axe-core could not be installed from npm: the accessibility check is skipped" >&2

cargo build --locked --quiet --bin pilotlint
BIN=${CARGO_TARGET_DIR:-target}/debug/pilotlint

# The examples, each file as examples/README.md lists its findings, and
# the national set as one run. Exit status 1: they have findings.
page() {
  local out=$1
  shift
  local status=0
  "$BIN" check --format html --output "$out" "$@" || status=$?
  if [ "$status" -ne 1 ]; then
    echo "pilotlint check $* exited $status, expected 1" >&2
    exit 1
  fi
}
page "$OUT/examples.html" --rules rules examples/*.yaml
page "$OUT/national.html" --rules rules examples/national

# A report a hostile submitter wrote: markup and right-to-left text in the
# values the page shows; and one with an escape sequence in a value, which
# the loader refuses (invisible-character), so the page shows the finding
# and never the control character.
mkdir -p "$OUT/hostile"
printf '%s\n' \
  'report: progress' \
  'program: service-trade-pilot-2020' \
  'area:' \
  '  name: "<script>alert(1)</script> مدينة"' \
  '  province: "<img src=x onerror=alert(2)>"' \
  'period: {start: 2022-01-01, end: 2022-06-30}' \
  'summary: {measures_total: 2, measures_implemented: 1}' \
  'measures:' \
  '  - {id: "<b>X-1</b>", task: "</details><script>alert(3)</script>", title: t, status: implemented}' \
  >"$OUT/hostile/hostile.yaml"
printf '%s\n' 'program: service-trade-pilot-2020' 'area: {name: "X \u001b[31m"}' >"$OUT/hostile/escape.yaml"
page "$OUT/hostile.html" --rules rules/service-trade-pilot.rules "$OUT/hostile/hostile.yaml" "$OUT/hostile/escape.yaml"

echo "== the dashboards in headless Chromium"
cp scripts/dashboard-check.mjs "$NODE_DIR/"
node "$NODE_DIR/dashboard-check.mjs" "$OUT" \
  "examples=$OUT/examples.html=readme-files" \
  "national=$OUT/national.html=readme-set" \
  "hostile=$OUT/hostile.html=hostile"
echo "screenshots: $OUT/*.png"

if [ "${UPDATE_SCREENSHOT:-}" = 1 ]; then
  cp "$OUT/examples-top.png" docs/dashboard.png
  echo "docs/dashboard.png updated"
fi
