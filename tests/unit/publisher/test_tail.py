"""`newsalert tail` lines: fields, colour only on a terminal and never with NO_COLOR."""

from __future__ import annotations

import io

import pytest

from services.publisher.alerts import Headlines, build_alert
from services.publisher.corroborate import Corroborator
from services.publisher.rules import Grouping, Rule
from services.publisher.tail import _parser, format_line, use_colour
from tests.unit.publisher.samples import ALEPPO, report

RULE = Rule(name="territory", topic="alerts.territory", types=("territory.*",))


def _alert(*outlets: str):
    corroborator = Corroborator(72, Grouping())
    groups = [corroborator.observe(RULE, report(o, **ALEPPO)) for o in outlets]
    return build_alert(RULE, groups[-1], Headlines.load())


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_line_has_time_type_place_headline_outlets_and_revision():
    line = format_line(_alert("trt", "enab"))
    assert line.startswith("2024-12-01T08:00:00Z territory.capture    Aleppo (SY)")
    assert "Hayat Tahrir al-Sham takes control of Aleppo, Syria, 2 outlets" in line
    assert line.endswith("[2 outlets, rev 2]") and "\033" not in line


def test_colour_only_on_a_terminal_without_no_color():
    assert use_colour(_Terminal(), {}) is True
    assert use_colour(_Terminal(), {"NO_COLOR": ""}) is False
    assert use_colour(io.StringIO(), {}) is False
    assert "\033[" in format_line(_alert("trt"), colour=True)


def test_options_and_help(capsys):
    args = _parser().parse_args(["alerts.border", "--json", "--from-beginning", "--group", "g"])
    assert (args.topics, args.json, args.from_beginning, args.group) == (
        ["alerts.border"], True, True, "g")
    with pytest.raises(SystemExit):
        _parser().parse_args(["--help"])
    assert "--from-beginning" in capsys.readouterr().out
