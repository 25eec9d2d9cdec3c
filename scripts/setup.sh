#!/usr/bin/env bash
# Installs everything landscape-lab needs on a fresh Debian machine with Node >= 20.19: Debian's Jupyter, the NumPy/
# SciPy references, Chromium (report tests), and the npm packages (npm ci). Idempotent; nothing downloads at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
pkgs=(jupyter-nbconvert python3-nbclient jupyter-client jupyter-notebook python3-ipykernel python3-jupyter-kernel-test
  python3-numpy python3-scipy chromium)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  echo "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ ! -d node_modules/tslab ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build
