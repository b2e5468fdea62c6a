import logging

import orjson

from services.kernel.logs import JsonFormatter, TextFormatter


def _record(**extra) -> logging.LogRecord:
    record = logging.LogRecord("newsalert.test", logging.WARNING, __file__, 1, "feed failed %s",
                               ("timeout",), None)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_json_lines_carry_context_fields():
    line = orjson.loads(JsonFormatter().format(_record(outlet="rudaw", offset=7)))
    assert line["message"] == "feed failed timeout"
    assert line["level"] == "warning"
    assert line["outlet"] == "rudaw"
    assert line["offset"] == 7


def test_text_lines_print_key_value_pairs():
    text = TextFormatter().format(_record(service="fetcher", topic="news.articles"))
    assert "feed failed timeout" in text
    assert "service=fetcher topic=news.articles" in text
