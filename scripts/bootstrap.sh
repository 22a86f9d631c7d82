#!/usr/bin/env bash
# Installs what a fresh machine lacks for building and testing Switchboard (Debian packages).
# Idempotent: installs only what is missing. Needs root (or sudo) the first time.
set -euo pipefail

packages=(libcurl4-openssl-dev libsqlite3-dev)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "bootstrap: installing ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
