"""The query library: each query declared once (``queries.library``, one module per query), with
a Python form, a Cypher form and typed rows.

Query modules are discovered, not listed: :data:`QUERIES` holds every module's ``QUERY`` by id,
and each query's notebook helper and row type can be imported from here::

    from aigraph.graph import EmbeddedGraph
    from aigraph.loaders import load_curated
    from aigraph.queries import circular_financing

    graph = EmbeddedGraph(load_curated())
    rows = circular_financing(graph, max_length=6)
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

from aigraph.queries import library
from aigraph.queries.frames import to_frame
from aigraph.queries.spec import Query


def discover() -> dict[str, Query]:
    """Return the ``QUERY`` of every module of ``queries.library`` by id, in listing order
    (each query's ``order``, then id)."""
    found: list[Query] = []
    for info in pkgutil.iter_modules(library.__path__):
        module = importlib.import_module(f"{library.__name__}.{info.name}")
        query = getattr(module, "QUERY", None)
        if isinstance(query, Query):
            found.append(query)
    return {query.id: query for query in sorted(found, key=lambda q: (q.order, q.id))}


QUERIES: dict[str, Query] = discover()
"""Every query of the library by id, in the order ``aigraph query --list`` shows them."""
HELPERS: dict[str, Callable[..., list[Any]]] = {q.helper_name: q.helper() for q in QUERIES.values()}
"""Each query's notebook helper by name (``circular_financing``)."""
ROWS: dict[str, type] = {q.row.__name__: q.row for q in QUERIES.values()}
"""Each query's row type by name (``CircularFinancingRow``)."""

__all__ = ["HELPERS", "QUERIES", "ROWS", "Query", "to_frame", *HELPERS, *ROWS]


def __getattr__(name: str) -> Any:
    if name in HELPERS:
        return HELPERS[name]
    if name in ROWS:
        return ROWS[name]
    raise AttributeError(f"module 'aigraph.queries' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
