#!/usr/bin/env bash
# Make sure promtool and the Prometheus server are on this machine (the deploy checks and the
# Prometheus integration test use both). Debian's `prometheus` package ships the two of them.
# Idempotent: does nothing when both are already on PATH. Needs root (or sudo) to install.
set -euo pipefail

if command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo -n"
    else
        echo "ensure-prometheus: promtool missing and not root; install Debian's 'prometheus' package" >&2
        exit 1
    fi
fi

echo "ensure-prometheus: installing Debian's prometheus package (promtool and server)" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends prometheus >/dev/null

# The package's service is not wanted here (tests start their own servers on loopback).
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now prometheus >/dev/null 2>&1 || true
fi

command -v promtool >/dev/null 2>&1 || { echo "ensure-prometheus: promtool still missing" >&2; exit 1; }
