"""Flat properties of many objects at once, one column per property.

:func:`aigraph.graph.model.properties.properties_of` gives one object's flat properties as a
dict; :func:`prop_columns` gives the same values for a whole list of objects as columns, one
pass per declared value: the value is read off every object, then flattened by the type the
column holds (an amount into its five parts, a date into three, a ranked word into two), so the
type is looked at once per column and no dict is made per object. Row ``i`` of the columns,
without its ``None`` cells, is ``properties_of(props, objects[i])`` (a test compares them on the
bundled data and on synthetic deals).

The money-flow properties every ``PAYS`` and ``GROUP_PAYS`` relationship carries are computed
once per dataset this way (:func:`flow_columns`): the neo4j-admin export and the queries' flow
records read them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from operator import attrgetter
from typing import Any

from aigraph.graph.model.amounts import Amount
from aigraph.graph.model.dates import PartialDate
from aigraph.graph.model.properties import (
    Prop,
    PropertyValue,
    _term_type,
    flat_values,
    scalar,
)
from aigraph.graph.model.schema import Relationship

Columns = dict[str, list[PropertyValue]]
"""Flat property name -> one value per object (None: the object has no such property)."""

_PLAIN = frozenset({str, int, float, bool})
_NONE = type(None)


def read_column(prop: Prop, objects: Sequence[Any], *context: Any) -> list[Any]:
    """Return ``prop.read(obj, *context)`` for every object, in order."""
    if prop.get is None:
        return list(map(attrgetter(prop.name), objects))
    get = prop.get
    return [get(obj, *context) for obj in objects]


def flat_column(name: str, values: list[Any], parts: tuple[str, ...] | None = None) -> Columns:
    """Return the flat property columns of one column of values (what
    :func:`~aigraph.graph.model.properties.flat_values` gives each value, column by column;
    ``None`` where a value gives nothing).

    >>> flat_column("announced", [PartialDate.parse("2026-07"), None])
    {'announced': ['2026-07', None], 'announced_first_day': ['2026-07-01', None], \
'announced_last_day': ['2026-07-31', None]}
    """
    kinds = set(map(type, values))
    kinds.discard(_NONE)
    wanted: Callable[[str], bool] = (
        (lambda _part: True) if parts is None else (lambda part: part in parts)
    )
    if not kinds or kinds <= _PLAIN:
        return {name: values} if wanted("") else {}
    if len(kinds) == 1:
        (kind,) = kinds
        found = _typed_column(kind, name, values)
        if found is not None:
            return {key: column for part, key, column in found if wanted(part)}
    return _mixed_column(name, values, parts)


def _typed_column(
    kind: type, name: str, values: list[Any]
) -> list[tuple[str, str, list[PropertyValue]]] | None:
    """Return (part, flat name, column) of a column holding one type, or None when the type
    has no column-wise rule (the caller then flattens value by value)."""
    if kind is Amount:
        return [
            ("", name, [None if v is None else v.value for v in values]),
            ("unit", f"{name}_unit", [None if v is None else v.unit.value for v in values]),
            ("period", f"{name}_period", [None if v is None else v.period.value for v in values]),
            (
                "qualifier",
                f"{name}_qualifier",
                [None if v is None else v.qualifier.value for v in values],
            ),
            ("text", f"{name}_text", [None if v is None else str(v) for v in values]),
        ]
    if kind is PartialDate:
        return [
            ("", name, [None if v is None else str(v) for v in values]),
            (
                "first_day",
                f"{name}_first_day",
                [None if v is None else v.first_day().isoformat() for v in values],
            ),
            (
                "last_day",
                f"{name}_last_day",
                [None if v is None else v.last_day().isoformat() for v in values],
            ),
        ]
    if kind is date:
        return [("", name, [None if v is None else str(v) for v in values])]
    if issubclass(kind, Enum):
        found: list[tuple[str, str, list[PropertyValue]]] = [
            ("", name, [None if v is None else v.value for v in values])
        ]
        if hasattr(kind, "rank"):
            found.append(("rank", f"{name}_rank", [None if v is None else v.rank for v in values]))
        return found
    if kind is list or kind is tuple:
        return [
            ("", name, [[scalar(item) for item in v] if v else None for v in values]),
        ]
    return None


def _mixed_column(name: str, values: list[Any], parts: tuple[str, ...] | None) -> Columns:
    """Return the flat columns of values of several types (or a type with no column-wise
    rule: terms, locations, other objects), value by value."""
    if {type(v) for v in values} - {_NONE} == {_term_type()}:
        starts = flat_column(
            f"{name}_start", [None if v is None else v.start for v in values], parts
        )
        ends = flat_column(f"{name}_end", [None if v is None else v.end for v in values], parts)
        return starts | ends
    columns: Columns = {}
    for row, value in enumerate(values):
        for key, flat in flat_values(name, value, parts).items():
            column = columns.get(key)
            if column is None:
                column = columns[key] = [None] * len(values)
            column[row] = flat
    return columns


def prop_columns(props: Iterable[Prop], objects: Sequence[Any], *context: Any) -> Columns:
    """Return the flat properties of every object as columns: row ``i`` without its None
    cells is ``properties_of(props, objects[i], *context)`` (a later property of the same name
    wins where it has a value, and ``[]`` counts as no value).

    >>> from aigraph.graph.model.properties import Prop
    >>> from aigraph.graph.model.vocabulary import Status
    >>> from types import SimpleNamespace as O
    >>> prop_columns([Prop("status", Status)], [O(status=Status.SIGNED), O(status=None)])
    {'status': ['signed', None], 'status_rank': [4, None]}
    """
    columns: Columns = {}
    for prop in props:
        for key, column in flat_column(
            prop.name, read_column(prop, objects, *context), prop.parts
        ).items():
            earlier = columns.get(key)
            if earlier is None:
                columns[key] = column
            else:
                columns[key] = [e if v is None else v for e, v in zip(earlier, column, strict=True)]
    for key, column in columns.items():
        if [] in column:  # an empty list (equal to no other cell type), found at C speed
            columns[key] = [None if type(v) is list and not v else v for v in column]
    return columns


def row_of(columns: Columns, row: int) -> dict[str, PropertyValue]:
    """Return one row of columns as a dict, without its None cells."""
    return {key: column[row] for key, column in columns.items() if column[row] is not None}


def dict_columns(rows: Sequence[dict[str, PropertyValue]]) -> Columns:
    """Return columns of property dicts (the union of their keys; None where a dict lacks
    one).

    >>> dict_columns([{"a": 1}, {"b": "x", "a": None}])
    {'a': [1, None], 'b': [None, 'x']}
    """
    columns: Columns = {}
    for row, properties in enumerate(rows):
        for key, value in properties.items():
            column = columns.get(key)
            if column is None:
                column = columns[key] = [None] * len(rows)
            column[row] = value
    return columns


CHUNK_ROWS = 50_000
"""Rows per chunk when a graph is read column-wise (bounds the memory of an export)."""


@dataclass(frozen=True)
class NodeChunk:
    """Nodes with the same labels: their ids and their property columns (``id`` left out)."""

    labels: tuple[str, ...]
    ids: list[str]
    columns: Columns


@dataclass(frozen=True)
class RelationshipChunk:
    """Relationships of one type: their ends, keys and property columns."""

    type: str
    sources: list[str]
    targets: list[str]
    keys: list[str]
    columns: Columns


def relationship_chunks(relationships: Sequence[Relationship]) -> Iterator[RelationshipChunk]:
    """Yield relationship objects as chunks, one per type (in order of first appearance; each
    chunk in the relationships' order)."""
    by_type: dict[str, list[Relationship]] = {}
    for rel in relationships:
        by_type.setdefault(rel.type, []).append(rel)
    for rel_type, rels in by_type.items():
        yield RelationshipChunk(
            rel_type,
            [rel.source for rel in rels],
            [rel.target for rel in rels],
            [rel.key for rel in rels],
            dict_columns([rel.properties for rel in rels]),
        )


def gather(columns: Columns, rows: Sequence[int]) -> Columns:
    """Return the columns' values at ``rows`` (in that order, repeats allowed)."""
    return {key: [column[row] for row in rows] for key, column in columns.items()}


def overlay(base: Columns, top: Columns) -> Columns:
    """Return ``base`` with ``top``'s values over it where ``top`` has one (as ``base_row |
    top_row`` does for the rows' dicts without their None cells)."""
    merged = dict(base)
    for key, column in top.items():
        under = merged.get(key)
        merged[key] = (
            column
            if under is None
            else [u if v is None else v for u, v in zip(under, column, strict=True)]
        )
    return merged
