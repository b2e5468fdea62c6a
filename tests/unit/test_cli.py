import orjson
import pytest

from services.cli import main


@pytest.mark.parametrize("command", ["run", "fetcher", "extractor", "publisher", "extract",
                                     "tail", "feeds"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    assert "usage: newsalert" in capsys.readouterr().out


def test_tail_options_reach_the_tail_command(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["tail", "--json", "--no-such-option"])
    assert exit_.value.code == 2
    assert "--no-such-option" in capsys.readouterr().err


def test_single_service_needs_a_broker(monkeypatch, capsys):
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    assert main(["extractor"]) == 2
    assert "KAFKA_BOOTSTRAP_SERVERS" in capsys.readouterr().err


def test_extract_reads_a_plain_text_file(tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text("Turkey closed its border with Syria on Tuesday, the interior ministry said.")
    assert main(["extract", str(story)]) == 0
    events = [orjson.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(e["type"], e["location"]["country"], e["source"]) for e in events] == [
        ("border.closure", "TR", str(story))]


def test_banner_names_the_metrics_address_or_says_it_is_picked_at_bind(capsys):
    from services.cli import _announce
    from services.kernel.settings import Settings

    _announce(Settings(http_host="127.0.0.1", http_port=9100), ["publisher"])
    _announce(Settings(http_host="127.0.0.1", http_port=0), ["publisher"])
    fixed, free = [line for line in capsys.readouterr().err.splitlines() if "metrics at" in line]
    assert "metrics at http://127.0.0.1:9100/metrics" in fixed
    assert ":0/" not in free and "logged once bound" in free
