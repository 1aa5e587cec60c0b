"""Flat properties: how a typed value becomes the scalar properties Neo4j, GraphML and GEXF store.

One rule per value type, used for nodes, relationships and money flows alike:

- an amount ``value`` becomes ``value`` (number), ``value_unit``, ``value_period``,
  ``value_qualifier`` and ``value_text``;
- a date ``announced`` becomes ``announced`` (as written, e.g. ``2026-07``),
  ``announced_first_day`` and ``announced_last_day`` (ISO dates);
- a term becomes the dates ``<name>_start`` and ``<name>_end``; a location its parts;
- a ranked word (status, confidence) becomes the word and ``<name>_rank``;
- anything else a scalar or a list of scalars.

A :class:`Prop` names a value, its type and optionally which of these parts to keep; the names a
property set can carry and the values it has for one object both come from the same declaration.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel

from aigraph.graph.model.amounts import Amount
from aigraph.graph.model.dates import PartialDate

Scalar = str | int | float | bool
PropertyValue = Scalar | list[Scalar] | None


def plain_type(annotation: Any) -> Any:
    """Return the annotation without ``| None`` and ``Annotated``.

    >>> plain_type(typing.Annotated[int | None, "marker"])
    <class 'int'>
    """
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return plain_type(args[0])
    return annotation


def _is_ranked(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, Enum) and hasattr(kind, "rank")


@functools.cache
def _term_type() -> type[BaseModel]:
    from aigraph.graph.model.records import Term

    return Term


@functools.cache
def _location_type() -> type[BaseModel]:
    from aigraph.graph.model.records import Location

    return Location


def is_value_type(kind: Any) -> bool:
    """Return True for the model types stored as properties (amounts, dates, terms, places),
    as opposed to nested records of their own (claims, structure links, citations)."""
    return kind in (Amount, PartialDate, _term_type(), _location_type())


def parts_of(kind: Any) -> tuple[str, ...]:
    """Return the suffixes a value of this type is flattened into ('' is the name itself)."""
    if kind is Amount:
        return ("", "unit", "period", "qualifier", "text")
    if kind is PartialDate:
        return ("", "first_day", "last_day")
    if _is_ranked(kind):
        return ("", "rank")
    return ("",)


def _joined(name: str, part: str) -> str:
    return f"{name}_{part}" if part else name


@dataclass(frozen=True)
class Prop:
    """A value that becomes flat properties: its name, type, and which parts to keep.

    ``get`` reads the value from an object (default: the attribute ``name``); ``parts`` keeps only
    some suffixes of :func:`parts_of` (``("", "text")`` keeps ``total`` and ``total_text``).
    """

    name: str
    kind: Any
    get: Callable[..., Any] | None = None
    parts: tuple[str, ...] | None = None

    def names(self) -> list[str]:
        """Return the property names this value gives."""
        return flat_names(self.name, self.kind, self.parts)

    def values(self, value: Any) -> dict[str, PropertyValue]:
        """Return the properties of one value (nothing for None)."""
        return flat_values(self.name, value, self.parts)

    def read(self, obj: Any, *context: Any) -> Any:
        """Return this value of ``obj`` (``get(obj, *context)`` when declared)."""
        if self.get is not None:
            return self.get(obj, *context)
        return getattr(obj, self.name)


def flat_names(name: str, kind: Any, parts: tuple[str, ...] | None = None) -> list[str]:
    """Return the flat property names of a value ``name`` of type ``kind``.

    >>> flat_names("value", Amount, ("", "text"))
    ['value', 'value_text']
    """
    kind = plain_type(kind)
    if kind is _term_type():
        return flat_names(f"{name}_start", PartialDate, parts) + flat_names(
            f"{name}_end", PartialDate, parts
        )
    if kind is _location_type():
        return [f"{name}_{part}" for part in kind.model_fields]
    return [_joined(name, part) for part in parts_of(kind) if parts is None or part in parts]


def flat_values(
    name: str, value: Any, parts: tuple[str, ...] | None = None
) -> dict[str, PropertyValue]:
    """Return the flat properties of one value (an empty mapping for None or ``[]``)."""
    if type(value) in _PLAIN:  # the common case first: one property of the value itself
        return {name: value} if parts is None or "" in parts else {}
    if value is None or value == []:
        return {}
    if isinstance(value, Amount):
        found: dict[str, PropertyValue] = {
            name: value.value,
            f"{name}_unit": value.unit.value,
            f"{name}_period": value.period.value,
            f"{name}_qualifier": value.qualifier.value,
            f"{name}_text": str(value),
        }
    elif isinstance(value, PartialDate):
        found = {
            name: str(value),
            f"{name}_first_day": value.first_day().isoformat(),
            f"{name}_last_day": value.last_day().isoformat(),
        }
    elif isinstance(value, _term_type()):
        return flat_values(f"{name}_start", value.start, parts) | flat_values(  # type: ignore[attr-defined]
            f"{name}_end",
            value.end,  # type: ignore[attr-defined]
            parts,
        )
    elif isinstance(value, _location_type()):
        return {f"{name}_{part}": v for part, v in value.model_dump().items() if v is not None}
    elif isinstance(value, Enum):
        found = {name: value.value}
        if hasattr(value, "rank"):
            found[f"{name}_rank"] = value.rank  # type: ignore[attr-defined]
    elif isinstance(value, list | tuple):
        found = {name: [scalar(item) for item in value]}
    else:
        found = {name: scalar(value)}
    if parts is None:
        return found
    wanted = {_joined(name, part) for part in parts}
    return {key: v for key, v in found.items() if key in wanted}


_PLAIN = frozenset({str, int, float, bool})


def scalar(value: Any) -> Scalar:
    """Return a value Neo4j can store: enums as their word, other objects as text."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


def properties_of(props: Iterable[Prop], obj: Any, *context: Any) -> dict[str, PropertyValue]:
    """Return the flat properties of ``obj`` for the declared ``props`` (no None values)."""
    found: dict[str, PropertyValue] = {}
    for prop in props:
        found.update(prop.values(prop.read(obj, *context)))
    return {key: value for key, value in found.items() if value is not None and value != []}


@functools.cache
def field_props(model: type[BaseModel], skip: frozenset[str] = frozenset()) -> tuple[Prop, ...]:
    """Return a :class:`Prop` for every field of ``model`` except those in ``skip`` (computed
    once per model type)."""
    return tuple(
        Prop(name, info.annotation) for name, info in model.model_fields.items() if name not in skip
    )
