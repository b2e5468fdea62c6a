"""`newsalert tail` against the real broker: lines, raw JSON, and a group that resumes."""

from __future__ import annotations

import asyncio
import io

import orjson

from services.kernel.messages import encode
from services.publisher.alerts import Headlines, build_alert
from services.publisher.corroborate import Corroborator
from services.publisher.rules import Grouping, Rule
from services.publisher.tail import main
from tests.integration.kafkatools import produce
from tests.unit.publisher.samples import BORDER, report, validate_alert

RULE = Rule(name="border", topic="alerts.border", types=("border.*",))


def _alerts():
    corroborator = Corroborator(72, Grouping())
    headlines = Headlines.load()
    return [build_alert(RULE, corroborator.observe(RULE, report(o, **BORDER)), headlines)
            for o in ("shafaq", "rudaw")]  # built at once: a group grows in place


def test_tail_prints_lines_json_and_resumes_with_a_group(settings):
    alerts = _alerts()
    for alert in alerts:
        validate_alert(alert)
    asyncio.run(produce(settings, "alerts.border",
                        [(a.id.encode(), encode(a)) for a in alerts]))
    out = io.StringIO()
    assert main(["--from-beginning", "--limit", "2"], settings, out=out) == 0
    lines = out.getvalue().splitlines()
    assert [line.split()[-1] for line in lines] == ["1]", "2]"]
    assert "Border closure: Iraq closes its border, 2 outlets" in lines[1]

    raw = io.StringIO()
    main(["alerts.border", "--json", "--from-beginning", "--limit", "1"], settings, out=raw)
    assert orjson.loads(raw.getvalue())["revision"] == 1

    grouped = io.StringIO()
    main(["alerts.border", "--from-beginning", "--group", "reader", "--limit", "2"], settings,
         out=grouped)
    assert len(grouped.getvalue().splitlines()) == 2
