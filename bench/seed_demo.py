"""The pipeline issue's acceptance run: two seed reports served locally become two alerts.

Serves, on 127.0.0.1, an OPML file naming one RSS feed whose two items link to pages carrying
the project's two seed reports (read at run time from ../shared/corpus/dev, never copied into
the project), starts a broker, runs ``newsalert run --outlets feeds.opml`` against it with
``NEWSALERT_ALLOW_PRIVATE_NETWORKS=true``, and waits (60 s at most) for an Iraq border closure
alert and an Aleppo capture alert. Prints the time each arrived; writes
bench/results/seed_demo.json. Exit 0 when both arrived.

    .venv/bin/python bench/seed_demo.py [--corpus ../shared/corpus/dev]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from html import escape
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services.kernel.broker import EmbeddedBroker, free_port  # noqa: E402
from services.kernel.settings import Settings  # noqa: E402
from tests.integration.feedserver import Site, article_page, rss, serve  # noqa: E402
from tests.integration.kafkatools import read_topic  # noqa: E402

SEEDS = {"seed-000.json": "Shafaq News", "seed-003.json": "TRT World"}


def _publish(site: Site, corpus: Path) -> None:
    items = []
    for name, outlet in SEEDS.items():
        seed = orjson.loads((corpus / name).read_bytes())
        path = f"/news/{seed['id']}.html"
        title = seed.get("title") or f"{outlet} report"
        published = seed.get("published") or "2024-12-02"
        site.add(path, "text/html; charset=utf-8",
                 article_page(title, seed["text"].split("\n\n"), f"{published}T08:00:00Z"))
        items.append((title, site.url(path), seed["id"], "Mon, 02 Dec 2024 08:00:00 GMT"))
    site.add("/feed.xml", "application/rss+xml", rss("Seed reports", items))
    site.add("/feeds.opml", "text/x-opml", _opml(site.url("/feed.xml")).encode())


def _opml(feed_url: str) -> str:
    return (f'<?xml version="1.0"?><opml version="2.0"><head><title>seeds</title></head><body>'
            f'<outline text="Seed reports" type="rss" xmlUrl="{escape(feed_url)}"/>'
            f"</body></opml>")


async def _wait_for_alerts(settings: Settings, started: float, timeout: float) -> dict:
    found: dict[str, float] = {}
    deadline = started + timeout
    while time.monotonic() < deadline and len(found) < 2:
        for topic, want in (("alerts.border", ("border.closure", "IQ")),
                            ("alerts.territory", ("territory.capture", "SY"))):
            try:
                records = await read_topic(settings, topic, timeout=1, settle=0)
            except TimeoutError:
                continue
            for record in records:
                alert = orjson.loads(record.value)
                if (alert["type"], alert["location"].get("country")) == want:
                    found.setdefault(want[0], round(time.monotonic() - started, 2))
        await asyncio.sleep(0.5)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "dev"))
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    broker = EmbeddedBroker.start()
    site = Site()
    with serve(site), tempfile.TemporaryDirectory() as tmp:
        _publish(site, Path(args.corpus))
        opml = Path(tmp) / "feeds.opml"
        opml.write_bytes(site.pages["/feeds.opml"][1])
        env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap,
               "NEWSALERT_ALLOW_PRIVATE_NETWORKS": "true", "NEWSALERT_KAFKA_IDEMPOTENCE": "false",
               "NEWSALERT_HTTP_PORT": str(free_port())}
        started = time.monotonic()
        process = subprocess.Popen([str(ROOT / ".venv/bin/newsalert"), "run", "--outlets",
                                    str(opml)], env=env)
        try:
            settings = Settings.from_env({"KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap})
            found = asyncio.run(_wait_for_alerts(settings, started, args.timeout))
        finally:
            process.send_signal(signal.SIGTERM)
            code = process.wait(timeout=15)
            broker.stop()
    result = {"alerts_seconds_after_start": found, "exit_code_after_sigterm": code}
    print(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode())
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "results" / "seed_demo.json").write_bytes(orjson.dumps(result))
    return 0 if len(found) == 2 and code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
