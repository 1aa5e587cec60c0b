"""How a query is declared: id, title, description, typed parameters, typed rows, both forms.

Each query module declares one :class:`Query`. Its Python form runs on the embedded graph; its
Cypher form is the file ``queries/cypher/<id>.cypher`` (and optionally a ``<id>.visual.cypher``
that returns paths for Neo4j Browser, with a ``LIMIT``). Both forms produce *records* (plain
dicts) that one shared function, ``rows_from_records``, turns into the typed rows, so the two
forms cannot drift apart in how they present results.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from graph.dates import DateValue
from graph.embedded import EmbeddedGraph
from graph.vocabulary import Confidence, Status

CYPHER_DIR = Path(__file__).resolve().parent / "cypher"
VISUAL_LIMIT = 100
"""How many paths a visual form returns by default (bounded: big results freeze a browser)."""

P = TypeVar("P", bound="QueryParams")
R = TypeVar("R", bound=BaseModel)


class QueryParams(BaseModel):
    """Base of every query's parameters: typed, with defaults, unknown names refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class FilterParams(QueryParams):
    """The filters most queries share."""

    as_of: DateValue | None = Field(
        default=None,
        description="Only deals in force at this date (YYYY[-MM[-DD]]), groups as of then; "
        "default: every deal, today's structure.",
    )
    min_status: Status | None = Field(
        default=None, description="Weakest deal status to count (e.g. signed); default: any."
    )
    min_confidence: Confidence | None = Field(
        default=None, description="Lowest confidence to count (e.g. medium-high); default: any."
    )

    def cypher_filters(self) -> dict[str, Any]:
        """Return the Cypher parameters for the shared filters."""
        return {
            "as_of_day": self.as_of.last_day().isoformat() if self.as_of else None,
            "min_status_rank": (self.min_status or Status.RUMOURED).rank,
            "min_confidence_rank": self.min_confidence.rank if self.min_confidence else 0,
        }


Records = list[dict[str, Any]]


@dataclass(frozen=True)
class Query(Generic[P, R]):
    """A query of the library, declared once."""

    id: str
    title: str
    description: str
    params: type[P]
    row: type[R]
    records: Callable[[EmbeddedGraph, P], Records]
    """The Python form: what the Cypher form returns, computed on the embedded graph."""
    rows_from_records: Callable[[Records, P], list[R]]
    """Shared by both forms: records -> typed, ordered rows."""
    cypher_parameters: Callable[[P], dict[str, Any]]
    """The Cypher parameters for given query parameters."""
    cypher_dir: Path = CYPHER_DIR
    example: dict[str, Any] = dataclasses.field(default_factory=dict)
    """Parameter values for the Browser kit and the views when the defaults show nothing."""

    def run(self, graph: EmbeddedGraph, params: P | None = None, **values: Any) -> list[R]:
        """Return the rows of this query on the embedded graph."""
        chosen = params if params is not None else self.params(**values)
        return self.rows_from_records(self.records(graph, chosen), chosen)

    @property
    def cypher_path(self) -> Path:
        """Return the path of the table (read) Cypher form."""
        return self.cypher_dir / f"{self.id}.cypher"

    @property
    def visual_cypher_path(self) -> Path | None:
        """Return the path of the visual Cypher form (paths for Neo4j Browser), if any."""
        path = self.cypher_dir / f"{self.id}.visual.cypher"
        return path if path.exists() else None

    def cypher(self) -> str:
        """Return the Cypher text of the table form."""
        return self.cypher_path.read_text(encoding="utf-8")

    def visual_parameters(self, limit: int = VISUAL_LIMIT) -> dict[str, Any]:
        """Return the parameters of the visual form, from the example values and ``limit``."""
        path = self.visual_cypher_path
        if path is None:
            return {}
        wanted = {
            p.strip()
            for p in cypher_header(path.read_text(encoding="utf-8"))["parameters"].split(",")
        }
        values = self.cypher_parameters(self.params(**self.example)) | {"limit": limit}
        return {name: value for name, value in values.items() if name in wanted}


WRITE_CLAUSES = re.compile(
    r"\b(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|LOAD\s+CSV|FOREACH)\b"
    r"|\bCALL\s+(dbms|db|apoc)\.",
    re.IGNORECASE,
)


class ReadOnlyViolation(ValueError):
    """A query of the library would write: it is refused before it reaches the server."""


def cypher_code(text: str) -> str:
    """Return Cypher without its ``//`` comments and string literals (for static checks)."""
    text = "\n".join(line.split("//")[0] for line in text.splitlines())
    return re.sub(r"'[^']*'", "''", text)


def assert_read_only(query_id: str, cypher: str) -> None:
    """Raise :class:`ReadOnlyViolation` when the Cypher has a clause that writes.

    The forms also run in read transactions; this check holds on servers that do not
    enforce the access mode.
    """
    match = WRITE_CLAUSES.search(cypher_code(cypher))
    if match:
        raise ReadOnlyViolation(f"query {query_id} would write ({match.group(0)}): refused")


HEADER = re.compile(r"^//\s*(?P<key>[a-z]+):\s*(?P<value>.*)$")


def cypher_header(text: str) -> dict[str, str]:
    """Return the ``// key: value`` lines at the top of a Cypher file."""
    header: dict[str, str] = {}
    for line in text.splitlines():
        match = HEADER.match(line.strip())
        if not match:
            if line.strip().startswith("//"):
                continue
            break
        header[match.group("key")] = match.group("value").strip()
    return header
