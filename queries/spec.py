"""How a query is declared, once: id, title, description, typed parameters, typed rows, both forms.

Each module of ``queries.library`` declares one :class:`Query` named ``QUERY``. Its Python form
runs on the embedded graph; its Cypher form is the file ``queries/cypher/<id>.cypher`` (and
optionally a ``<id>.visual.cypher`` that returns paths for Neo4j Browser, with a ``LIMIT``). Both
forms produce *records* (plain dicts) that one shared function, ``rows_from_records``, turns into
the typed rows, so the two forms cannot drift apart in how they present results.

Everything else is derived from the declaration: the notebook helper (``circular_financing(graph,
max_length=4)``, its signature and docstring from the parameters), the header of each Cypher file
(``// id: ...``, checked by a test and rewritten by ``scripts/generate.py``), the parameter
variants the Neo4j parity tests run, ``aigraph query --list`` and the README's table.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from aigraph.graph.bulk import collector_paused
from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.dates import DateValue, years_before
from aigraph.graph.model.vocabulary import (
    DEFAULT_MIN_STATUS,
    DEFAULT_WINDOW_YEARS,
    INACTIVE_STATUSES,
    Confidence,
    Status,
)
from aigraph.graph.money import FlowFilter
from aigraph.queries.budget import Budget
from aigraph.queries.frames import Rows, install_reprs

CYPHER_DIR = Path(__file__).resolve().parent / "cypher"
VISUAL_LIMIT = 100
"""How many paths a visual form returns by default (bounded: big results freeze a browser)."""

P = TypeVar("P", bound="QueryParams")
R = TypeVar("R", bound=BaseModel)


RECORD_ID: dict[str, Any] = {"record_id": True}
"""``json_schema_extra`` of a parameter that names a record (checked: unknown ids are refused
with near matches)."""


class QueryParams(BaseModel):
    """Base of every query's parameters: typed, with defaults, unknown names refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def record_ids(self) -> list[str]:
        """Return the values of the parameters that name records (see :data:`RECORD_ID`)."""
        return [
            getattr(self, name)
            for name, info in type(self).model_fields.items()
            if isinstance(info.json_schema_extra, dict)
            and info.json_schema_extra.get("record_id")
            and getattr(self, name) is not None
        ]


class FilterParams(QueryParams):
    """The filters most queries share."""

    as_of: DateValue | None = Field(
        default=None,
        description="Only deals in force at this date (YYYY[-MM[-DD]]): terms running then, "
        "stakes held then, one-off payments in the window before it; groups as of then. "
        "Default: every deal, today's structure.",
    )
    min_status: Status | None = Field(
        default=DEFAULT_MIN_STATUS,
        description="Weakest deal status to count (the status in force at the as-of date; "
        "e.g. signed). Default: reported (rumoured and in-talks deals left out).",
    )
    min_confidence: Confidence | None = Field(
        default=None, description="Lowest confidence to count (e.g. medium-high); default: any."
    )
    include_inactive: bool = Field(
        default=False,
        description="Also count deals on hold, terminated or superseded by a later deal.",
    )
    include_uncommitted: bool = Field(
        default=False,
        description="Also count money that is not committed: contingent deals (waiting on a "
        "condition), ceilings ('up to') and estimates. Default: committed money only.",
    )
    include_non_cash: bool = Field(
        default=False,
        description="Also count shares and warrants given without cash (e.g. as consideration "
        "for a guarantee or a purchase).",
    )
    window_years: int = Field(
        default=DEFAULT_WINDOW_YEARS,
        ge=1,
        le=50,
        description="How long a one-off payment counts after its date, and the span a "
        "time-respecting loop must close in.",
    )

    def flow_filter(self) -> FlowFilter:
        """Return the money-flow filter these parameters ask for."""
        return FlowFilter(
            as_of=self.as_of,
            min_status=self.min_status,
            min_confidence=self.min_confidence,
            include_inactive=self.include_inactive,
            window_years=self.window_years,
            include_uncommitted=self.include_uncommitted,
            include_non_cash=self.include_non_cash,
        )

    def policy(self) -> str:
        """Return the evidence policy these parameters apply, in one sentence."""
        return self.flow_filter().describe()

    def cypher_filters(self) -> dict[str, Any]:
        """Return the Cypher parameters for the shared filters (``as_of_window_start``: the
        first day a one-off payment still counts at the as-of day)."""
        day = self.as_of.last_day() if self.as_of else None
        return {
            "as_of_day": day.isoformat() if day else None,
            "as_of_window_start": years_before(day, self.window_years).isoformat() if day else None,
            "min_status_rank": self.min_status.rank if self.min_status else Status.TERMINATED.rank,
            "min_confidence_rank": self.min_confidence.rank if self.min_confidence else 0,
            "include_inactive": self.include_inactive,
            "inactive_statuses": sorted(status.value for status in INACTIVE_STATUSES),
            "include_uncommitted": self.include_uncommitted,
            "include_non_cash": self.include_non_cash,
        }


Records = list[dict[str, Any]]
PARAMETER = re.compile(r"\$(\w+)")
SEARCH_SHARE = 0.6
"""The share of a query's ``max_seconds`` its search may take; the rest makes the rows."""


def _until(
    records: Iterable[dict[str, Any]], budget: Budget, query: str
) -> Iterator[dict[str, Any]]:
    """Yield ``records`` until ``budget`` is spent; then stop it with a warning (the rows are
    partial)."""
    for record in records:
        if budget.spent():
            budget.stop(
                f"{query} stopped making rows after {budget.seconds:g} s; raise --max-seconds "
                "or narrow the filters",
                stacklevel=3,
            )
            return
        yield record


@dataclass(frozen=True)
class Query(Generic[P, R]):
    """A query of the library, declared once."""

    id: str
    title: str
    description: str
    params: type[P]
    row: type[R]
    records: Callable[..., Records]
    """The Python form: what the Cypher form returns, computed on the embedded graph
    (``records(graph, params)``; a query with ``max_seconds`` also takes the command's
    :class:`~aigraph.queries.budget.Budget` as a third argument)."""
    rows_from_records: Callable[[Records, P], list[R]]
    """Shared by both forms: records -> typed, ordered rows."""
    cypher_parameters: Callable[[P], dict[str, Any]]
    """The Cypher parameters for given query parameters."""
    returns: str = ""
    """What the rows are and how they are ordered (the helper's docstring says it)."""
    visual_description: str = ""
    """What the visual form draws (the header of ``<id>.visual.cypher``)."""
    positional: tuple[str, ...] = ()
    """Parameters the helper also takes by position, after the graph."""
    example: dict[str, Any] = dataclasses.field(default_factory=dict)
    """Parameter values for the Browser kit and the views when the defaults show nothing."""
    doctest: str = ""
    """A runnable example of the helper (``>>>`` lines), run by the tests."""
    parity: tuple[dict[str, Any], ...] = ({},)
    """Parameter sets on which the Neo4j tests compare the Cypher form with the Python form."""
    order: int = 100
    """Where the query comes in listings (``aigraph query --list``, the README, the kit)."""
    cypher_dir: Path = CYPHER_DIR

    def __post_init__(self) -> None:
        install_reprs(self.row)  # rows print as field lists and show as tables in Jupyter

    @collector_paused()  # a query's many short-lived objects beside a large graph
    def run(
        self,
        graph: EmbeddedGraph,
        params: P | None = None,
        budget: Budget | None = None,
        **values: Any,
    ) -> list[R]:
        """Return the rows of this query on the embedded graph (a list that shows as a table,
        with ``to_frame()``).

        A query with ``max_seconds`` is bounded as a whole: by ``budget`` (that of the command
        it is a step of, which then rules) or by a budget of ``max_seconds``. Its search gets
        :data:`SEARCH_SHARE` of it, and the records are turned into rows only until it is
        spent (then the rows are those made so far, with a warning, and the budget is
        ``truncated``)."""
        chosen = params if params is not None else self.params(**values)
        seconds = getattr(chosen, "max_seconds", None)
        if seconds is None:
            return Rows(self.rows_from_records(self.records(graph, chosen), chosen), self.row)
        budget = Budget(seconds) if budget is None else budget
        searched = chosen.model_copy(update={"max_seconds": budget.share(SEARCH_SHARE)})
        records = self.records(graph, searched, budget)
        rows = self.rows_from_records(_until(records, budget, self.id), chosen)
        return Rows(rows, self.row)

    # -- the notebook helper ------------------------------------------------------------------

    @property
    def helper_name(self) -> str:
        """Return the helper's name: ``circular-financing`` -> ``circular_financing``."""
        return self.id.replace("-", "_")

    def signature(self) -> inspect.Signature:
        """Return the helper's signature: the graph, the positional parameters, then every
        other parameter by keyword, with the declared defaults and types."""
        fields = self.params.model_fields
        parameters = [
            inspect.Parameter(
                "graph", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=EmbeddedGraph
            )
        ]
        for name in self.positional:
            parameters.append(
                inspect.Parameter(
                    name,
                    inspect.Parameter.POSITIONAL_OR_KEYWORD,
                    default=fields[name].default,
                    annotation=fields[name].annotation,
                )
            )
        for name, info in fields.items():
            if name not in self.positional:
                parameters.append(
                    inspect.Parameter(
                        name,
                        inspect.Parameter.KEYWORD_ONLY,
                        default=info.default,
                        annotation=info.annotation,
                    )
                )
        return inspect.Signature(parameters, return_annotation=list[self.row])  # type: ignore[name-defined]

    def helper_doc(self) -> str:
        """Return the helper's docstring: what it returns, its parameters, an example."""
        lines = [f"Return the rows of {self.id}: {self.description}", ""]
        if self.returns:
            lines += [self.returns, ""]
        lines.append(f"Rows are :class:`{self.row.__name__}`. Parameters:")
        lines.append("")
        for name, info in self.params.model_fields.items():
            default = getattr(info.default, "value", info.default)
            lines.append(f"- ``{name}`` (default ``{default!r}``): {info.description}")
        if self.doctest:
            lines += ["", *self.doctest.strip("\n").splitlines()]
        return "\n".join(lines) + "\n"

    def helper(self) -> Callable[..., list[R]]:
        """Return the notebook helper of this query: ``helper(graph, ..., name=value)`` returns
        the typed rows; its signature and docstring come from the declaration."""
        signature = self.signature()

        def run_query(*args: Any, **kwargs: Any) -> list[R]:
            bound = signature.bind(*args, **kwargs)
            graph = bound.arguments.pop("graph")
            return self.run(graph, self.params(**bound.arguments))

        run_query.__name__ = run_query.__qualname__ = self.helper_name
        run_query.__doc__ = self.helper_doc()
        run_query.__signature__ = signature  # type: ignore[attr-defined]
        run_query.__module__ = "aigraph.queries"
        return run_query

    # -- the Cypher forms ---------------------------------------------------------------------

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

    def cypher_header(self, visual: bool = False, body: str = "") -> str:
        """Return the header a Cypher form must start with: ``// id``, ``title``,
        ``description`` and ``parameters`` (for the visual form, those its body uses)."""
        if visual:
            title = f"{self.title} (paths for Neo4j Browser)"
            description = self.visual_description or self.description
            names = list(dict.fromkeys(PARAMETER.findall(cypher_code(body))))
        else:
            title, description = self.title, self.description
            names = list(self.cypher_parameters(self.params()))
        return (
            f"// id: {self.id}\n// title: {title}\n// description: {description}\n"
            f"// parameters: {', '.join(names)}\n"
        )

    def visual_parameters(self, limit: int = VISUAL_LIMIT) -> dict[str, Any]:
        """Return the parameters of the visual form (those its text uses: Cypher parameters or
        the query's own, such as ``provider``), from the example values and ``limit``."""
        path = self.visual_cypher_path
        if path is None:
            return {}
        wanted = set(PARAMETER.findall(cypher_code(path.read_text(encoding="utf-8"))))
        params = self.params(**self.example)
        values = params.model_dump(mode="json") | self.cypher_parameters(params) | {"limit": limit}
        return {name: value for name, value in values.items() if name in wanted}


WRITE_CLAUSES = re.compile(
    r"\b(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|INSERT|LOAD\s+CSV|FOREACH)\b"
    r"|\bCALL\s+(?![{(\s])[A-Za-z_`]",  # any procedure: it may write; CALL { } subqueries pass
    re.IGNORECASE,
)
_LITERALS_AND_COMMENTS = re.compile(
    r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*|/\*.*?\*/", re.DOTALL
)


class ReadOnlyViolation(ValueError):
    """A query of the library would write: it is refused before it reaches the server."""


def cypher_code(text: str) -> str:
    """Return Cypher without its comments and with its string literals emptied (for static
    checks), read left to right as the server reads it: ``'a//b'`` is a string, not a comment.

    >>> cypher_code("RETURN 'x // y' AS s /* a */ // note")
    "RETURN '' AS s  "
    """

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        return "''" if token[0] in "'\"" else ""

    return _LITERALS_AND_COMMENTS.sub(replace, text)


def assert_read_only(query_id: str, cypher: str) -> None:
    """Raise :class:`ReadOnlyViolation` when the Cypher has a clause that writes, or calls a
    procedure (which may write).

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


def split_header(text: str) -> tuple[str, str]:
    """Return (the ``// key: value`` header lines, the rest) of a Cypher file."""
    lines = text.splitlines(keepends=True)
    count = 0
    while count < len(lines) and HEADER.match(lines[count].strip()):
        count += 1
    return "".join(lines[:count]), "".join(lines[count:])
