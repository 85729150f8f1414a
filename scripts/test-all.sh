#!/usr/bin/env bash
# Runs every test of EdgeWeave on a fresh Debian machine: installs the real peers the tests talk to
# (Debian packages), then the Maven build with all tests.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(maven unbound dnsutils curl ffmpeg postgresql iproute2 openssl)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "test-all: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mvn -B -ntp verify "$@"
