#!/usr/bin/env bash
# Installs the benchmark corpora from Debian packages (never committed):
#   Django  → /usr/lib/python3/dist-packages/django
#   Go 1.19 standard library → /usr/share/go-1.19/src (golang-1.19-src; /usr/lib/go-1.19/src
#   is only a symlink to it that golang-1.19-go adds)
# Run as root (or with sudo). Idempotent.
set -euo pipefail
need=()
[ -d /usr/lib/python3/dist-packages/django ] || need+=(python3-django)
[ -d /usr/share/go-1.19/src ] || need+=(golang-1.19-src)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
echo "django: /usr/lib/python3/dist-packages/django"
echo "go:     /usr/share/go-1.19/src"
