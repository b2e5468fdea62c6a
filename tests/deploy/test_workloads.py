"""What an operator expects of each workload, read off the built manifests (not the sources):
probes, a named metrics port, sizes, a locked-down security context, a bounded drain, config
from ConfigMaps, a writable /tmp only, a Service and a PodDisruptionBudget per Deployment, and
overlays that change only namespace, image tag, replicas and sizes."""

from __future__ import annotations

import copy
import re

import pytest
import yaml

from services.kernel.settings import Settings
from tests.deploy.conftest import DEPLOY, OVERLAYS, ROOT, build, by_name, of_kind

SERVICES = ("fetcher", "extractor", "publisher")
TARGETS = ("base", *OVERLAYS)


def deployment(target: str, service: str) -> dict:
    return by_name(build(target), "Deployment")[f"newsalert-{service}"]


def container(target: str, service: str) -> dict:
    (only,) = deployment(target, service)["spec"]["template"]["spec"]["containers"]
    return only


def configmaps(target: str) -> dict[str, dict]:
    """ConfigMaps by their name before kustomize's content hash suffix."""
    return {o["metadata"]["name"].rsplit("-", 1)[0]: o for o in of_kind(build(target), "ConfigMap")}


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("service", SERVICES)
def test_one_image_whose_argument_picks_the_service(target, service):
    main = container(target, service)
    assert main["args"] == [service]
    assert "command" not in main  # the image's ENTRYPOINT is `newsalert`
    assert main["image"].startswith("ghcr.io/newsalert/newsalert:")


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("service", SERVICES)
def test_probes_on_the_named_metrics_port(target, service):
    main = container(target, service)
    assert main["ports"] == [{"name": "http-metrics", "containerPort": 8000, "protocol": "TCP"}]
    assert main["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http-metrics"}
    assert main["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http-metrics"}
    assert main["startupProbe"]["httpGet"]["path"] == "/healthz"


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("service", SERVICES)
def test_requests_and_limits_for_cpu_and_memory(target, service):
    resources = container(target, service)["resources"]
    assert set(resources["requests"]) == set(resources["limits"]) == {"cpu", "memory"}


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("service", SERVICES)
def test_runs_non_root_read_only_without_privileges(target, service):
    pod = deployment(target, service)["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == 10001
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    assert pod["automountServiceAccountToken"] is False
    ctx = container(target, service)["securityContext"]
    assert ctx["runAsNonRoot"] is True and ctx["runAsUser"] == 10001
    assert ctx["readOnlyRootFilesystem"] is True
    assert ctx["allowPrivilegeEscalation"] is False
    assert ctx["capabilities"] == {"drop": ["ALL"]}
    assert ctx["seccompProfile"] == {"type": "RuntimeDefault"}


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("service", SERVICES)
def test_grace_period_outlasts_the_drain(target, service):
    pod = deployment(target, service)["spec"]["template"]["spec"]
    env = configmaps(target)["newsalert-env"]["data"]
    drain = Settings.from_env(env).shutdown_timeout
    assert drain + 2 <= pod["terminationGracePeriodSeconds"] <= 60


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("service", SERVICES)
def test_environment_comes_from_the_generated_configmap(target, service):
    sources = container(target, service)["envFrom"]
    names = {s["configMapRef"]["name"] for s in sources if "configMapRef" in s}
    assert names == {configmaps(target)["newsalert-env"]["metadata"]["name"]}
    secrets = [s["secretRef"] for s in sources if "secretRef" in s]
    assert secrets == [{"name": "newsalert-kafka", "optional": True}]


@pytest.mark.parametrize("target", TARGETS)
def test_environment_is_a_valid_newsalert_configuration(target):
    env = configmaps(target)["newsalert-env"]["data"]
    assert all(isinstance(v, str) for v in env.values())
    loadable = {k: v for k, v in env.items() if not k.endswith("_FILE")}
    settings = Settings.from_env(loadable)  # raises ConfigError on a bad value
    assert settings.http_port == 8000
    assert settings.log_format == "json"


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("service", SERVICES)
def test_only_tmp_is_writable(target, service):
    pod = deployment(target, service)["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in pod["volumes"]}
    mounts = {m["mountPath"]: m for m in container(target, service)["volumeMounts"]}
    assert "emptyDir" in volumes[mounts["/tmp"]["name"]]
    for path, mount in mounts.items():
        if path != "/tmp":
            assert mount.get("readOnly") is True, path


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize(("service", "kind", "variable"), [
    ("fetcher", "outlets", "NEWSALERT_OUTLETS_FILE"),
    ("publisher", "rules", "NEWSALERT_RULES_FILE"),
])
def test_data_file_is_mounted_where_the_environment_points(target, service, kind, variable):
    maps = configmaps(target)
    path = maps["newsalert-env"]["data"][variable]
    folder, filename = path.rsplit("/", 1)
    pod = deployment(target, service)["spec"]["template"]["spec"]
    mount = next(m for m in container(target, service)["volumeMounts"] if m["mountPath"] == folder)
    volume = next(v for v in pod["volumes"] if v["name"] == mount["name"])
    generated = maps[f"newsalert-{kind}"]
    assert volume["configMap"]["name"] == generated["metadata"]["name"]
    assert filename in generated["data"]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("service", SERVICES)
def test_service_and_disruption_budget_select_the_pods(target, service):
    objects = build(target)
    pod_labels = deployment(target, service)["spec"]["template"]["metadata"]["labels"]
    svc = by_name(objects, "Service")[f"newsalert-{service}"]
    assert svc["spec"]["ports"][0]["name"] == "http-metrics"
    assert svc["spec"]["ports"][0]["targetPort"] == "http-metrics"
    pdb = by_name(objects, "PodDisruptionBudget")[f"newsalert-{service}"]
    for selector in (svc["spec"]["selector"], pdb["spec"]["selector"]["matchLabels"]):
        assert selector.items() <= pod_labels.items()
        for other in SERVICES:
            if other != service:  # and no other service's pods
                labels = deployment(target, other)["spec"]["template"]["metadata"]["labels"]
                assert not selector.items() <= labels.items()


def _strip_allowed_changes(objects: list[dict]) -> list[dict]:
    """The objects with namespace, image tag, replicas, sizes and config hashes removed."""
    stripped = []
    for obj in copy.deepcopy(objects):
        obj["metadata"].pop("namespace", None)
        if obj["kind"] == "ConfigMap":
            obj["metadata"]["name"] = obj["metadata"]["name"].rsplit("-", 1)[0]
        if obj["kind"] == "Deployment":
            obj["spec"].pop("replicas", None)
            pod = obj["spec"]["template"]["spec"]
            for c in pod["containers"]:
                c["image"] = c["image"].rsplit(":", 1)[0]
                c.pop("resources")
                for source in c.get("envFrom", []):
                    if "configMapRef" in source:
                        source["configMapRef"]["name"] = source["configMapRef"]["name"].rsplit("-", 1)[0]
            for volume in pod["volumes"]:
                if "configMap" in volume:
                    volume["configMap"]["name"] = volume["configMap"]["name"].rsplit("-", 1)[0]
        stripped.append(obj)
    return sorted(stripped, key=lambda o: (o["kind"], o["metadata"]["name"]))


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_overlays_change_only_namespace_image_replicas_and_sizes(overlay):
    core = [o for o in build(overlay) if o["kind"] in {"ConfigMap", "Deployment", "Service",
                                                        "PodDisruptionBudget"}]
    assert _strip_allowed_changes(core) == _strip_allowed_changes(build("base"))


def test_prod_runs_more_and_bigger_than_dev():
    for service in SERVICES:
        dev, prod = deployment("dev", service), deployment("prod", service)
        assert prod["spec"]["replicas"] >= dev["spec"]["replicas"]
    assert deployment("prod", "extractor")["spec"]["replicas"] > 1
    assert container("prod", "extractor")["resources"] != container("dev", "extractor")["resources"]
    assert container("dev", "fetcher")["image"].endswith(":main")
    assert container("prod", "fetcher")["image"].endswith(":0.1.0")


@pytest.mark.parametrize(("kind", "packaged"), [
    ("outlets", ROOT / "services" / "fetcher" / "outlets.yaml"),
    ("rules", ROOT / "services" / "publisher" / "rules.yaml"),
])
def test_deployed_data_files_are_the_packaged_defaults(kind, packaged):
    copy_in_deploy = DEPLOY / "base" / "config" / f"{kind}.yaml"
    assert yaml.safe_load(copy_in_deploy.read_text()) is not None
    if not packaged.exists():
        pytest.xfail(f"{packaged.relative_to(ROOT)} does not exist yet")
    assert copy_in_deploy.read_bytes() == packaged.read_bytes(), (
        f"run deploy/tools/sync-config.sh: {copy_in_deploy.relative_to(ROOT)} differs from "
        f"{packaged.relative_to(ROOT)}"
    )


def test_deployed_outlets_load_with_the_fetchers_own_loader():
    from services.fetcher.outlets import load

    assert load(DEPLOY / "base" / "config" / "outlets.yaml")


def test_deployed_rules_load_with_the_publishers_own_loader():
    from services.publisher.alerts import Headlines
    from services.publisher.rules import load_rules

    assert load_rules(str(DEPLOY / "base" / "config" / "rules.yaml"), Headlines.load().types)


@pytest.mark.parametrize("target", TARGETS)
def test_every_variable_in_the_environment_is_one_newsalert_reads(target):
    known = set(re.findall(r'"((?:KAFKA|NEWSALERT)_[A-Z_]+)"',
                           (ROOT / "services" / "kernel" / "settings.py").read_text()))
    known |= {f"{name}_FILE" for name in known}
    env = configmaps(target)["newsalert-env"]["data"]
    unknown = {k for k in env if k.startswith(("KAFKA_", "NEWSALERT_"))} - known
    assert not unknown, f"not read by services/kernel/settings.py: {sorted(unknown)}"


@pytest.mark.parametrize("service", SERVICES)
def test_the_deployments_argument_is_a_newsalert_command(service):
    from services.cli import _parser

    args = _parser().parse_args(container("prod", service)["args"])
    assert args.service == service
