"""`newsalert extract FILE...`: JSON lines out, one per event, with the source path."""

import io
import json
import sys

from services.extractor import offline


def run(capsys, argv, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
    code = offline.main(argv)
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def test_json_article_ignores_gold_keys_and_names_its_source(tmp_path, capsys):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"id": "x1", "text": "Airstrikes hit Idlib on Saturday.", "published": "2024-06-15",
                                "events": [{"type": "protest"}], "notes": "ignored"}), encoding="utf-8")
    code, rows, _ = run(capsys, [str(path)])
    assert code == 0 and [r["type"] for r in rows] == ["strike"]
    assert rows[0]["source"] == str(path) and rows[0]["article"]["id"] == "x1"
    assert rows[0]["occurred"] == "2024-06-15" and rows[0]["location"]["country"] == "SY"


def test_jsonl_and_plain_text_inputs(tmp_path, capsys):
    lines = tmp_path / "b.jsonl"
    lines.write_text(json.dumps({"text": "Airstrikes hit Idlib on Saturday."}) + "\n" +
                     json.dumps({"text": "Protesters took to the streets of Nairobi."}) + "\n", encoding="utf-8")
    plain = tmp_path / "c.txt"
    plain.write_text("Heavy fighting broke out between troops and rebels in Goma.", encoding="utf-8")
    code, rows, _ = run(capsys, [str(lines), str(plain)])
    assert code == 0
    assert sorted(r["type"] for r in rows) == ["armed.clash", "protest", "strike"]
    assert {r["source"] for r in rows} == {str(lines), str(plain)}


def test_standard_input(capsys, monkeypatch):
    code, rows, _ = run(capsys, ["-"], stdin="Airstrikes hit Idlib on Saturday.", monkeypatch=monkeypatch)
    assert code == 0 and rows[0]["source"] == "-"


def test_unreadable_input_is_reported_after_the_others(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("Airstrikes hit Idlib on Saturday.", encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    code, rows, err = run(capsys, [str(bad), str(tmp_path / "missing.txt"), str(good)])
    assert code == 1 and len(rows) == 1
    assert str(bad) in err and "missing.txt" in err


def test_plain_text_article_id_is_stable(tmp_path, capsys):
    path = tmp_path / "d.txt"
    path.write_text("Airstrikes hit Idlib on Saturday.", encoding="utf-8")
    _, first, _ = run(capsys, [str(path)])
    _, second, _ = run(capsys, [str(path)])
    assert first[0]["article"]["id"] == second[0]["article"]["id"] and first[0]["id"] == second[0]["id"]
