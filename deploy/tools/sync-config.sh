#!/usr/bin/env bash
# Copy the packaged default outlets and alert rules into deploy/base/config/, from which the
# kustomize base generates its ConfigMaps. tests/deploy fail while the copies differ.
set -euo pipefail
cd "$(dirname "$0")/../.."
cp services/fetcher/outlets.yaml deploy/base/config/outlets.yaml
cp services/publisher/rules.yaml deploy/base/config/rules.yaml
echo "deploy/base/config: outlets.yaml and rules.yaml copied from the packaged defaults"
