"""Query rows for notebooks: flat records, pandas DataFrames (the optional ``frames`` extra) and
readable reprs (a row prints as a short key/value list, a result as a table, both as HTML
tables in Jupyter).

Flattening follows the row type's fields, so an empty result keeps its columns:

- a list of words becomes one text cell, joined with ``" -> "`` for a path or cycle
  (``members``, ``path``; a cycle ends on its start again) and ``", "`` otherwise; a list of
  amounts is joined the same way;
- a list of records (a loop's ``flows``) becomes ``<field>_count`` and ``<field>`` (their ids
  joined), or one row per record with ``explode=<field>``;
- a record (a loop's ``window``) becomes a column per field (``window_start``, ``window_end``);
- controlled words are their text; a column of whole ISO days becomes datetimes.
"""

from __future__ import annotations

import enum
import html
import re
import types
import typing
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:
    import pandas

PATH_FIELDS = frozenset({"members", "path", "groups", "chain"})
"""List fields that are a walk through the graph: joined with `` -> ``."""
ID_FIELDS = ("id", "deal", "source", "name")
"""The field that names a nested record, in order of preference."""
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
CELL_WIDTH = 60
"""Longest cell in the text and HTML reprs (the frame keeps the whole text)."""


def _plain(annotation: Any) -> Any:
    """Return the annotation without ``None`` (``X | None`` -> ``X``)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        rest = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return rest[0] if len(rest) == 1 else annotation
    return annotation


def _model(annotation: Any) -> type[BaseModel] | None:
    plain = _plain(annotation)
    return plain if isinstance(plain, type) and issubclass(plain, BaseModel) else None


def _list_item(annotation: Any) -> Any | None:
    plain = _plain(annotation)
    if typing.get_origin(plain) in (list, tuple, set, frozenset):
        args = typing.get_args(plain)
        return args[0] if args else Any
    return None


def _id_field(model: type[BaseModel]) -> str | None:
    return next((name for name in ID_FIELDS if name in model.model_fields), None)


def _scalar(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, BaseModel):
        return "; ".join(f"{k}={_scalar(v)}" for k, v in value.model_dump(mode="json").items())
    if isinstance(value, dict):
        return "; ".join(f"{k}={_scalar(v)}" for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(_text(v) for v in value)
    return value


def _text(value: Any) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:g}"
    return str(_scalar(value))


def flat_columns(row_type: type[BaseModel]) -> list[str]:
    """Return the columns of :func:`flat_record` for a row type, in its field order."""
    columns: list[str] = []
    for name, info in row_type.model_fields.items():
        item = _list_item(info.annotation)
        nested = _model(info.annotation)
        if item is not None and _model(item) is not None:
            columns += [f"{name}_count", name]
        elif nested is not None:
            columns += [f"{name}_{sub}" for sub in nested.model_fields]
        else:
            columns.append(name)
    return columns


def flat_record(row: BaseModel) -> dict[str, Any]:
    """Return a row as flat cells (see the module's rules): text, numbers, None."""
    record: dict[str, Any] = {}
    for name, info in type(row).model_fields.items():
        value = getattr(row, name)
        item = _list_item(info.annotation)
        nested = _model(info.annotation)
        if item is not None and (item_model := _model(item)) is not None:
            key = _id_field(item_model)
            values = list(value or [])
            record[f"{name}_count"] = len(values)
            record[name] = ", ".join(str(getattr(v, key)) if key else _text(v) for v in values)
        elif nested is not None:
            for sub in nested.model_fields:
                record[f"{name}_{sub}"] = _scalar(getattr(value, sub)) if value else None
        elif item is not None:
            joiner = " -> " if name in PATH_FIELDS else ", "
            steps = [] if value is None else [_text(v) for v in value]
            if name == "members" and steps and getattr(row, "length", None) == len(steps):
                steps.append(steps[0])  # a cycle (as many hops as members) closes on its start
            record[name] = None if value is None else joiner.join(steps)
        else:
            record[name] = _scalar(value)
    return record


def _exploded(rows: Sequence[BaseModel], field: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Return one record per element of the list field ``field`` (its sub-fields as
    ``<field>_<sub>`` columns), and the columns."""
    row_type = type(rows[0])
    item = _list_item(row_type.model_fields[field].annotation)
    item_model = _model(item) if item is not None else None
    base = [c for c in flat_columns(row_type) if c not in (field, f"{field}_count")]
    subs = [f"{field}_{s}" for s in item_model.model_fields] if item_model else [field]
    records = []
    for row in rows:
        flat = {k: v for k, v in flat_record(row).items() if k in base}
        for element in getattr(row, field) or [None]:
            if item_model is not None:
                cells = {
                    f"{field}_{s}": (_scalar(getattr(element, s)) if element is not None else None)
                    for s in item_model.model_fields
                }
            else:
                cells = {field: _scalar(element)}
            records.append(flat | cells)
    return records, base + subs


def _is_usd(column: str) -> bool:
    return column == "usd" or column.endswith("_usd") or column.startswith("usd_")


def _usd_text(value: Any) -> str:
    try:
        if value is None or value != value:  # None or NaN
            return "unknown"
        return f"{float(value):,.0f}"
    except (TypeError, ValueError):
        return str(value)


def _frame_class() -> type:
    """Return the DataFrame subclass whose display writes USD as ``300,000,000,000`` (the
    values stay floats)."""
    import pandas

    global _FRAME
    if _FRAME is None:

        class Frame(pandas.DataFrame):
            """A DataFrame that shows USD columns as whole dollars with separators."""

            @property
            def _constructor(self) -> type:
                return Frame

            def _usd_formatters(self) -> dict[Any, Any]:
                return {c: _usd_text for c in self.columns if isinstance(c, str) and _is_usd(c)}

            def __repr__(self) -> str:
                if not self._usd_formatters():
                    return super().__repr__()
                return self.to_string(formatters=self._usd_formatters(), max_rows=60)

            def _repr_html_(self) -> str | None:
                if not self._usd_formatters():
                    return super()._repr_html_()
                return self.to_html(formatters=self._usd_formatters(), max_rows=60)

        _FRAME = Frame
    return _FRAME


_FRAME: type | None = None


def to_frame(
    rows: Sequence[BaseModel],
    row_type: type[BaseModel] | None = None,
    *,
    explode: str | None = None,
) -> pandas.DataFrame:
    """Return ``rows`` as a DataFrame of flat columns (see the module's rules): one row per
    result (one per element of the list field ``explode`` when given), USD as floats (shown as
    whole dollars), whole ISO days as datetimes. ``row_type`` gives the columns when ``rows``
    is empty.

    >>> from aigraph.graph import EmbeddedGraph
    >>> from aigraph.loaders import load_curated
    >>> from aigraph.queries import circular_financing, exposure
    >>> graph = EmbeddedGraph(load_curated())
    >>> frame = to_frame(exposure(graph, provider="oracle"))
    >>> frame.loc[0, "counterparty"], float(frame.loc[0, "share"])
    ('openai', 1.0)
    >>> loops = to_frame(circular_financing(graph))
    >>> loops.loc[0, "members"], loops["window_start"].dtype.kind
    ('nvidia -> openai -> oracle -> nvidia', 'M')
    """
    try:
        import pandas
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("to_frame needs pandas: pip install 'aigraph[frames]'") from None
    kind = row_type or (type(rows[0]) if rows else None)
    if explode is not None:
        if kind is None or explode not in kind.model_fields:
            raise ValueError(f"explode: {explode!r} is not a field of the rows")
        if _list_item(kind.model_fields[explode].annotation) is None:
            raise ValueError(f"explode: {explode!r} is not a list field")
    if explode is not None and rows:
        records, columns = _exploded(rows, explode)
    else:
        records = [flat_record(row) for row in rows]
        columns = flat_columns(kind) if kind is not None else []
    frame = _frame_class()(pandas.DataFrame.from_records(records, columns=columns))
    for column in frame.columns:
        values = frame[column].dropna()
        if len(values) and all(isinstance(v, str) and ISO_DAY.fullmatch(v) for v in values):
            frame[column] = pandas.to_datetime(frame[column])
    return frame


# -- reprs -------------------------------------------------------------------------------------


def _short(value: Any) -> str:
    text = _usd_text(value) if isinstance(value, float) else _text(value)
    return text if len(text) <= CELL_WIDTH else text[: CELL_WIDTH - 1] + "\u2026"


def _cells(column: str, value: Any) -> str:
    if value is None:
        return "" if not _is_usd(column) else "unknown"
    return _usd_text(value) if _is_usd(column) else _short(value)


def row_repr(row: BaseModel) -> str:
    """Return a row as ``Type(`` then one ``field: value`` line per flat cell, ``)``."""
    lines = [f"  {key}: {_cells(key, value)}" for key, value in flat_record(row).items()]
    return f"{type(row).__name__}(\n" + "\n".join(lines) + "\n)"


def row_html(row: BaseModel) -> str:
    """Return a row as a two-column HTML table (field, value)."""
    body = "".join(
        f"<tr><th style='text-align:left'>{html.escape(key)}</th>"
        f"<td style='text-align:left'>{html.escape(_cells(key, value))}</td></tr>"
        for key, value in flat_record(row).items()
    )
    return f"<table><caption>{html.escape(type(row).__name__)}</caption>{body}</table>"


def install_reprs(row_type: type[BaseModel]) -> None:
    """Give a row type the readable reprs (``repr``: field per line; Jupyter: an HTML table)."""
    row_type.__repr__ = row_repr  # type: ignore[method-assign]
    row_type._repr_html_ = row_html  # type: ignore[attr-defined]


class Rows(list):  # type: ignore[type-arg]
    """The rows of a query: a list, shown as a table (text, or HTML in Jupyter), with
    :meth:`to_frame`."""

    def __init__(self, rows: Sequence[BaseModel] = (), row_type: type[BaseModel] | None = None):
        super().__init__(rows)
        self.row_type = row_type or (type(rows[0]) if rows else None)

    def to_frame(self, explode: str | None = None) -> pandas.DataFrame:
        """Return the rows as a DataFrame (see :func:`to_frame`)."""
        return to_frame(self, self.row_type, explode=explode)

    def _table(self, limit: int) -> tuple[list[str], list[list[str]]]:
        columns = flat_columns(self.row_type) if self.row_type is not None else []
        body = []
        for row in self[:limit]:
            flat = flat_record(row)
            body.append([_cells(c, flat.get(c)) for c in columns])
        return columns, body

    def __repr__(self) -> str:
        name = self.row_type.__name__ if self.row_type is not None else "rows"
        if not self:
            return f"<0 {name}>"
        columns, body = self._table(20)
        widths = [max(len(c), *(len(r[i]) for r in body)) for i, c in enumerate(columns)]

        def line(cells: list[str]) -> str:
            return "  ".join(v.ljust(w) for v, w in zip(cells, widths, strict=True)).rstrip()

        lines = [f"<{len(self)} {name}>", line(columns), *(line(r) for r in body)]
        if len(self) > len(body):
            lines.append(f"... {len(self) - len(body)} more")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        name = self.row_type.__name__ if self.row_type is not None else "rows"
        columns, body = self._table(200)
        head = "".join(f"<th style='text-align:left'>{html.escape(c)}</th>" for c in columns)
        rows = "".join(
            "<tr>"
            + "".join(f"<td style='text-align:left'>{html.escape(v)}</td>" for v in r)
            + "</tr>"
            for r in body
        )
        more = f"<p>... {len(self) - len(body)} more</p>" if len(self) > len(body) else ""
        return (
            f"<table><caption>{len(self)} {html.escape(name)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>{more}"
        )
