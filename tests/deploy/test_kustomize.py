"""Every overlay builds with `kubectl kustomize`, and every object it builds validates offline:
core kinds against the Kubernetes OpenAPI schemas (kubernetes-validate, strict), custom resources
against the CRD schemas kept in deploy/schemas/."""

from __future__ import annotations

import json
from functools import cache

import jsonschema
import kubernetes_validate
import pytest

from tests.deploy.conftest import DEPLOY, OVERLAYS, build

KUBERNETES_VERSION = "1.32"
CRD_SCHEMAS = {
    ("monitoring.coreos.com/v1", "ServiceMonitor"): "monitoring.coreos.com_v1_servicemonitor.json",
    ("monitoring.coreos.com/v1", "PrometheusRule"): "monitoring.coreos.com_v1_prometheusrule.json",
    ("keda.sh/v1alpha1", "ScaledObject"): "keda.sh_v1alpha1_scaledobject.json",
    ("kafka.strimzi.io/v1beta2", "KafkaTopic"): "kafka.strimzi.io_v1beta2_kafkatopic.json",
}
CORE_KINDS = {"ConfigMap", "Deployment", "Service", "PodDisruptionBudget"}


@cache
def crd_validator(api_version: str, kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((DEPLOY / "schemas" / CRD_SCHEMAS[(api_version, kind)]).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def validate(obj: dict) -> None:
    """Raise if ``obj`` is not a valid object of its kind."""
    key = (obj["apiVersion"], obj["kind"])
    if key in CRD_SCHEMAS:
        errors = sorted(crd_validator(*key).iter_errors(obj), key=lambda e: list(e.path))
        assert not errors, "\n".join(
            f"{obj['kind']}/{obj['metadata']['name']}: {'.'.join(map(str, e.path))}: {e.message}"
            for e in errors
        )
        return
    assert obj["kind"] in CORE_KINDS, f"no schema for {key}: add one to deploy/schemas/"
    try:
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as exc:
        path = ".".join(map(str, exc.path))
        raise AssertionError(f"{obj['kind']}/{obj['metadata']['name']}: {path}: {exc.message}")


@pytest.mark.parametrize("target", ["base", *OVERLAYS])
def test_every_object_validates_against_its_schema(target):
    objects = build(target)
    assert objects, f"{target} built nothing"
    for obj in objects:
        validate(obj)


@pytest.mark.parametrize("target", ["base", *OVERLAYS])
def test_object_names_are_unique(target):
    keys = [(o["kind"], o["metadata"]["name"]) for o in build(target)]
    assert len(keys) == len(set(keys))


def test_validation_catches_a_misspelt_field():
    deployment = next(o for o in build("base") if o["kind"] == "Deployment")
    broken = json.loads(json.dumps(deployment))
    broken["spec"]["template"]["spec"]["containers"][0]["livenesProbe"] = {}
    with pytest.raises(AssertionError, match="livenesProbe"):
        validate(broken)


def test_validation_catches_a_wrong_type_in_a_custom_resource():
    scaled = next(o for o in build("prod") if o["kind"] == "ScaledObject")
    broken = json.loads(json.dumps(scaled))
    broken["spec"]["triggers"][0]["metadata"]["lagThreshold"] = 200  # KEDA wants strings
    with pytest.raises(AssertionError, match="lagThreshold"):
        validate(broken)


def test_overlays_set_their_own_namespace_everywhere():
    for overlay, namespace in (("dev", "newsalert-dev"), ("prod", "newsalert")):
        assert {o["metadata"].get("namespace") for o in build(overlay)} == {namespace}


def test_dev_has_no_opt_in_components_and_prod_has_them_all():
    dev_kinds = {o["kind"] for o in build("dev")}
    prod_kinds = {o["kind"] for o in build("prod")}
    extras = {"ServiceMonitor", "PrometheusRule", "ScaledObject", "KafkaTopic"}
    assert not dev_kinds & extras
    assert extras <= prod_kinds
