#!/usr/bin/env bash
# Runs every fuzz target for N seconds (default 60): `fuzz/run.sh 300`;
# or only the targets named after N: `fuzz/run.sh 600 yaml_loader yaml_differential`.
# Installs cargo-fuzz from crates.io when it is missing; needs a nightly
# toolchain (`rustup toolchain install nightly`). New inputs go to
# fuzz/corpus/<target>/ (not committed), crashes to fuzz/artifacts/<target>/;
# the committed seeds in fuzz/seeds/<target>/ are read, never written.
set -euo pipefail

seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(rule_parser yaml_loader yaml_differential evaluate)
cd "$(dirname "$0")"

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

status=0
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    # yaml_differential reads reports, as yaml_loader does: the same seeds.
    seeds="seeds/$target"
    [ "$target" = yaml_differential ] && seeds=seeds/yaml_loader
    echo "== $target: ${seconds}s"
    # -timeout: one input taking longer than 10 s is a hang, and a finding.
    if ! cargo +nightly fuzz run "$target" "corpus/$target" "$seeds" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1; then
        echo "== $target: FAILED, see fuzz/artifacts/$target/"
        status=1
    fi
done
exit "$status"
