"""Loading YAML data files with line numbers, so every validation error names file and line.

PyYAML's node marks carry the line of every mapping; the loader below keeps it under the
reserved key ``__line__`` so validators can say *where* an entry is wrong, not just that it is.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from services.kernel.errors import DataFileError

LINE = "__line__"


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records the 1-based source line of each mapping.

    Only true/false are booleans: YAML 1.1 would read Norway's code NO, or the word "no" in an
    abbreviation list, as False.
    """


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load(path: str) -> dict[str, Any]:
    """Parse ``path`` as a YAML mapping, or raise ``DataFileError`` naming the line at fault."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except OSError as exc:
        raise DataFileError(path, None, f"cannot read: {exc.strerror}") from exc
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise DataFileError(path, line, f"not valid YAML: {exc.problem}") from exc
    if not isinstance(data, dict):
        raise DataFileError(path, 1, "expected a mapping at the top level")
    return data


def line_of(node: Any, default: int | None = None) -> int | None:
    """The source line of a loaded mapping (``None`` for scalars and lists)."""
    return node.get(LINE, default) if isinstance(node, dict) else default


def need(path: str, node: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    """``node[key]`` if present and of ``kind``; else a ``DataFileError`` at the node's line."""
    if key not in node:
        raise DataFileError(path, line_of(node), f"missing key {key!r}")
    value = node[key]
    if not isinstance(value, kind):
        raise DataFileError(path, line_of(node), f"{key!r} must be {_kind_name(kind)}")
    return value


def strings(path: str, node: dict[str, Any], key: str) -> list[str]:
    """An optional list of strings under ``key`` (empty when absent)."""
    value = node.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataFileError(path, line_of(node), f"{key!r} must be a list of strings")
    return value


def regex(path: str, line: int | None, pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile ``pattern`` or say, with file and line, why it does not compile."""
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise DataFileError(path, line, f"bad pattern {pattern!r}: {exc}") from exc


def alternation(words: list[str]) -> str:
    """A regex alternation of literal phrases (longest first), whitespace-tolerant."""
    parts = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in parts)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join({"str": "a string", "list": "a list", "dict": "a mapping",
                        "int": "an integer", "float": "a number"}.get(k.__name__, k.__name__)
                       for k in kinds)
