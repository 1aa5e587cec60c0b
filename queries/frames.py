"""Query rows as a pandas DataFrame, for notebooks (pandas is the optional ``frames`` extra)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pydantic import BaseModel

if TYPE_CHECKING:
    import pandas


def to_frame(
    rows: Sequence[BaseModel], row_type: type[BaseModel] | None = None
) -> pandas.DataFrame:
    """Return ``rows`` as a DataFrame: one row per result, one column per field in the row
    type's order (controlled words as text, nested values as lists and dicts). ``row_type``
    gives the columns when ``rows`` is empty.

    >>> from aigraph.graph import EmbeddedGraph
    >>> from aigraph.loaders import load_curated
    >>> from aigraph.queries import exposure
    >>> frame = to_frame(exposure(EmbeddedGraph(load_curated()), provider="oracle"))
    >>> frame.loc[0, "counterparty"], float(frame.loc[0, "share"])
    ('openai', 1.0)
    """
    try:
        import pandas
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("to_frame needs pandas: pip install 'aigraph[frames]'") from None
    kind = row_type or (type(rows[0]) if rows else None)
    columns = list(kind.model_fields) if kind is not None else []
    return pandas.DataFrame.from_records(
        [row.model_dump(mode="json") for row in rows], columns=columns
    )
