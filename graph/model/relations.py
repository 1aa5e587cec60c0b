"""How fields refer to other records and which relationships they make, declared on the field.

A field typed with a :class:`Ref` points at records of some kinds (the loader resolves it by id or
alias). A field that also carries an :class:`Edge` makes a relationship, as Cartography's
relationship schemas and FollowTheMoney's ``edge:`` blocks do::

    maker: Annotated[OrgRef, Edge("MADE_BY", description="Who makes it.")]

The graph schema (relationship types, their ends and properties), the writer of relationships, the
exports, the style and the docs are all derived from these declarations (``graph.model.schema``).
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

Direction = Literal["out", "in"]


@dataclass(frozen=True)
class Ref:
    """Marks a field as a reference to records of the given kinds (YAML section names)."""

    kinds: tuple[str, ...]


@dataclass(frozen=True)
class Edge:
    """Declares the relationship a reference field makes.

    - ``type`` names it; or ``type_by`` names a sibling field whose value picks the type from
      ``types`` (a facility party's role: ``owner`` -> ``OWNS``, ``user`` -> ``USES``).
    - ``direction``: ``out`` runs from the record to the referenced one, ``in`` the other way.
    - ``properties``: sibling fields (of the model that holds the field) stored on the
      relationship; ``constant``: fixed properties; ``key_as``: for a mapping field
      (role -> ids), the property that holds the key.
    - ``parallel``: several relationships of this type between the same two nodes are distinct
      (two quotes from one source); otherwise one per pair (and ``key_as`` value), and two
      declarations that give the same one merge their properties.
    - ``caption``: what views show on the relationship instead of its type (``{role}``).
    """

    type: str | None = None
    description: str = ""
    direction: Direction = "out"
    type_by: str | None = None
    types: Mapping[Any, str] = field(default_factory=dict)
    properties: tuple[str, ...] = ()
    constant: Mapping[str, Any] = field(default_factory=dict)
    key_as: str | None = None
    parallel: bool = False
    caption: str | None = None

    def type_names(self) -> tuple[str, ...]:
        """Return every relationship type this declaration can make."""
        if self.type is not None:
            return (self.type,)
        return tuple(dict.fromkeys(self.types.values()))

    def type_for(self, holder: BaseModel) -> str:
        """Return the relationship type for the model that holds the field."""
        if self.type is not None:
            return self.type
        assert self.type_by is not None, "an Edge needs a type or a type_by field"
        return self.types[getattr(holder, self.type_by)]


def _markers(annotation: Any, marker: type) -> list[Any]:
    found = []
    if typing.get_origin(annotation) is typing.Annotated:
        args = typing.get_args(annotation)
        found.extend(m for m in args[1:] if isinstance(m, marker))
        found.extend(_markers(args[0], marker))
    else:
        for arg in typing.get_args(annotation):
            found.extend(_markers(arg, marker))
    return found


def _field_markers(model: type[BaseModel], name: str, marker: type) -> list[Any]:
    info = model.model_fields[name]
    return [m for m in info.metadata if isinstance(m, marker)] + _markers(info.annotation, marker)


def field_reference_kinds(model: type[BaseModel], name: str) -> tuple[str, ...] | None:
    """Return the record kinds the field ``name`` of ``model`` refers to, or None.

    Looks through ``| None``, ``list[...]`` and ``dict[..., ...]`` for a :class:`Ref` marker.
    """
    refs = _field_markers(model, name, Ref)
    return refs[0].kinds if refs else None


def field_edge(model: type[BaseModel], name: str) -> Edge | None:
    """Return the :class:`Edge` declared on the field ``name`` of ``model``, or None."""
    edges = _field_markers(model, name, Edge)
    return edges[0] if edges else None


def nested_model(annotation: Any) -> type[BaseModel] | None:
    """Return the model type of a field holding one model or a list of them, else None."""
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = nested_model(arg)
        if found is not None:
            return found
    return None
