"""One reading layer for every input file: bytes decoded strictly, YAML read without surprises,
numbers in ASCII only.

- Text is UTF-8 (a leading byte-order mark is dropped); a byte that is not names its line and
  column.
- YAML is read with the safe loader (libyaml's when installed), with mappings that remember
  their line and refuse duplicate keys, nesting bounded by :data:`MAX_NESTING`, no implicit
  dates (``2026-02-30`` stays text, and the model says what is wrong with it) and no binary
  values.
- A number is ASCII digits with an optional sign, point, exponent and thousands commas;
  ``float()`` alone would also take ``١٢٣`` and ``1_000``.

Problems are raised as :class:`InputError` with the line and column, for the loader to report
with the file's name.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

MAX_NESTING = 64
"""The deepest nesting of mappings and lists a YAML file may have (the curated files use 6)."""
NUMBER = re.compile(
    r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][+-]?\d+)?|[+-]?\.\d+([eE][+-]?\d+)?", re.ASCII
)


class InputError(ValueError):
    """A file that cannot be read as what it should be: where (line, column; 0 when unknown)
    and why."""

    def __init__(self, line: int, column: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.column = column
        self.reason = reason


def decode(data: bytes) -> str:
    """Return the UTF-8 text of ``data`` (a leading BOM dropped), or raise :class:`InputError`
    naming the line and column of the first byte that is not UTF-8.

    >>> decode(b"ok\\nbad \\xff")
    Traceback (most recent call last):
    ...
    aigraph.loaders.reading.InputError: not UTF-8: byte 0xff at line 2, column 5
    """
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        byte = data[error.start]
        raise InputError(
            line, column, f"not UTF-8: byte 0x{byte:02x} at line {line}, column {column}"
        ) from None


def read_text(path: Path) -> str:
    """Return the UTF-8 text of a file (see :func:`decode`); OSError when it cannot be read."""
    return decode(path.read_bytes())


class LineDict(dict):
    """A mapping that remembers the YAML line it started on."""

    line: int = 0


_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE):  # type: ignore[misc, valid-type]
    """The safe loader, with line-numbered mappings, no implicit dates and no binary."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be plain text", key_node.start_mark
            )
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


def _refuse(what: str) -> Any:
    def construct(loader: _Loader, node: yaml.Node) -> Any:
        raise yaml.constructor.ConstructorError(
            None, None, f"{what} values are not accepted (write text)", node.start_mark
        )

    return construct


def _as_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _as_text)  # the model parses dates
_Loader.add_constructor("tag:yaml.org,2002:binary", _refuse("binary (!!binary)"))
_Loader.add_constructor("tag:yaml.org,2002:set", _refuse("set (!!set)"))
_Loader.add_constructor("tag:yaml.org,2002:omap", _refuse("ordered map (!!omap)"))
_Loader.add_constructor("tag:yaml.org,2002:pairs", _refuse("pairs (!!pairs)"))


def _check_nesting(text: str) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                mark = event.start_mark
                raise InputError(
                    mark.line + 1, mark.column + 1, f"nested deeper than {MAX_NESTING} levels"
                )
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1


def parse_yaml(text: str) -> Any:
    """Return the parsed YAML document of ``text`` (mappings carry their line numbers), or
    raise :class:`InputError` with the line and column of the problem.

    >>> parse_yaml("when: 2026-02-30\\nn: 3")
    {'when': '2026-02-30', 'n': 3}
    """
    try:
        _check_nesting(text)
        return yaml.load(text, Loader=_Loader)  # a safe loader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = error.problem or error.context or str(error)
        raise InputError(line, column, f"not valid YAML: {problem}") from None
    except yaml.YAMLError as error:
        raise InputError(0, 0, f"not valid YAML: {error}") from None
    except RecursionError:  # pragma: no cover - the nesting check comes first
        raise InputError(0, 0, f"nested deeper than {MAX_NESTING} levels") from None


def read_yaml(path: Path) -> Any:
    """Return the parsed YAML of a file (see :func:`parse_yaml` and :func:`decode`)."""
    return parse_yaml(read_text(path))


def parse_number(text: str) -> float:
    """Return the number written in ``text`` (ASCII digits, optional sign, point, exponent and
    thousands commas), or raise ValueError.

    >>> parse_number("1,234.5"), parse_number("1E+11")
    (1234.5, 100000000000.0)
    >>> parse_number("1_000")
    Traceback (most recent call last):
    ...
    ValueError: not a number: '1_000'
    """
    stripped = text.strip()
    if not NUMBER.fullmatch(stripped):
        raise ValueError(f"not a number: {text!r}")
    return float(stripped.replace(",", ""))
