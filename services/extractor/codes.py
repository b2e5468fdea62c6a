"""Interoperable codes (PLOVER, ACLED) for each event type, from ``data/codes.yaml``."""

from __future__ import annotations

import os

from services.extractor import datafile
from services.extractor.rules import TYPES
from services.kernel.errors import DataFileError
from services.kernel.messages import Codes

DEFAULT_CODES = os.path.join(os.path.dirname(__file__), "data", "codes.yaml")
_FIELDS = ("plover_type", "plover_mode", "acled_event_type", "acled_sub_event_type")


def load(path: str = DEFAULT_CODES) -> dict[str, Codes]:
    """The code table, one ``Codes`` per event type; every type must have an entry."""
    data = datafile.load(path)
    table = datafile.need(path, data, "codes", dict)
    codes = {}
    for name, row in table.items():
        if name == datafile.LINE:
            continue
        if name not in TYPES or not isinstance(row, dict):
            raise DataFileError(path, datafile.line_of(row, datafile.line_of(table)),
                                f"{name!r} is not an event type with a mapping of codes")
        unknown = set(row) - set(_FIELDS) - {datafile.LINE}
        if unknown:
            raise DataFileError(path, datafile.line_of(row), f"unknown code fields {sorted(unknown)}")
        codes[name] = Codes(**{f: row.get(f) for f in _FIELDS})
    missing = set(TYPES) - set(codes)
    if missing:
        raise DataFileError(path, datafile.line_of(table), f"no codes for {sorted(missing)}")
    return codes
