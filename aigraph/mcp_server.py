"""``aigraph mcp``: the query library as a Model Context Protocol server for AI assistants.

Tools are generated from the declarations: one per query of :data:`aigraph.queries.QUERIES`
(its parameter model is the input schema, its row model the output schema), plus ``explain``,
``stress``, ``hubs``, ``show`` and ``find``, and ``cypher`` when the server runs against Neo4j
with ``--allow-cypher``. Every row carries ``citations`` (each source's id, title, publisher,
kind, URL and a quote from the records the row rests on); every answer says the evidence policy
it was computed under, how many rows there were and whether it was ``truncated``. Bad input is a
tool error naming the parameter and its allowed values; the server keeps answering.

Resources: ``aigraph://schema`` (labels, relationship types, properties and words, from the
model), ``aigraph://policy`` and ``aigraph://data`` (the data's content hash and dates).
The SDK (``mcp`` 2.x, the ``mcp`` extra) is imported here only.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import re
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

import anyio
import mcp_types as types
from mcp.server.lowlevel import Server
from pydantic import BaseModel, Field, ValidationError, create_model

from aigraph.explain import Explanation
from aigraph.explain import explain as explain_members
from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model import vocabulary
from aigraph.graph.model.records import RECORD_TYPES, DealClaim, Source, claim_fields
from aigraph.graph.model.schema import CLAIM_LABEL, CLAIM_PROPERTIES, RELATIONSHIP_TYPES
from aigraph.graph.model.schema import property_names as label_properties
from aigraph.graph.model.vocabulary import DEAL_KINDS
from aigraph.graph.profile import EntityProfile, entity_profile
from aigraph.queries import QUERIES, Query
from aigraph.queries.library.circular_financing import QUERY as CIRCULAR_FINANCING
from aigraph.queries.library.circular_financing import CircularFinancingParams
from aigraph.queries.significance import Hub
from aigraph.queries.significance import hubs as loop_hubs
from aigraph.queries.spec import (
    RECORD_ID,
    FilterParams,
    QueryParams,
    ReadOnlyViolation,
    assert_read_only,
)
from aigraph.queries.stress import StressParams, StressResult
from aigraph.queries.stress import stress as stress_test

if TYPE_CHECKING:
    from neo4j import Driver

DEFAULT_LIMIT = 50
"""Rows an answer holds unless the caller asks for more (at most :data:`MAX_LIMIT`)."""
MAX_LIMIT = 1000
DEFAULT_MAX_CHARS = 40_000
"""The size budget of an answer's rows, in characters of JSON (about 10k tokens)."""
MAX_CHARS = 400_000
MAX_SECONDS = 60.0
"""The longest a search may run in one call (a query's ``max_seconds``)."""
CYPHER_TIMEOUT = 10.0
"""Seconds a ``cypher`` call may run (the server's transaction timeout and a client check)."""
CYPHER_ROW_CAP = 1000
"""Rows a ``cypher`` call reads at most, whatever its ``limit``."""
DATE_SCHEMA: dict[str, Any] = {
    "type": "string",
    "pattern": r"^\d{4}(-(H[12]|Q[1-4]|\d{2}(-\d{2})?))?$",
    "description": "a date: YYYY, YYYY-H1, YYYY-Q3, YYYY-MM or YYYY-MM-DD",
}


# -- the evidence policy, in words -------------------------------------------------------------


def policy_text(filters: FilterParams | None) -> str:
    """Return the evidence policy a result was computed under, in words (None: a tool that
    applies no deal filter): the policy's own description, as the report prints it."""
    if filters is None:
        return (
            "No deal filter: every record as its sources state it (statuses and confidences "
            "are shown on each record)."
        )
    return filters.policy() + (
        f"; a one-off payment counts for {filters.window_years} years after its date."
    )


# -- rows and answers ----------------------------------------------------------------------------


class CitedSource(BaseModel):
    """A source a row rests on, with a quote from a record of the row that cites it."""

    id: str
    title: str | None = None
    publisher: str | None = None
    kind: str | None = None
    url: str | None = None
    file: str | None = Field(default=None, description="A file in the data, when not online.")
    quote: str | None = None
    quoted_in: str | None = Field(default=None, description="The record whose citation quotes it.")
    credit: str | None = Field(
        default=None, description="The attribution the source's licence asks for (a dataset's)."
    )


class Limits(BaseModel):
    """The caps every tool takes."""

    limit: int = Field(
        default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="At most this many rows."
    )
    max_chars: int = Field(
        default=DEFAULT_MAX_CHARS,
        ge=1000,
        le=MAX_CHARS,
        description="Size budget of the rows, in characters of JSON; rows past it are left "
        "out and the answer says truncated: true.",
    )


class ExplainParams(FilterParams):
    """Parameters of explain."""

    members: list[str] = Field(
        min_length=1, max_length=8, description="Ids of the loop's or link's members, e.g. nvidia."
    )


class ShowParams(QueryParams):
    """Parameters of show."""

    id: str = Field(description="An entity's id, e.g. spacex.", json_schema_extra=RECORD_ID)


LABELS = tuple(t.label for t in RECORD_TYPES if t is not Source)


class FindParams(QueryParams):
    """Parameters of find."""

    name: str = Field(min_length=1, max_length=200, description="A name, alias or id.")
    label: Literal[LABELS] | None = Field(  # type: ignore[valid-type]
        default=None, description="Only records with this label."
    )


class FindRow(BaseModel):
    """A record whose id, name or alias matches, and how well."""

    id: str
    label: str
    name: str
    aliases: list[str]
    match: Literal["id", "name", "alias", "contains", "near"]
    similarity: float
    sources: list[str]


class HubRow(Hub):
    """A group, the loops through it and their sources."""

    sources: list[str]


@dataclasses.dataclass(frozen=True)
class ToolSpec:
    """A tool: its name, description, input model (with :class:`Limits`), row model and run."""

    name: str
    title: str
    description: str
    params: type[BaseModel]
    row: type[BaseModel]
    run: Callable[[Library, Any], list[BaseModel] | list[dict[str, Any]]]
    example: dict[str, Any]
    filtered: bool = True
    single: bool = False
    """One row (a profile, an explanation): ``limit`` caps each of its lists."""

    def input_schema(self, defaults: dict[str, Any]) -> dict[str, Any]:
        """Return the JSON schema of the tool's arguments (server defaults filled in)."""
        schema = compact_schema(self.params.model_json_schema())
        for name, value in defaults.items():
            if name in schema.get("properties", {}):
                schema["properties"][name]["default"] = value
        schema["examples"] = [self.example]
        return schema

    def output_schema(self) -> dict[str, Any]:
        """Return the JSON schema of the tool's answer: rows of its row model, each with its
        citations, the policy, counts and ``truncated``."""
        return compact_schema(
            answer_model(self.row).model_json_schema(mode="serialization"), output=True
        )


def cited_row(row: type[BaseModel]) -> type[BaseModel]:
    """Return ``row`` with the ``citations`` every answer's rows carry."""
    return create_model(
        row.__name__,
        __base__=row,
        __doc__=row.__doc__,
        citations=(
            list[CitedSource],
            Field(description="The sources of the row, each with a quote."),
        ),
    )


def answer_model(row: type[BaseModel]) -> type[BaseModel]:
    """Return the model of a tool's answer with rows of ``row``."""
    return create_model(
        f"{row.__name__}Answer",
        rows=(list[cited_row(row)], ...),  # type: ignore[misc]
        returned=(int, Field(description="Rows in this answer.")),
        total=(int, Field(description="Rows the tool found.")),
        truncated=(bool, Field(description="True when rows or list items were left out.")),
        note=(str | None, Field(default=None, description="Why it was truncated, warnings.")),
        policy=(str, Field(description="The evidence policy the rows were computed under.")),
        backend=(str, Field(description="Where the rows were computed: embedded or neo4j.")),
    )


def compact_schema(schema: dict[str, Any], output: bool = False) -> dict[str, Any]:
    """Return a JSON schema made compact for a context window: no generated titles, each
    description its first paragraph without markup, dates as strings (a date is given as
    YYYY[-MM[-DD]] text, not the model's object); an ``output`` schema also loses its
    defaults and writes ``T or null`` as ``{"type": [T, "null"]}``."""
    defs = schema.get("$defs", {})
    defs.pop("PartialDate", None)

    def walk(node: Any, mapping: bool = False) -> Any:
        if isinstance(node, dict):
            if node.get("$ref") == "#/$defs/PartialDate":
                return dict(DATE_SCHEMA)
            out = {}
            for key, value in node.items():
                if not mapping and isinstance(value, str) and key == "title":
                    continue
                if not mapping and output and key == "default":
                    continue
                if not mapping and key == "description" and isinstance(value, str):
                    out[key] = _short(value)
                    continue
                out[key] = walk(value, mapping=key in ("properties", "$defs"))
            options = out.get("anyOf")
            if output and options and all(list(o) == ["type"] for o in options):
                out.pop("anyOf")
                out["type"] = [o["type"] for o in options]
            return out
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    compact = walk(schema)
    if not compact.get("$defs"):
        compact.pop("$defs", None)
    return compact


def _short(text: str) -> str:
    """Return the first paragraph of a docstring, on one line, without reST markup."""
    first = text.strip().split("\n\n", 1)[0]
    first = re.sub(r":\w+:`([^`]*)`", r"\1", first).replace("``", "")
    return " ".join(first.split())


class ToolInputError(ValueError):
    """A tool was called with arguments it cannot take (the message names them)."""


def allowed_values(schema: dict[str, Any], name: str) -> str:
    """Return the allowed values of a parameter, from the input schema, in words."""
    prop = schema.get("properties", {}).get(name)
    if prop is None:
        return ""
    defs = schema.get("$defs", {})
    options = prop.get("anyOf", [prop])
    words: list[str] = []
    for option in options:
        ref = option.get("$ref", "")
        target = defs.get(ref.rsplit("/", 1)[-1], option) if ref else option
        if "enum" in target:
            words.append("one of " + ", ".join(map(str, target["enum"])))
        elif target.get("type") == "null":
            words.append("null")
        elif "pattern" in target:
            words.append(target.get("description", target["pattern"]))
        elif "type" in target:
            bounds = [
                f"{word} {target[key]}"
                for key, word in (
                    ("minimum", ">="),
                    ("exclusiveMinimum", ">"),
                    ("maximum", "<="),
                    ("minLength", "length >="),
                    ("maxLength", "length <="),
                    ("minItems", "items >="),
                    ("maxItems", "items <="),
                )
                if key in target
            ]
            words.append(" ".join([str(target["type"]), *bounds]))
    return " or ".join(words)


def input_error(spec: ToolSpec, error: ValidationError, schema: dict[str, Any]) -> ToolInputError:
    """Return the tool error for arguments the input model refused, parameter by parameter."""
    known = list(spec.params.model_fields)
    problems = []
    for item in error.errors():
        name = str(item["loc"][0]) if item["loc"] else "arguments"
        if item["type"] == "extra_forbidden":
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            problems.append(
                f"unknown parameter {name!r}{hint} ({spec.name} takes {', '.join(known)})"
            )
            continue
        allowed = allowed_values(schema, name)
        if item["type"] == "missing":
            message = "missing (required)"
        elif item["type"] in ("enum", "literal_error"):
            message = f"{item['input']!r} is not allowed"
        else:
            message = item["msg"]
        problems.append(
            f"parameter {name!r}: {message}" + (f" (allowed: {allowed})" if allowed else "")
        )
    return ToolInputError(f"{spec.name}: " + "; ".join(problems))


# -- the graph, its sources and its answers -----------------------------------------------------


class Library:
    """The graph a server answers from, its sources and quotes, and the Neo4j driver if any."""

    def __init__(
        self,
        graph: EmbeddedGraph,
        policy: dict[str, Any] | None = None,
        driver: Driver | None = None,
        database: str | None = None,
        allow_cypher: bool = False,
    ) -> None:
        self.graph = graph
        self.dataset = graph.dataset
        self.policy = {k: v for k, v in (policy or {}).items() if v not in (None, False)}
        self.driver = driver
        self.database = database
        self.allow_cypher = allow_cypher and driver is not None
        self.built = datetime.now(UTC).replace(microsecond=0)
        self.sources: dict[str, Source] = {s.id: s for s in self.dataset.of_type(Source)}
        self.quotes: dict[str, dict[str, str]] = {}
        """Source id -> record id -> the first quote of that record citing it."""
        for record in self.dataset:
            for citation in record.all_citations():
                self.quotes.setdefault(citation.source, {}).setdefault(record.id, citation.quote)
        self.names = [
            record_id for record_id in self.dataset.records if record_id not in self.sources
        ]
        self.lock = threading.Lock()

    @property
    def backend(self) -> str:
        """Return where library queries run: ``neo4j`` or ``embedded``."""
        return "neo4j" if self.driver is not None else "embedded"

    def check_ids(self, name: str, ids: list[str]) -> None:
        """Raise :class:`ToolInputError` unless every id is in the graph (near matches named)."""
        for record_id in ids:
            if record_id not in self.dataset:
                close = difflib.get_close_matches(record_id, self.names, n=3)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                raise ToolInputError(
                    f"parameter {name!r}: unknown id {record_id!r}{hint} (find gives ids by name)"
                )

    def cite(self, row: dict[str, Any]) -> list[dict[str, Any]]:
        """Return the sources of a row (each ``sources`` list in it, or the sources of the deals
        it names), each with a quote from a record the row names that cites it."""
        cited: dict[str, None] = {}
        if row.get("id") in self.sources:  # a source shown: it cites itself
            cited[row["id"]] = None
        named: dict[str, None] = {}
        for key, value in _walk(row):
            if key == "sources" and isinstance(value, list):
                for item in value:
                    source_id = item.get("id") if isinstance(item, dict) else item
                    if isinstance(source_id, str):
                        cited.setdefault(source_id, None)
            elif isinstance(value, str) and value in self.dataset and value not in self.sources:
                named.setdefault(value, None)
        if not cited:  # e.g. a stress loss: the sources of the deals it names
            for record_id in named:
                record = self.dataset.records[record_id]
                if type(record).__name__ == "Deal":
                    for source_id in record.source_ids():
                        cited.setdefault(source_id, None)
        return [self.cited_source(source_id, named) for source_id in cited]

    def cited_source(self, source_id: str, named: dict[str, None]) -> dict[str, Any]:
        """Return one source with a quote: from a record in ``named`` first, else any record."""
        source = self.sources.get(source_id)
        quotes = self.quotes.get(source_id, {})
        quoted_in = next((r for r in named if r in quotes), next(iter(quotes), None))
        if source is None:
            return {"id": source_id, "quote": quotes.get(quoted_in) if quoted_in else None}
        return {
            "id": source.id,
            "title": source.title,
            "publisher": source.publisher,
            "kind": source.kind.value,
            "url": source.url,
            "file": source.file,
            "quote": quotes.get(quoted_in) if quoted_in else None,
            "quoted_in": quoted_in,
            "credit": source.credit,
        }

    def content_hash(self) -> str:
        """Return the SHA-256 of the dataset's records (their JSON, in the dataset's order)."""
        digest = hashlib.sha256()
        for record in self.dataset:
            digest.update(record.model_dump_json().encode())
        return digest.hexdigest()

    def data_info(self) -> dict[str, Any]:
        """Return the data's content hash, dates and counts."""
        published = [str(s.published) for s in self.sources.values() if s.published]
        return {
            "content_hash": "sha256:" + self.content_hash(),
            "newest_source": max(published, default=None),
            "graph_built": self.built.isoformat(),
            "records": len(self.dataset),
            "counts": self.dataset.counts(),
            "credits": self.dataset.credits(),
            "backend": self.backend,
        }


def _walk(value: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    yield key, value
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _walk(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item, key)


def fit(
    rows: list[dict[str, Any]], limit: int, max_chars: int, single: bool
) -> tuple[list[dict[str, Any]], list[str]]:
    """Return the rows within ``limit`` and ``max_chars`` and what was cut, in words.

    Rows go whole, in order, while they fit; a row that does not fit alone keeps the first
    items of its longest lists (and says so). A single-row tool caps each list at ``limit``.
    """
    cuts: list[str] = []
    if single:
        rows = [_cap_lists(row, limit, cuts) for row in rows]
    elif len(rows) > limit:
        cuts.append(f"{len(rows) - limit} rows past limit {limit} left out")
        rows = rows[:limit]
    kept: list[dict[str, Any]] = []
    used = 0
    for index, row in enumerate(rows):
        size = _size(row)
        if used + size > max_chars:
            if kept:
                cuts.append(
                    f"{len(rows) - index} rows past the size budget of {max_chars} characters "
                    "left out (raise max_chars or narrow the question)"
                )
                break
            row = _shrink(row, max_chars, cuts)
            size = _size(row)
        kept.append(row)
        used += size
    return kept, cuts


def _size(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":"), default=str))


def _cap_lists(row: dict[str, Any], limit: int, cuts: list[str]) -> dict[str, Any]:
    capped = dict(row)
    for key, value in row.items():
        if key != "citations" and isinstance(value, list) and len(value) > limit:
            capped[key] = value[:limit]
            cuts.append(f"{key}: first {limit} of {len(value)} (limit)")
    return capped


def _shrink(row: dict[str, Any], max_chars: int, cuts: list[str]) -> dict[str, Any]:
    """Return ``row`` with its longest lists halved until it fits ``max_chars`` (or has no
    list left to cut)."""
    shrunk = dict(row)
    totals = {k: len(v) for k, v in row.items() if isinstance(v, list)}
    while _size(shrunk) > max_chars:
        lists = [(len(json.dumps(v, default=str)), k) for k, v in shrunk.items()]
        lists = [(size, k) for size, k in lists if isinstance(shrunk[k], list) and shrunk[k]]
        if not lists:
            break
        _, key = max(lists)
        shrunk[key] = shrunk[key][: len(shrunk[key]) // 2]
    for key, total in totals.items():
        if len(shrunk[key]) < total:
            cuts.append(f"{key}: first {len(shrunk[key])} of {total} (size budget {max_chars})")
    return shrunk


# -- the tools -----------------------------------------------------------------------------------


def tool_params(name: str, base: type[BaseModel]) -> type[BaseModel]:
    """Return the input model of a tool: ``base``'s parameters and the :class:`Limits`; a
    search's own time limit (``max_seconds``) is capped at :data:`MAX_SECONDS`, since one call
    holds the server while it runs."""
    fields: dict[str, Any] = {
        key: (info.annotation, info) for key, info in Limits.model_fields.items()
    }
    if "max_seconds" in base.model_fields:
        info = base.model_fields["max_seconds"]
        fields["max_seconds"] = (
            float,
            Field(
                default=min(info.default, MAX_SECONDS),
                gt=0,
                le=MAX_SECONDS,
                description=info.description,
            ),
        )
    camel = "".join(part.title() for part in re.split(r"[-_]", name))
    return create_model(f"{camel}Arguments", __base__=base, __doc__=base.__doc__, **fields)


def _query_params(query: Query, params: BaseModel) -> QueryParams:
    values = params.model_dump(include=set(query.params.model_fields))
    if "limit" in values:  # the answer caps the rows, and counts them all first
        values["limit"] = None
    return query.params.model_validate(values)


def query_tool(query: Query) -> ToolSpec:
    """Return the tool of a library query (generated from its declaration)."""

    def run(library: Library, params: BaseModel) -> list[BaseModel]:
        chosen = _query_params(query, params)
        _check_record_ids(library, chosen)
        if library.driver is not None:
            from aigraph.queries.neo4j_backend import run_on_neo4j

            return run_on_neo4j(library.driver, query, chosen, library.database)
        return query.run(library.graph, chosen)

    description = f"{query.title}: {query.description}"
    if query.returns:
        description += " " + query.returns.replace("``", "")
    return ToolSpec(
        name=query.id,
        title=query.title,
        description=description,
        params=tool_params(query.id, query.params),
        row=query.row,
        run=run,
        example=dict(query.example),
        filtered=issubclass(query.params, FilterParams),
    )


def _check_record_ids(library: Library, params: BaseModel) -> None:
    for name, info in type(params).model_fields.items():
        extra = info.json_schema_extra
        value = getattr(params, name)
        if isinstance(extra, dict) and extra.get("record_id") and value is not None:
            library.check_ids(name, value if isinstance(value, list) else [value])


def _explain(library: Library, params: ExplainParams) -> list[Explanation]:
    library.check_ids("members", params.members)
    filters = params.model_dump(include=set(FilterParams.model_fields))
    return [explain_members(library.graph, params.members, **filters)]


def _stress(library: Library, params: StressParams) -> list[StressResult]:
    library.check_ids("remove", params.remove)
    for name in ("provider", "funded"):
        if getattr(params, name) is not None:
            library.check_ids(name, [getattr(params, name)])
    values = params.model_dump(include=set(StressParams.model_fields))
    result = stress_test(library.graph, StressParams.model_validate(values))
    loops = {
        tuple(row.members): row.sources
        for row in CIRCULAR_FINANCING.run(
            library.graph,
            CIRCULAR_FINANCING.params(**params.model_dump(include=set(FilterParams.model_fields))),
        )
    }
    # A broken loop names its members only: its sources are those of the loop.
    broken = [
        {**loop.model_dump(mode="json"), "sources": loops.get(tuple(loop.members), [])}
        for loop in result.broken_loops
    ]
    return [{**result.model_dump(mode="json"), "broken_loops": broken}]  # type: ignore[list-item]


def _hubs(library: Library, params: CircularFinancingParams) -> list[HubRow]:
    values = params.model_dump(include=set(CircularFinancingParams.model_fields))
    values["limit"] = None  # every loop counts; the answer's limit caps the hubs
    rows = CIRCULAR_FINANCING.run(library.graph, CircularFinancingParams.model_validate(values))
    sources: dict[str, set[str]] = {}
    for row in rows:
        for member in row.members:
            sources.setdefault(member, set()).update(row.sources)
    return [
        HubRow(**hub.model_dump(), sources=sorted(sources.get(hub.group, set())))
        for hub in loop_hubs(rows)
    ]


def _show(library: Library, params: ShowParams) -> list[EntityProfile]:
    library.check_ids("id", [params.id])
    return [entity_profile(library.graph, params.id)]


def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.casefold())


def _find(library: Library, params: FindParams) -> list[FindRow]:
    wanted = _normal(params.name)
    if not wanted:
        raise ToolInputError(f"parameter 'name': {params.name!r} has no letters or digits")
    found: list[FindRow] = []
    for record in library.dataset:
        if isinstance(record, Source) or (params.label and record.label != params.label):
            continue
        aliases = list(getattr(record, "aliases", []) or [])
        named = [("name", record.caption), *(("alias", a) for a in aliases), ("id", record.id)]
        best: tuple[float, str] | None = None
        for how, text in named:
            form = _normal(text)
            if form == wanted:
                score, match = 1.0, how
            elif len(wanted) >= 3 and wanted in form:
                score, match = 0.8 * len(wanted) / max(len(form), 1) + 0.1, "contains"
            else:
                ratio = difflib.SequenceMatcher(None, wanted, form).ratio()
                if ratio < 0.75:
                    continue
                score, match = 0.7 * ratio, "near"
            if best is None or score > best[0]:
                best = (score, match)
        if best is not None:
            found.append(
                FindRow(
                    id=record.id,
                    label=record.label,
                    name=record.caption,
                    aliases=aliases,
                    match=best[1],  # type: ignore[arg-type]
                    similarity=round(best[0], 3),
                    sources=record.source_ids(),
                )
            )
    found.sort(key=lambda row: (-row.similarity, row.id))
    return found


class CypherParams(QueryParams):
    """Parameters of cypher."""

    query: str = Field(min_length=1, max_length=20_000, description="A read-only Cypher query.")
    parameters: dict[str, Any] = Field(
        default_factory=dict, description="Its parameters ($name), as JSON values."
    )
    timeout_seconds: float = Field(
        default=CYPHER_TIMEOUT, gt=0, le=60, description="Stop the query after this long."
    )


class CypherRow(BaseModel):
    """One record of a Cypher query, as returned (raw rows cite no source of their own)."""

    model_config = {"extra": "allow"}


def _cypher(library: Library, params: CypherParams) -> list[dict[str, Any]]:
    """Return the records of a Cypher query that passes the read-only check, read in a read
    session with a server-side timeout; at most ``limit`` (and :data:`CYPHER_ROW_CAP`) rows,
    and a warning (truncated) when it stops early."""
    import neo4j

    try:
        assert_read_only("cypher", params.query)
    except ReadOnlyViolation as error:
        raise ToolInputError(
            f"parameter 'query': {error} (only reading queries: no CREATE, MERGE, SET, "
            "DELETE, REMOVE, DROP, LOAD CSV, FOREACH or procedure CALL)"
        ) from None
    assert library.driver is not None
    cap = min(params.limit, CYPHER_ROW_CAP)
    rows: list[dict[str, Any]] = []
    started = time.monotonic()
    with library.driver.session(
        database=library.database, default_access_mode=neo4j.READ_ACCESS
    ) as session:
        result = session.run(
            neo4j.Query(params.query, timeout=params.timeout_seconds), params.parameters
        )
        for record in result:
            if len(rows) == cap:
                warnings.warn(
                    f"cypher: more rows than {cap} (limit, at most {CYPHER_ROW_CAP}); "
                    "stopped there (truncated: true)",
                    stacklevel=2,
                )
                break
            if time.monotonic() - started > params.timeout_seconds:
                warnings.warn(
                    f"cypher: stopped after {params.timeout_seconds:g} s (truncated: true)",
                    stacklevel=2,
                )
                break
            rows.append(json.loads(json.dumps(record.data(), default=str)))
        result.consume()
    return rows


def library_tools(allow_cypher: bool = False) -> list[ToolSpec]:
    """Return every tool: one per library query (in listing order), then the other questions
    (and ``cypher`` when allowed)."""
    tools = [query_tool(query) for query in QUERIES.values()]
    tools += [
        ToolSpec(
            name="explain",
            title="Explain a loop or a link",
            description="The story of the circular-financing loops and competitor-customer "
            "links whose groups are exactly the groups of the members given: one dated, "
            "sourced sentence per hop, time-respecting or not.",
            params=tool_params("explain", ExplainParams),
            row=Explanation,
            run=_explain,
            example={"members": ["microsoft", "openai"]},
            single=True,
        ),
        ToolSpec(
            name="stress",
            title="Stress: a group walks away",
            description="Take the deals of the groups of the ids in remove out; return, "
            "ranked, the revenue, funding and backing the other groups lose, and the "
            "circular-financing loops that break.",
            params=tool_params("stress", StressParams),
            row=StressResult,
            run=_stress,
            example={"remove": ["openai"]},
            single=True,
        ),
        ToolSpec(
            name="hubs",
            title="Hubs of circular financing",
            description="Groups ranked by how many circular-financing loops, and how many "
            "dollars of loops (their smallest hops), pass through them; takes "
            "circular-financing's parameters.",
            params=tool_params("hubs", CircularFinancingParams),
            row=HubRow,
            run=_hubs,
            example={"max_length": 4},
        ),
        ToolSpec(
            name="show",
            title="Show an entity",
            description="One entity with its sourced facts, deals, relationships, sources and "
            "conflicts (ids come from find).",
            params=tool_params("show", ShowParams),
            row=EntityProfile,
            run=_show,
            example={"id": "spacex"},
            filtered=False,
            single=True,
        ),
        ToolSpec(
            name="find",
            title="Find an entity",
            description="Records whose id, name or alias matches the name given, exact matches "
            "first, then near matches (for misspellings), with how well each matches.",
            params=tool_params("find", FindParams),
            row=FindRow,
            run=_find,
            example={"name": "Open AI"},
            filtered=False,
        ),
    ]
    if allow_cypher:
        tools.append(
            ToolSpec(
                name="cypher",
                title="Read-only Cypher",
                description="Run a read-only Cypher query on the Neo4j database (refused if it "
                f"would write; at most {CYPHER_ROW_CAP} rows, a timeout). Prefer the typed "
                "tools: their rows carry sources; raw rows carry those they return only. "
                "Read the resource aigraph://schema for labels and types.",
                params=tool_params("cypher", CypherParams),
                row=CypherRow,
                run=_cypher,
                example={"query": "MATCH (o:Organization) RETURN o.id AS id ORDER BY id LIMIT 5"},
                filtered=False,
            )
        )
    return tools


def answer(library: Library, spec: ToolSpec, arguments: dict[str, Any]) -> dict[str, Any]:
    """Return a tool's answer to ``arguments`` (raises :class:`ToolInputError` for bad ones)."""
    if not isinstance(arguments, dict):
        raise ToolInputError(f"{spec.name}: arguments must be an object")
    fields = spec.params.model_fields
    given = {k: v for k, v in library.policy.items() if k in fields} | arguments
    try:
        params = spec.params.model_validate(given)
    except ValidationError as error:
        raise input_error(spec, error, spec.input_schema(library.policy)) from None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = spec.run(library, params)
    rows = [r.model_dump(mode="json") if isinstance(r, BaseModel) else r for r in found]
    rows = [{**row, "citations": library.cite(row)} for row in rows]
    total = len(rows)
    kept, cuts = fit(rows, params.limit, params.max_chars, spec.single)  # type: ignore[attr-defined]
    notes = [str(w.message) for w in caught] + cuts
    truncated = bool(cuts) or any("truncated" in str(w.message) for w in caught)
    filters = None
    if spec.filtered and isinstance(params, FilterParams):
        filters = FilterParams.model_validate(
            params.model_dump(include=set(FilterParams.model_fields))
        )
    return {
        "rows": kept,
        "returned": len(kept),
        "total": total,
        "truncated": truncated,
        "note": "; ".join(notes) or None,
        "policy": (
            "Raw Cypher: no evidence policy applied."
            if spec.name == "cypher"
            else policy_text(filters)
        ),
        "backend": library.backend if spec.name in QUERIES or spec.name == "cypher" else "embedded",
    }


# -- resources and prompts ----------------------------------------------------------------------


def schema_summary() -> dict[str, Any]:
    """Return the graph schema in brief (labels with properties, deal kinds, relationship
    types, the controlled words), generated from the model."""
    labels = {t.label: label_properties(t) for t in RECORD_TYPES}
    labels[CLAIM_LABEL] = list(CLAIM_PROPERTIES)
    kinds = {
        kind.value: {
            "label": spec.label,
            "roles": list(spec.required_roles) + [f"{r}?" for r in spec.optional_roles],
            "pays": f"{spec.payer} -> {spec.payee}" if spec.payer else None,
        }
        for kind, spec in DEAL_KINDS.items()
    }
    relationships = {
        rel.name: {
            "from": list(rel.sources) if len(rel.sources) <= 4 else "any",
            "to": list(rel.targets),
            **({"props": list(rel.properties)} if rel.properties else {}),
        }
        for rel in RELATIONSHIP_TYPES.values()
    }
    words = {
        name: [member.value for member in enum]
        for name, enum in vars(vocabulary).items()
        if isinstance(enum, type)
        and issubclass(enum, StrEnum)
        and enum.__module__ == vocabulary.__name__
    }
    return {
        "labels": labels,
        "deal_kinds": kinds,
        "relationships": relationships,
        "words": words,
        "dates": DATE_SCHEMA["description"],
        "deal_claims": list(claim_fields(DealClaim)),
    }


def schema_json() -> str:
    """Return :func:`schema_summary` as compact JSON (the ``aigraph://schema`` resource)."""
    return json.dumps(schema_summary(), separators=(",", ":"))


RESOURCES: dict[str, tuple[str, str, str]] = {
    "aigraph://schema": (
        "schema",
        "application/json",
        "The graph schema in brief: labels and properties, deal kinds, relationship types, "
        "controlled words (generated from the model).",
    ),
    "aigraph://policy": (
        "policy",
        "text/plain",
        "The evidence policy the tools apply unless a call sets its filters.",
    ),
    "aigraph://data": (
        "data",
        "application/json",
        "The data the server answers from: its content hash, newest source, build time, counts "
        "and the credit lines of the public datasets in it.",
    ),
}


def read_resource(library: Library, uri: str) -> str:
    """Return the text of a resource (ValueError for an unknown URI)."""
    if uri == "aigraph://schema":
        return schema_json()
    if uri == "aigraph://policy":
        return policy_text(FilterParams.model_validate(library.policy))
    if uri == "aigraph://data":
        return json.dumps(library.data_info(), indent=1)
    raise ValueError(f"unknown resource {uri!r} (resources: {', '.join(RESOURCES)})")


PROMPTS: dict[str, tuple[str, list[tuple[str, str]], str]] = {
    "explain-loop": (
        "Explain a circular-financing loop with its sources.",
        [("members", "The loop's members, comma-separated ids (e.g. microsoft, openai).")],
        "Explain the circular-financing loop between {members}. Call the explain tool with "
        "members [{quoted}]. Tell the story hop by hop: who paid whom, how much, when, and how "
        "firm each deal is (status, confidence, committed or contingent). Cite every figure "
        "with its source (publisher, URL and the quote) from the rows' citations, state the "
        "evidence policy the answer was computed under, and say plainly what is unknown. If "
        "explain finds no loop, say so and try find on the names.",
    ),
    "audit-exposure": (
        "Audit a company's exposure: who it depends on, who depends on it, what breaks.",
        [("company", "The company's id or name (e.g. oracle).")],
        "Audit the exposure of {company}. Use find to get its id if needed, then show it, "
        "then exposure (as provider, and as funded), contracted-revenue, supplier-dependence "
        "and stress (remove its largest counterparty, then itself). Report each figure with "
        "its sources (publisher, URL, quote) from the rows' citations, separate committed "
        "from contingent money, give how many deals have no known value, and state the "
        "evidence policy. Do not treat an unknown amount as zero.",
    ),
}


def prompt_messages(name: str, arguments: dict[str, str]) -> tuple[str, str]:
    """Return (description, text) of a prompt (ValueError for an unknown prompt or a missing
    argument)."""
    if name not in PROMPTS:
        raise ValueError(f"unknown prompt {name!r} (prompts: {', '.join(PROMPTS)})")
    description, needed, template = PROMPTS[name]
    missing = [arg for arg, _ in needed if not (arguments.get(arg) or "").strip()]
    if missing:
        raise ValueError(f"prompt {name}: argument {missing[0]!r} is required")
    values = dict(arguments)
    members = [m.strip() for m in arguments.get("members", "").split(",") if m.strip()]
    values["quoted"] = ", ".join(json.dumps(m) for m in members)
    return description, template.format(**values)


# -- the server ------------------------------------------------------------------------------


INSTRUCTIONS = (
    "aigraph answers questions about AI infrastructure deals (who owns, rents, supplies and "
    "funds whom) from a sourced graph. Use find to get an id from a name, then the typed "
    "tools; cite the rows' citations (publisher, URL, quote) and the policy given with each "
    "answer. Unknown amounts are null, never zero. Read aigraph://schema for the words."
)


def build_server(library: Library) -> Server[Any]:
    """Return the MCP server answering from ``library``."""
    from importlib.metadata import version

    specs = {spec.name: spec for spec in library_tools(library.allow_cypher)}
    listed = [
        types.Tool(
            name=spec.name,
            title=spec.title,
            description=spec.description,
            input_schema=spec.input_schema(library.policy),
            output_schema=spec.output_schema(),
            annotations=types.ToolAnnotations(
                title=spec.title,
                read_only_hint=True,
                destructive_hint=False,
                idempotent_hint=True,
                open_world_hint=False,
            ),
        )
        for spec in specs.values()
    ]

    def error(text: str) -> types.CallToolResult:
        return types.CallToolResult(
            content=[types.TextContent(type="text", text=text)], is_error=True
        )

    def call(name: str, arguments: Any) -> types.CallToolResult:
        spec = specs.get(name)
        if spec is None:
            close = difflib.get_close_matches(name, list(specs), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            return error(f"unknown tool {name!r}{hint} (tools: {', '.join(specs)})")
        try:
            with library.lock:
                found = answer(library, spec, arguments if arguments is not None else {})
        except ToolInputError as exc:
            return error(str(exc))
        except Exception as exc:  # a failure of one call must not end the server
            return error(f"{name} failed: {type(exc).__name__}: {exc}")
        text = json.dumps(found, separators=(",", ":"), default=str)
        return types.CallToolResult(
            content=[types.TextContent(type="text", text=text)], structured_content=found
        )

    async def on_list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        return types.ListToolsResult(tools=listed)

    async def on_call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
        return await anyio.to_thread.run_sync(call, params.name, params.arguments)

    async def on_list_resources(ctx: Any, params: Any) -> types.ListResourcesResult:
        return types.ListResourcesResult(
            resources=[
                types.Resource(uri=uri, name=name, mime_type=mime, description=text)
                for uri, (name, mime, text) in RESOURCES.items()
            ]
        )

    async def on_read_resource(
        ctx: Any, params: types.ReadResourceRequestParams
    ) -> types.ReadResourceResult:
        uri = str(params.uri)
        text = read_resource(library, uri)
        return types.ReadResourceResult(
            contents=[types.TextResourceContents(uri=uri, mime_type=RESOURCES[uri][1], text=text)]
        )

    async def on_list_prompts(ctx: Any, params: Any) -> types.ListPromptsResult:
        return types.ListPromptsResult(
            prompts=[
                types.Prompt(
                    name=name,
                    description=description,
                    arguments=[
                        types.PromptArgument(name=arg, description=text, required=True)
                        for arg, text in needed
                    ],
                )
                for name, (description, needed, _) in PROMPTS.items()
            ]
        )

    async def on_get_prompt(
        ctx: Any, params: types.GetPromptRequestParams
    ) -> types.GetPromptResult:
        description, text = prompt_messages(params.name, dict(params.arguments or {}))
        return types.GetPromptResult(
            description=description,
            messages=[
                types.PromptMessage(role="user", content=types.TextContent(type="text", text=text))
            ],
        )

    return Server(
        "aigraph",
        version=version("aigraph"),
        instructions=INSTRUCTIONS,
        on_list_tools=on_list_tools,
        on_call_tool=on_call_tool,
        on_list_resources=on_list_resources,
        on_read_resource=on_read_resource,
        on_list_prompts=on_list_prompts,
        on_get_prompt=on_get_prompt,
    )


def serve(library: Library, http: bool = False, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve ``library`` over stdio, or over streamable HTTP at ``http://host:port/mcp``."""
    server = build_server(library)
    if not http:
        from mcp.server.stdio import stdio_server

        async def run_stdio() -> None:
            async with stdio_server() as (read_stream, write_stream):
                await server.run(read_stream, write_stream, server.create_initialization_options())

        anyio.run(run_stdio)
        return
    import uvicorn

    app = server.streamable_http_app(host=host)
    uvicorn.run(app, host=host, port=port, log_level="warning")
