"""Extractor throughput on one core: ~4 KB English articles generated from templates.

    python bench/extract_bench.py [--articles N] [--seed S]

Two article mixes are measured:
  feed   a news feed: 3 in 4 articles are general news (economy, weather, politics, sport, with
         trigger-like words such as "close", "open", "held", "met", "captured on camera"), 1 in 4
         is conflict reporting with event sentences among the background paragraphs;
  dense  every article is conflict reporting (about 5 event sentences per 4 KB): the worst case.
Event sentences (closures, deployments, captures, clashes, strikes, protests, calls, and
threats and denials that must not count) are filled with places and actors drawn at random.
Prints articles/s and per-article latency p50/p99 for each mix, and writes
bench/results/extract_bench.json. Throughput and latency are measured in this thread's CPU time
(one core), so other processes on a shared machine do not distort them; wall time is reported
alongside. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from services.extractor.extract import Extractor  # noqa: E402
from services.kernel.messages import Article  # noqa: E402

PLACES = ["Aleppo", "Homs", "Mosul", "Kharkiv", "Goma", "Nairobi", "Khartoum", "Gao", "Kidal",
          "Idlib", "Daraa", "Kandahar", "Bakhmut", "Tripoli", "Sanaa", "Marib", "Beledweyne", "Mandalay"]
CROSSINGS = ["Torkham", "Rafah", "Bab al-Hawa", "Kerem Shalom", "Wagah", "Medyka", "Chaman"]
COUNTRIES = [("Iraq", "Iraqi"), ("Syria", "Syrian"), ("Turkey", "Turkish"), ("Poland", "Polish"),
             ("Kenya", "Kenyan"), ("Pakistan", "Pakistani"), ("Jordan", "Jordanian"), ("Mali", "Malian")]
GROUPS = ["Hayat Tahrir al-Sham", "M23", "Al-Shabaab", "the RSF", "Islamic State fighters", "rebels"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "late on Saturday", "yesterday"]

EVENTS = [
    "{demonym} authorities shut the {crossing} crossing {day}, citing security concerns along the border.",
    "The {demonym} army deployed armoured reinforcements to the border with {country2} {day}, officials said.",
    "{group} said they had captured {place} {day} after heavy fighting with government forces.",
    "Heavy clashes erupted {day} between {group} and {demonym} troops on the outskirts of {place}.",
    "Airstrikes hit residential districts of {place} {day}, killing at least {n} people, rescuers said.",
    "Thousands of protesters took to the streets of {place} {day} to demand the release of detainees.",
    "Police fired tear gas at demonstrators gathered in central {place} {day}.",
    "The {demonym} foreign minister spoke by phone with his {demonym2} counterpart {day} about the crisis.",
    "{demonym} troops regained control of {place} {day}, the defence ministry said.",
    "Officials in {country} threatened to close the {crossing} crossing if the attacks continue.",
    "The ministry denied reports that the army had withdrawn from {place}.",
]
FILLER = [
    "The central bank held interest rates steady on Thursday, saying inflation had eased for a third month while food prices remained high in the capital.",
    "Shops in the old market were due to close early ahead of the holiday, traders said, as families travelled to visit relatives in the countryside.",
    "The finance minister met business leaders to discuss a new tax on imported goods, a measure that has drawn criticism from manufacturers.",
    "A photographer captured on camera the moment the old bridge was lit up for the festival, and the images were shared thousands of times.",
    "Forecasters expect heavy rain over the weekend, with temperatures falling sharply in the north and snow possible on higher ground.",
    "The national football team captured the regional title after a tense final, and fans celebrated late into the night in the main square.",
    "Parliament will open its new session next month, when lawmakers are expected to debate the budget and a long-delayed electoral law.",
    "Analysts said the country's exports rose by 4 percent in the last quarter, driven by higher demand for fertiliser and cotton abroad.",
    "Schools in several districts will stay closed until the end of the week because of the storm, the education ministry said.",
    "The opposition leader called for early elections and said her party would take part in talks only if political prisoners were released.",
    "Hospital staff said they were short of medicine and fuel for generators, and appealed to aid agencies for urgent deliveries.",
    "The company said it would invest in a new solar plant, creating hundreds of jobs over the next five years.",
]


def article(rng: random.Random, number: int, event_share: float = 0.3) -> Article:
    """A ~4 KB article: filler paragraphs with event sentences among them (``event_share``)."""
    paragraphs: list[str] = []
    while sum(len(p) for p in paragraphs) < 3900:
        if rng.random() < event_share:
            paragraphs.append(_event(rng))
        else:
            paragraphs.append(" ".join(rng.sample(FILLER, 2)))
    text = "\n\n".join(paragraphs)[:4200]
    return Article(id=f"bench-{number}", url=f"https://example.org/{number}", outlet="example",
                   outlet_name="Example", feed="", title="", text=text, language="en",
                   published="2025-03-14")


def _event(rng: random.Random) -> str:
    (country, demonym), (country2, demonym2) = rng.sample(COUNTRIES, 2)
    return rng.choice(EVENTS).format(
        place=rng.choice(PLACES), crossing=rng.choice(CROSSINGS), country=country, demonym=demonym,
        country2=country2, demonym2=demonym2, group=rng.choice(GROUPS), day=rng.choice(DAYS),
        n=rng.randint(2, 40))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "results", "extract_bench.json"))
    args = parser.parse_args()
    started = time.perf_counter()
    extractor = Extractor()
    load_seconds = time.perf_counter() - started
    rng = random.Random(args.seed)
    mixes = {
        "feed": [article(rng, n, 0.3 if rng.random() < 0.25 else 0.0) for n in range(args.articles)],
        "dense": [article(rng, n, 0.3) for n in range(args.articles)],
    }
    for warm in mixes["dense"][:200]:
        extractor.extract(warm)
    result = {name: measure(extractor, items) for name, items in mixes.items()}
    result.update(load_seconds=round(load_seconds, 2), python=platform.python_version(),
                  machine=platform.machine())
    print(json.dumps(result, indent=1))
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=1)
    return 0


def measure(extractor: Extractor, articles: list[Article]) -> dict[str, float]:
    """Throughput and latency of ``extractor`` over ``articles`` (CPU time of this thread)."""
    latencies, events = [], 0
    begin, cpu_begin = time.perf_counter(), time.thread_time()
    for item in articles:
        t0 = time.thread_time()
        events += len(extractor.extract(item).events)
        latencies.append(time.thread_time() - t0)
    total, cpu = time.perf_counter() - begin, time.thread_time() - cpu_begin
    latencies.sort()
    return {
        "articles": len(articles),
        "mean_article_bytes": round(statistics.mean(len(a.text.encode()) for a in articles)),
        "events": events,
        "wall_seconds": round(total, 3),
        "cpu_seconds": round(cpu, 3),
        "articles_per_cpu_second": round(len(articles) / cpu, 1),
        "articles_per_wall_second": round(len(articles) / total, 1),
        "latency_ms_p50": round(latencies[len(latencies) // 2] * 1000, 3),
        "latency_ms_p99": round(latencies[int(len(latencies) * 0.99)] * 1000, 3),
    }


if __name__ == "__main__":
    sys.exit(main())
