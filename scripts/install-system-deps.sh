#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium (browser tests, PNG export) and PostgreSQL.
# When another apt-get or dpkg runs (unattended upgrades, a second checkout), wait for its
# lock instead of failing.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
fc-list 2>/dev/null | grep -qi "dejavu" || need+=(fonts-dejavu-core)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)  # the report printed to PDF
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "Mangler Debian-pakkerne: ${need[*]} (installér dem som root: apt-get install ${need[*]})" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
LOCK_WAIT="${NOEGLETAL_APT_LOCK_TIMEOUT:-900}"  # seconds
echo "Installerer Debian-pakkerne: ${need[*]} (venter op til ${LOCK_WAIT} s på apt-låsen)" >&2
apt-get -o DPkg::Lock::Timeout="$LOCK_WAIT" update -qq
apt-get -o DPkg::Lock::Timeout="$LOCK_WAIT" install -y -qq --no-install-recommends \
  "${need[@]}" >/dev/null
