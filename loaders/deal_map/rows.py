"""Reading the deal map's records (the loader contract's ``read`` step): the repository's form
(``deals/<id>.yml``, one deal a file, and ``companies.yml``, a list) or a release's
(``deals.json`` and ``companies.json``, two arrays), each record as a row with the file and line
it starts on.

Problems of a file (not UTF-8, not YAML or JSON, not the shape it should have) ride on a row
of their own, so a bad file is reported by name and line as every other input's is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aigraph.graph.model.coherence import strip_control
from aigraph.loaders.csv_reading import CsvRow
from aigraph.loaders.errors import LoadIssue
from aigraph.loaders.reading import InputError, read_text, read_yaml


@dataclass
class MapRow(CsvRow):
    """One record of the map: its fields as read (``values``) and as text (``cells``), and how
    problems name it (``deal 'amd-meta-gpu'``)."""

    values: dict[str, Any] = field(default_factory=dict)
    what: str = "record"

    def text(self, column: str) -> str:
        """Return a field as stripped text ('' when null or absent)."""
        value = self.values.get(column)
        if value is None or isinstance(value, dict | list):
            return ""
        return strip_control(str(value)).strip()

    def problem(self, column: str, reason: str) -> None:
        """Record a problem with one field of this record."""
        key = self.text("id") or self.text("slug")
        record = f"{self.what} {key!r}" if key else self.what
        self.issues.append(LoadIssue(self.file, self.line, record, column, reason))


def _file_problem(label: str, line: int, reason: str) -> MapRow:
    row = MapRow(label, line, {})
    row.issues.append(LoadIssue(label, line, "(file)", "", reason))
    return row


def _row(label: str, line: int, value: Any, what: str, index: int | None = None) -> MapRow:
    name = what if index is None else f"{what} [{index}]"
    if not isinstance(value, dict):
        row = MapRow(label, line, {"": "?"}, what=name)
        row.problem("", f"a {what} is a mapping of fields, not {type(value).__name__}")
        return row
    cells = {str(k): "" if v is None else str(v) for k, v in value.items()}
    return MapRow(label, line, cells or {"": ""}, values=dict(value), what=name)


def yaml_rows(path: Path, label: str, what: str, many: bool) -> list[MapRow]:
    """Return the records of a YAML file: one mapping (``many=False``: a deal file) or a list
    of them (``companies.yml``)."""
    try:
        data = read_yaml(path)
    except OSError as exc:
        return [_file_problem(label, 0, f"cannot read: {exc.strerror or exc}")]
    except InputError as exc:
        return [_file_problem(label, exc.line, exc.reason)]
    if not many:
        return [_row(label, getattr(data, "line", 1) or 1, data, what)]
    if not isinstance(data, list):
        return [_file_problem(label, 1, f"expected a list of {what} records")]
    return [
        _row(label, getattr(item, "line", 0), item, what, index) for index, item in enumerate(data)
    ]


def json_rows(path: Path, label: str, what: str) -> list[MapRow]:
    """Return the records of a JSON array, each with the line its object starts on."""
    try:
        text = read_text(path)
    except OSError as exc:
        return [_file_problem(label, 0, f"cannot read: {exc.strerror or exc}")]
    except InputError as exc:
        return [_file_problem(label, exc.line, exc.reason)]
    decoder = json.JSONDecoder()
    position = len(text) - len(text.lstrip())
    if text[position : position + 1] != "[":
        return [_file_problem(label, 1, f"expected a JSON array of {what} records")]
    position += 1
    rows: list[MapRow] = []
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text):
            return [_file_problem(label, text.count("\n") + 1, "the JSON array is not closed")]
        if text[position] == "]":
            break
        line = text.count("\n", 0, position) + 1
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            return [_file_problem(label, exc.lineno, f"not valid JSON: {exc.msg}")]
        rows.append(_row(label, line, value, what, len(rows)))
    if text[position + 1 :].strip():
        line = text.count("\n", 0, position) + 1
        return [_file_problem(label, line, "text after the JSON array")]
    return rows
