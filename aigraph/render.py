"""Turning query rows into tables, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from pydantic import BaseModel
from rich.table import Table

from aigraph.graph.model.amounts import format_quantity
from aigraph.graph.model.coherence import strip_control


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


def rows_table(rows: list[BaseModel], title: str, columns: list[str] | None = None) -> Table:
    """Return a rich table of rows (all fields, or the given columns)."""
    table = Table(title=title, show_lines=False)
    if not rows:
        table.add_column("(no rows)")
        return table
    names = columns or list(type(rows[0]).model_fields)
    for name in names:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*(cell(getattr(row, name)) for name in names))
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
