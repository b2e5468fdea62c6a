"""Outlets files: YAML and OPML read, validated with file and line, exported and re-imported."""

from __future__ import annotations

import pytest

from services.fetcher import outlets
from services.fetcher.feeds_cmd import main as feeds_main
from services.kernel.errors import DataFileError

YAML = b"""\
outlets:
  - id: tigris
    name: Tigris Wire
    country: iq
    language: en
    poll_interval: 120
    request_spacing: 0.25
    feeds:
      - https://tigris.example/rss
      - {url: https://tigris.example/ar/rss, language: ar}
  - name: Levant Daily
    country: SY
    language: ar
    feeds: [https://levant.example/feed]
"""

OPML = b"""<?xml version="1.0"?>
<opml version="2.0"><head><title>x</title></head><body>
  <outline text="Middle East">
    <outline text="Tigris Wire" type="rss" xmlUrl="https://news.example/tigris.xml"
             country="IQ" language="en"/>
    <outline text="Levant Daily" type="rss" xmlUrl="https://news.example/levant.xml"/>
    <outline title="Tigris Wire" type="rss" xmlUrl="https://news.example/tigris-ar.xml"/>
  </outline>
  <outline text="Folder without feeds"/>
</body></opml>"""


def test_yaml_outlets_are_read_with_feeds_languages_and_overrides():
    tigris, levant = outlets.parse_yaml(YAML, "o.yaml")
    assert (tigris.id, tigris.country, tigris.poll_interval) == ("tigris", "IQ", 120)
    assert (tigris.request_spacing, levant.request_spacing) == (0.25, None)
    assert [f.language for f in tigris.feeds] == ["", "ar"]
    assert levant.id == "levant-daily" and levant.feeds[0].outlet == "levant-daily"
    assert tigris.feeds[0].id != tigris.feeds[1].id


def test_opml_groups_feeds_by_outline_name_even_on_one_host():
    tigris, levant = outlets.parse_opml(OPML, "o.opml")
    assert tigris.name == "Tigris Wire" and len(tigris.feeds) == 2
    assert (tigris.country, tigris.language) == ("IQ", "en")
    assert levant.name == "Levant Daily" and levant.country == ""


@pytest.mark.parametrize("text, line, words", [
    (b"outlets:\n  - name: A\n    feeds: [ftp://x/y]\n", 2, "http"),
    (b"outlets:\n  - name: A\n    country: Iraq\n    feeds: [http://x/]\n", 2, "country"),
    (b"outlets:\n  - name: A\n    feeds: []\n", 2, "feeds"),
    (b"outlets:\n  - name: A\n    feeds: [http://x/]\n  - name: B\n    poll_interval: soon\n"
     b"    feeds: [http://y/]\n", 4, "poll_interval"),
    (b"outlets:\n  - name: A\n    request_spacing: 0.001\n    feeds: [http://x/]\n", 2,
     "request_spacing"),
    (b"outlets: [\n", 2, "YAML"),
])
def test_invalid_yaml_names_file_and_line(tmp_path, text, line, words):
    path = tmp_path / "bad.yaml"
    path.write_bytes(text)
    with pytest.raises(DataFileError) as caught:
        outlets.load(path)
    assert caught.value.path == str(path) and caught.value.line == line
    assert words in str(caught.value)


def test_invalid_opml_names_the_line(tmp_path):
    path = tmp_path / "bad.opml"
    path.write_bytes(b'<?xml version="1.0"?>\n<opml version="2.0"><body>\n'
                     b'<outline type="rss" xmlUrl="http://x/feed"/>\n</body></opml>')
    with pytest.raises(DataFileError) as caught:
        outlets.load(path)
    assert caught.value.line == 3 and "text or title" in caught.value.problem


def test_duplicate_outlet_ids_are_refused(tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_bytes(b"outlets:\n  - {name: A, feeds: [http://a/]}\n  - {name: A, feeds: [http://b/]}\n")
    with pytest.raises(DataFileError, match="twice"):
        outlets.load(path)


def test_packaged_outlets_are_many_real_and_include_arabic():
    packaged = outlets.load()
    assert len(packaged) >= 40
    arabic = [f for o in packaged for f in o.feeds if (f.language or o.language) == "ar"]
    assert len(arabic) >= 10
    names = {o.name for o in packaged}
    assert {"Shafaq News", "Al Jazeera Arabic", "BBC News Arabic", "Radio Dabanga"} <= names
    assert all(len(o.country) == 2 for o in packaged)


def test_export_then_import_round_trips(tmp_path):
    opml, back = tmp_path / "out.opml", tmp_path / "back.yaml"
    assert feeds_main(["export", "-o", str(opml)]) == 0
    assert feeds_main(["import", str(opml), "-o", str(back)]) == 0
    assert outlets.load(back) == outlets.load()
    assert outlets.load(opml) == outlets.load()


def test_overrides_survive_an_opml_round_trip():
    read = outlets.parse_yaml(YAML, "o.yaml")
    again = outlets.parse_opml(outlets.to_opml(read), "o.opml")
    assert [(o.poll_interval, o.request_spacing) for o in again] == [(120, 0.25), (None, None)]
