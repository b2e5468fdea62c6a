"""The fetcher's quick language check against py3langid on every labelled article we have.

For the opening 600 characters of each article (what ``detect_language`` reads) it prints how
many the function-word count settles, how many of those py3langid would have called otherwise
(must be 0), and the CPU time of each way. Reads ``../shared/corpus/dev`` and the sets under
``bench/`` (not the blind sets still to be scored).

    .venv/bin/python bench/language_bench.py
"""

from __future__ import annotations

import time
from pathlib import Path

import orjson
import py3langid

from services.fetcher.article import LANGUAGE_SAMPLE
from services.fetcher.language import by_function_words

HERE = Path(__file__).parent
UNSCORED = {"blind5"}


def samples() -> list[tuple[str, str]]:
    paths = sorted((HERE.parent.parent / "shared" / "corpus" / "dev").glob("*.json"))
    paths += sorted(p for p in HERE.glob("*/*.json") if p.parent.name not in UNSCORED
                    and p.parent.name != "results")
    out = []
    for path in paths:
        doc = orjson.loads(path.read_bytes())
        if isinstance(doc, dict) and doc.get("text"):
            out.append((f"{path.parent.name}/{path.name}", doc["text"][:LANGUAGE_SAMPLE]))
    return out


def cpu_ms(fn, texts: list[str], rounds: int = 5) -> float:
    started = time.process_time()
    for _ in range(rounds):
        for text in texts:
            fn(text)
    return 1000 * (time.process_time() - started) / (rounds * len(texts))


def main() -> None:
    items = samples()
    texts = [t for _, t in items]
    py3langid.classify("warm the model up before timing it")
    cpu_ms(py3langid.classify, texts, 1)
    settled = disagreements = 0
    for name, text in items:
        quick = by_function_words(text)
        if quick:
            settled += 1
            model = py3langid.classify(text)[0]
            if quick != model:
                disagreements += 1
                print(f"disagree {name}: quick {quick}, py3langid {model}")
    result = {"articles": len(items), "settled_by_function_words": settled,
              "disagreements_with_py3langid": disagreements,
              "cpu_ms_function_words": cpu_ms(by_function_words, texts),
              "cpu_ms_py3langid": cpu_ms(py3langid.classify, texts)}
    print(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode())
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "language.json").write_bytes(orjson.dumps(result, option=orjson.OPT_INDENT_2))


if __name__ == "__main__":
    main()
