"""Event extraction quality on the shared dev corpus, with the shared scorer.

    python bench/eval_events.py [--corpus ../shared/corpus/dev] [--strict-assertion]

Runs ``../shared/tools/score_events.py`` over the corpus with the offline extractor
(``newsalert extract`` when it is on PATH next to this Python, else
``python -m services.extractor.offline``), prints the scorer's table and misses, and writes its
JSON summary to bench/results/eval_events.json. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")


def extractor_command() -> list[str]:
    """How to run the offline extractor: the CLI if installed, else the module."""
    cli = os.path.join(os.path.dirname(sys.executable), "newsalert")
    if os.path.exists(cli):
        probe = subprocess.run([cli, "extract", "--help"], capture_output=True, text=True, cwd=ROOT)
        if probe.returncode == 0:
            return [cli, "extract"]
    return [sys.executable, "-m", "services.extractor.offline"]


def score(corpus: str, scorer: str, extra: list[str], as_json: bool) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, scorer, corpus, *extra, *(["--json"] if as_json else []), "--",
               *extractor_command()]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=os.path.join(SHARED, "corpus", "dev"))
    parser.add_argument("--scorer", default=os.path.join(SHARED, "tools", "score_events.py"))
    parser.add_argument("--strict-assertion", action="store_true")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "eval_events.json"))
    args = parser.parse_args()
    extra = ["--strict-assertion"] if args.strict_assertion else []
    table = score(args.corpus, args.scorer, extra, as_json=False)
    sys.stdout.write(table.stdout)
    sys.stderr.write(table.stderr)
    summary = score(args.corpus, args.scorer, extra, as_json=True)
    if summary.returncode != 0:
        sys.stderr.write(summary.stderr)
        return summary.returncode
    result = json.loads(summary.stdout)
    result["command"] = " ".join(extractor_command())
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
