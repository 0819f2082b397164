#!/usr/bin/env bash
# Runs every fuzz target for N seconds (default 60): `fuzz/run.sh 300`.
# Installs cargo-fuzz from crates.io when it is missing; needs a nightly
# toolchain (`rustup toolchain install nightly`). New inputs go to
# fuzz/corpus/<target>/ (not committed), crashes to fuzz/artifacts/<target>/;
# the committed seeds in fuzz/seeds/<target>/ are read, never written.
set -euo pipefail

seconds="${1:-60}"
cd "$(dirname "$0")"

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

status=0
for target in rule_parser yaml_loader evaluate; do
    mkdir -p "corpus/$target"
    echo "== $target: ${seconds}s"
    # -timeout: one input taking longer than 10 s is a hang, and a finding.
    if ! cargo +nightly fuzz run "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1; then
        echo "== $target: FAILED, see fuzz/artifacts/$target/"
        status=1
    fi
done
exit "$status"
