#!/usr/bin/env bash
# Runs the whole test suite: formatting, lints, unit and integration tests
# (including the browser tests in headless Chromium, installed first if
# missing). This is the README's test command, and what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/test-tools.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy (warnings are errors)"
cargo clippy --all-targets --locked -- -D warnings

# The manual (docs/) is a knowledge base of its own: it must check with no
# warning at all, as of today (its review dates included). The debug binary
# built here is the one the tests below use.
echo "== cairn check docs --deny-warnings"
cargo run --locked --quiet -- check docs --deny-warnings

# Every target: unit tests, tests/it, and tests/browser. --no-fail-fast: a
# failure in one test target does not hide the results of the others.
echo "== cargo test"
cargo test --locked --no-fail-fast
