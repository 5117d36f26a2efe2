#!/usr/bin/env bash
# Installs what the tests need beyond Rust, when it is missing:
#   chromium, chromedriver  the browser tests (the tests/browser target:
#                           reload.rs, reader.rs, quality.rs), from Debian's
#                           `chromium` and `chromium-driver`;
#   python3                 its static file server, which serves the built
#                           example to the browser under /kb/ (reader.rs);
#   java                    runs the Nu HTML Checker (Debian's
#                           `default-jre-headless`);
#   node, npm               install the checkers below (Debian's `nodejs`, `npm`);
#   axe-core, vnu-jar       the accessibility and HTML checkers (quality.rs),
#                           from the npm registry into tests/tools/node_modules,
#                           at the versions tests/tools/package-lock.json pins.
# Fails (rather than letting tests be skipped) when it cannot install them.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing ${missing[*]} for the browser and markup tests"
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "error: ${missing[*]} missing and there is no apt-get to install them;" >&2
        echo "       install Chromium, chromedriver, Python 3, Java and npm, then run this again" >&2
        exit 1
    fi
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

tools=tests/tools
if [ ! -f "$tools/node_modules/axe-core/axe.min.js" ] \
    || [ ! -f "$tools/node_modules/vnu-jar/build/dist/vnu.jar" ] \
    || [ "$tools/package-lock.json" -nt "$tools/node_modules/.package-lock.json" ]; then
    echo "== installing axe-core and vnu-jar from npm into $tools"
    # --ignore-scripts: vnu-jar's install script would fetch a Java runtime;
    # the system's Java runs vnu.jar.
    npm ci --prefix "$tools" --ignore-scripts --no-audit --no-fund --loglevel=error
fi
