"""Which language an article is in: its declared language when given, else py3langid's guess
on the opening of the text (enough to decide, and cheap)."""

from __future__ import annotations

import py3langid

SAMPLE_CHARS = 1200


def detect(text: str) -> str:
    """The ISO 639-1 code py3langid assigns to the opening of ``text``."""
    code, _score = py3langid.classify(text[:SAMPLE_CHARS])
    return code


def choose(declared: str, text: str) -> str:
    """The article's declared language (normalised: "en-GB" -> "en"), else the detected one."""
    code = (declared or "").strip().casefold().replace("_", "-").split("-")[0]
    return code if len(code) == 2 and code.isalpha() else detect(text)
