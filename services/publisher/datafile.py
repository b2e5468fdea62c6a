"""Reading the publisher's YAML data files so that every error names the file and the line.

PyYAML's ``safe_load`` throws away where each value came from; composing the node tree keeps a
mark on every node, so a wrong value is reported as ``rules.yaml:14: min_outlets: expected an
integer of at least 1, got 0`` rather than as a bare traceback far from the cause. Callers walk
the nodes through a :class:`Reader`, which raises :class:`DataFileError` on the first problem.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from services.kernel.errors import DataFileError

Node = yaml.Node


def compose(path: str) -> tuple[Node, Reader]:
    """The root node of ``path`` and a reader reporting against it; DataFileError if unreadable."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(path, None, f"cannot read: {exc}") from exc
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise DataFileError(path, line, f"not valid YAML: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise DataFileError(path, None, f"not valid YAML: {exc}") from exc
    reader = Reader(path)
    if root is None:
        reader.fail(None, "the file is empty")
    return root, reader


class Reader:
    """Typed reads of YAML nodes, each failing with the file and the node's line."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._constructor = SafeConstructor()

    def fail(self, node: Node | None, problem: str) -> NoReturn:
        line = node.start_mark.line + 1 if node is not None else None
        raise DataFileError(self.path, line, problem)

    def mapping(self, node: Node, what: str, allowed: Iterable[str] | None = None
                ) -> dict[str, Node]:
        """A mapping's values by key; unknown or repeated keys are errors (typos must not pass)."""
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what}: expected a mapping")
        known = set(allowed) if allowed is not None else None
        values: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = self.value(key_node)
            if not isinstance(key, str):
                self.fail(key_node, f"{what}: keys must be text, got {key!r}")
            if known is not None and key not in known:
                self.fail(key_node, f"{what}: unknown key {key!r} (expected one of "
                                    f"{', '.join(sorted(known))})")
            if key in values:
                self.fail(key_node, f"{what}: {key!r} given twice")
            values[key] = value_node
        return values

    def sequence(self, node: Node, what: str) -> list[Node]:
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{what}: expected a list")
        return list(node.value)

    def value(self, node: Node) -> Any:
        try:
            return self._constructor.construct_object(node, deep=True)
        except ConstructorError as exc:
            self.fail(node, f"cannot read value: {exc.problem}")

    def text(self, node: Node, what: str) -> str:
        value = self.value(node)
        if not isinstance(value, str) or not value.strip():
            self.fail(node, f"{what}: expected non-empty text, got {value!r}")
        return value.strip()

    def texts(self, node: Node, what: str) -> tuple[str, ...]:
        """A list of texts, or a single text taken as a list of one."""
        if isinstance(node, yaml.ScalarNode):
            return (self.text(node, what),)
        items = self.sequence(node, what)
        if not items:
            self.fail(node, f"{what}: expected at least one entry")
        return tuple(self.text(item, what) for item in items)

    def number(self, node: Node, what: str, low: float, high: float | None = None) -> float:
        value = self.value(node)
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not ok or value < low or (high is not None and value > high):
            bound = f"between {low} and {high}" if high is not None else f"at least {low}"
            self.fail(node, f"{what}: expected a number {bound}, got {value!r}")
        return float(value)

    def integer(self, node: Node, what: str, low: int) -> int:
        value = self.value(node)
        if not isinstance(value, int) or isinstance(value, bool) or value < low:
            self.fail(node, f"{what}: expected an integer of at least {low}, got {value!r}")
        return value
