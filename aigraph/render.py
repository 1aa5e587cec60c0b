"""Turning query rows into tables, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from pydantic import BaseModel
from rich.table import Table

from aigraph.graph.model.amounts import format_quantity
from aigraph.graph.model.coherence import strip_control
from aigraph.queries.frames import flat_columns, flat_record


def cell(value: Any) -> str:
    """Return a short text for one field of a row (flows by deal id, USD in short form)."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return format_quantity(value) if abs(value) >= 1000 else f"{value:.3g}"
    if isinstance(value, BaseModel):
        for key in ("deal", "id", "value"):
            if key in type(value).model_fields:
                return str(getattr(value, key))
        return value.model_dump_json()
    if isinstance(value, list):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {cell(v)}" for k, v in value.items())
    return str(value)


TOKEN = re.compile(r"[^\s,;]+")
"""What a table never breaks: an id, an amount, a date (cells wrap between them)."""
CELL_GAP = 3
"""Characters a rich table spends per column besides its text (a border, two paddings)."""
MAX_COLUMN = 60
"""A column is never planned wider than this (longer cells wrap between words)."""


def _widths(texts: list[str], header: str) -> tuple[int, int]:
    """Return a column's narrowest width that breaks no id (its longest token or header word)
    and its natural width (its longest line), both capped at ``MAX_COLUMN``."""
    tokens = [len(t) for text in texts for t in TOKEN.findall(text)]
    header_words = [len(w) for w in header.split()] or [1]
    narrowest = min(max([*tokens, *header_words]), MAX_COLUMN)
    lines = [len(line) for text in texts for line in text.splitlines()] or [0]
    natural = min(max([*lines, len(header)]), MAX_COLUMN)
    return narrowest, max(natural, narrowest)


def fit_columns(
    names: list[str], texts: dict[str, list[str]], width: int | None
) -> tuple[dict[str, int | None], list[str]]:
    """Return the columns that fit in ``width`` characters without breaking an id (in the
    row type's order, the first always kept) with the width each gets (the spare room given
    in column order, each up to its natural width; None without a width), and those left out."""
    if width is None:
        return dict.fromkeys(names), []
    planned: dict[str, int] = {}
    hidden: list[str] = []
    used = 1
    for name in names:
        narrowest, _ = _widths(texts[name], name)
        if not planned or used + narrowest + CELL_GAP <= width:
            planned[name] = narrowest
            used += narrowest + CELL_GAP
        else:
            hidden.append(name)
    spare = max(width - used, 0)
    wants = {name: _widths(texts[name], name)[1] - planned[name] for name in planned}
    for name in planned:  # the first columns (the row's subject) widen first
        extra = min(wants[name], spare)
        planned[name] += extra
        spare -= extra
    return dict(planned), hidden


def table_texts(rows: list[BaseModel]) -> tuple[list[str], dict[str, list[str]]]:
    """Return the flat columns of rows (see :mod:`aigraph.queries.frames`: a loop's members
    as ``a -> b -> a``, its window as start and end) and each column's cell texts."""
    names = flat_columns(type(rows[0]))
    texts: dict[str, list[str]] = {name: [] for name in names}
    for row in rows:
        record = flat_record(row)
        for name in names:
            raw = getattr(row, name, None)
            numbers = isinstance(raw, list) and all(
                v is None or isinstance(v, int | float) for v in raw
            )
            texts[name].append(cell(raw) if numbers and raw else cell(record[name]))
    return names, texts


def rows_table(
    rows: list[BaseModel],
    title: str,
    columns: list[str] | None = None,
    width: int | None = None,
) -> Table:
    """Return a rich table of rows, flat columns (see :func:`table_texts`): the given columns
    (a field name stands for its flat columns), else those that fit in ``width`` characters
    (None: all) with no id broken across lines; the caption names the columns left out."""
    table = Table(title=title, show_lines=False)
    if not rows:
        table.add_column("(no rows)")
        return table
    names, texts = table_texts(rows)
    if columns:
        names = [n for c in columns for n in names if n == c or n.startswith(f"{c}_")]
    planned, hidden = fit_columns(names, texts, width)
    for name, planned_width in planned.items():
        table.add_column(name, width=planned_width, overflow="fold")
    for index in range(len(rows)):
        table.add_row(*(texts[name][index] for name in planned))
    if hidden:
        table.caption = (
            f"{len(hidden)} more columns: {', '.join(hidden)} "
            "(--columns to pick, --json or --csv for all; COLUMNS sets the width)"
        )
    return table


def rows_json(rows: list[BaseModel]) -> str:
    """Return the rows as a JSON array of objects."""
    return json.dumps([row.model_dump(mode="json") for row in rows], indent=2)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""How a spreadsheet cell that it would run as a formula begins."""


def spreadsheet_safe(value: Any) -> Any:
    """Return a text cell a spreadsheet shows as text: control characters dropped, and a
    leading ``'`` when it begins like a formula (``=``, ``+``, ``-``, ``@``, a tab or CR);
    numbers and other values unchanged.

    >>> spreadsheet_safe("=HYPERLINK(1)"), spreadsheet_safe("-5"), spreadsheet_safe(-5)
    ("'=HYPERLINK(1)", "'-5", -5)
    """
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    return strip_control(value.replace("\t", " ").replace("\r", " ")) if value else value


def rows_csv(rows: list[BaseModel], row_type: type[BaseModel]) -> str:
    """Return the rows as CSV with a header, for a spreadsheet: nested values are written as
    JSON, text cells through :func:`spreadsheet_safe` (no formula runs when it is opened)."""
    buffer = io.StringIO()
    names = list(row_type.model_fields)
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        data = row.model_dump(mode="json")
        writer.writerow(
            [
                spreadsheet_safe(
                    json.dumps(data[n]) if isinstance(data[n], list | dict) else data[n]
                )
                for n in names
            ]
        )
    return buffer.getvalue()
