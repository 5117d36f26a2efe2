#!/usr/bin/env bash
# Installs what the tests need beyond Rust, when it is missing:
#   chromium, chromedriver  the browser tests (tests/it/browser.rs and
#                           tests/it/reader.rs), from Debian's `chromium` and
#                           `chromium-driver`;
#   python3                 its static file server, which serves the built
#                           example to the browser under /kb/ (tests/it/reader.rs).
# Fails (rather than letting tests be skipped) when it cannot install them.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "== installing ${missing[*]} for the browser tests"
if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: ${missing[*]} missing and there is no apt-get to install them;" >&2
    echo "       install Chromium and its WebDriver (chromedriver), then run this again" >&2
    exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
