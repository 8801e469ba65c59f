#!/usr/bin/env bash
# Fetch axe-core (the accessibility checker the browser tests inject into every page) from the
# npm registry, pinned and checked against its published sha512, into a cache folder outside
# the working tree. Prints the path of axe.min.js. Does nothing when it is already there.
set -euo pipefail
VERSION="4.11.1"
INTEGRITY="sha512-BASOg+YwO2C+346x3LZOeoovTIoTrRqEsqMa6fmfAV0P+U9mFr9NsyOEpiYvFjbc64NMrSswhV50WdXzdb/Z5A=="
CACHE="${NOEGLETAL_AXE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/noegletal}/axe-core-$VERSION"
if [ -s "$CACHE/axe.min.js" ]; then echo "$CACHE/axe.min.js"; exit 0; fi
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    LOCK_WAIT="${NOEGLETAL_APT_LOCK_TIMEOUT:-900}"
    apt-get -o DPkg::Lock::Timeout="$LOCK_WAIT" update -qq
    apt-get -o DPkg::Lock::Timeout="$LOCK_WAIT" install -y -qq --no-install-recommends npm >/dev/null
  else
    echo "npm mangler; axe-core kan ikke hentes (installér npm)." >&2
    exit 1
  fi
fi
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack "axe-core@$VERSION" --silent >/dev/null)
TGZ="$TMP/axe-core-$VERSION.tgz"
GOT="sha512-$(openssl dgst -sha512 -binary "$TGZ" | base64 -w0)"
if [ "$GOT" != "$INTEGRITY" ]; then
  echo "axe-core $VERSION: kontrolsummen passer ikke ($GOT)." >&2
  exit 1
fi
tar -xzf "$TGZ" -C "$TMP" package/axe.min.js package/LICENSE
mkdir -p "$CACHE"
mv "$TMP/package/axe.min.js" "$TMP/package/LICENSE" "$CACHE/"
echo "$CACHE/axe.min.js"
