#!/bin/sh
# Debian packages the test suite needs (headless Chromium for the browser tests).
# Installs only what is missing, so a second run costs nothing.
set -e
need=""
command -v chromium >/dev/null 2>&1 || need="$need chromium"
command -v chromedriver >/dev/null 2>&1 || need="$need chromium-driver"
[ -z "$need" ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "system-deps: missing$need; install them (apt-get install$need) or run as root" >&2
  exit 0
fi
echo "system-deps: installing$need"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends $need >/dev/null
