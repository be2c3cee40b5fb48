#!/bin/sh
# Installs the Debian packages gridworker needs: the libraries Qt needs on a real X display (the
# xcb platform plugin: resources/system/qt-xcb-libraries.txt) and offscreen, Chinese fonts, Xvfb
# and x11-utils for the real-display test, and a PostgreSQL server (Debian 12: PostgreSQL 15) that the tests start as a private, throw-away
# cluster (tests/support/postgres.py); the machine's own PostgreSQL service is never used.
# Only what is missing is installed; without root or apt-get we say what is missing and go on.
set -u
HERE=$(dirname "$0")
XCB_PKGS=$(awk '!/^#/ && NF == 2 { print $2 }' "$HERE/../resources/system/qt-xcb-libraries.txt" | sort -u)
PKGS="$(echo $XCB_PKGS) fonts-noto-cjk xvfb xauth x11-utils"
PKGS="$PKGS postgresql"
command -v dpkg-query >/dev/null 2>&1 || exit 0
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages:$missing"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "Missing system packages (install them with your package manager):$missing" >&2
  case "$missing" in
    *postgresql*) echo "Without PostgreSQL the PostgreSQL tests are skipped locally (and fail under CI=true)." >&2 ;;
  esac
fi
