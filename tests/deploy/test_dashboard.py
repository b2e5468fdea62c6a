"""The Grafana dashboard: valid JSON, sensible layout, and every query is PromQL that promtool
parses and that reads only metrics the services expose."""

from __future__ import annotations

import json
import subprocess

import yaml

from tests.deploy.conftest import DEPLOY
from tests.deploy.test_monitoring import METRICS, metric_names

DASHBOARD = DEPLOY / "dashboards" / "newsalert.json"


def dashboard() -> dict:
    return json.loads(DASHBOARD.read_text())


def queries() -> list[tuple[str, str]]:
    return [(p["title"], t["expr"]) for p in dashboard()["panels"] for t in p.get("targets", [])]


def concrete(expr: str) -> str:
    """Grafana's variables replaced by values, so that Prometheus can parse the query."""
    return expr.replace("$__rate_interval", "5m").replace("$outlet", ".*")


def test_dashboard_identity_and_variables():
    board = dashboard()
    assert board["uid"] == "newsalert" and board["title"] == "newsalert"
    names = {v["name"] for v in board["templating"]["list"]}
    assert {"datasource", "outlet"} <= names


def test_panel_ids_are_unique_and_panels_do_not_overlap():
    panels = dashboard()["panels"]
    assert len({p["id"] for p in panels}) == len(panels)
    cells = set()
    for p in panels:
        g = p["gridPos"]
        assert g["x"] + g["w"] <= 24
        for x in range(g["x"], g["x"] + g["w"]):
            for y in range(g["y"], g["y"] + g["h"]):
                assert (x, y) not in cells, p["title"]
                cells.add((x, y))


def test_every_metric_family_of_the_services_is_on_the_dashboard():
    shown = set().union(*(metric_names(expr) for _, expr in queries()))
    assert shown <= METRICS
    assert METRICS - shown <= {"newsalert_handler_retries_total"}


def test_every_query_is_valid_promql(promtool, tmp_path):
    rules = [{"record": f"dashboard:query_{n}", "expr": concrete(expr)}
             for n, (_, expr) in enumerate(queries())]
    path = tmp_path / "dashboard-queries.yaml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    done = subprocess.run([promtool, "check", "rules", str(path)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
