"""The base of every record: ids, citations, references, claims (``graph.model.records``).

The records of the graph, declared once: what each thing is, what it refers to, its sources.

Every record is a frozen pydantic model with ``extra="forbid"`` (a misspelt field is an error, not
a silent omission). Fields that point at another record are typed with a :class:`Ref` (the loader
resolves them by id or alias) and, when they make a relationship, carry an :class:`Edge` that
says its type, direction and properties. Each record type also declares its label, its colour in
every view and the properties computed from it (``computed``); each claim field says which
attribute of its record it claims (:class:`ClaimOf`). Everything else (the schema, the writers,
the style, the docs) is derived from these declarations.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from aigraph.graph.model.coherence import control_characters
from aigraph.graph.model.dates import DateValue, term_months
from aigraph.graph.model.properties import Prop
from aigraph.graph.model.relations import Edge, Ref
from aigraph.graph.model.vocabulary import (
    WILDCARD_STATE,
    SourceKind,
)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class ClaimOf:
    """Marks a claim field: which attribute of its record it claims (a dotted path such as
    ``term.start``), and the name the attribute goes by in conflicts (default: the field's)."""

    attribute: str
    name: str | None = None


OrgRef = Annotated[str, Ref(("organizations",))]
FacilityRef = Annotated[str, Ref(("facilities",))]
ChipModelRef = Annotated[str, Ref(("chip_models",))]
MarketRef = Annotated[str, Ref(("markets",))]
DealRef = Annotated[str, Ref(("deals",))]
SourceRef = Annotated[str, Ref(("sources",))]
CompetitorRef = Annotated[str, Ref(("products", "organizations"))]


INVISIBLE = re.compile(r"[\s\u00ad\u180e\u200b-\u200f\u2028-\u202f\u205f-\u206f\ufeff]+")
"""Whitespace and the characters that print as nothing (zero-width space, joiners, marks)."""


def is_blank(text: str) -> bool:
    """Return True when ``text`` shows nothing: empty, spaces, zero-width characters.

    >>> is_blank(" \u200b "), is_blank("x")
    (True, False)
    """
    return INVISIBLE.fullmatch(text) is not None or text == ""


class Model(BaseModel):
    """Base of every model here: frozen, strict about unknown fields, no blank text."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)

    @field_validator("*", mode="after")
    @classmethod
    def _no_blank_text(cls, value: Any) -> Any:
        if isinstance(value, str) and is_blank(value):
            raise ValueError("blank text (empty, spaces or zero-width characters)")
        if isinstance(value, list) and any(isinstance(v, str) and is_blank(v) for v in value):
            raise ValueError("a blank item (empty, spaces or zero-width characters)")
        texts = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        for text in texts:
            problem = control_characters(text) if isinstance(text, str) else None
            if problem:
                raise ValueError(f"{problem} (not allowed in names and text)")
        return value


class Citation(Model):
    """A source, a short quote from it, and which of the record's values the quote states.

    ``states`` names the record's fields the quote says (``value``, ``term``, ``term.end``,
    ``parties``, ...; ``*`` for a dataset row that states all of them): each value of a record
    carries the citations that state it (:meth:`Record.evidence`), as FollowTheMoney holds
    statements value by value. A claim's citations state its one attribute.
    """

    source: Annotated[
        SourceRef,
        Edge(
            "CITES",
            "A record cites a source, with the quote and the values it states.",
            properties=("quote", "states"),
            parallel=True,
        ),
    ]
    quote: str = Field(min_length=3, max_length=600)
    states: list[str] = Field(default_factory=list)

    @field_validator("states", mode="before")
    @classmethod
    def _states_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    def says(self, field: str) -> bool:
        """Return True when the quote states ``field`` (``term.end`` is stated by ``term``)."""
        if WILDCARD_STATE in self.states or field in self.states:
            return True
        head = field.split(".", 1)[0]
        return head != field and head in self.states


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str | dict) else value


class Record(Model):
    """A thing with a stable slug id and at least one citation."""

    label: ClassVar[str] = "Record"
    section: ClassVar[str] = ""
    requires_citation: ClassVar[bool] = True
    color: ClassVar[str] = "#A5ABB6"
    """The colour of its nodes in Neo4j Browser and the offline view."""
    size: ClassVar[int] = 50
    """The diameter of its nodes in Neo4j Browser, in pixels."""
    computed: ClassVar[tuple[Prop, ...]] = ()
    """Properties computed from the record (``get(record, dataset)``), stored on its node."""
    evidenced: ClassVar[tuple[str, ...]] = ()
    """The fields that are facts: each one given must be stated by a citation (``states``)."""

    id: str
    citations: list[Citation] = Field(default_factory=list)
    notes: str | None = None
    research_rows: list[Annotated[str, Field(pattern=r"^[A-Z][0-9]{2}$")]] = Field(
        default_factory=list
    )
    """Ids of the rows of the research notes (``facts.tsv``) this record transcribes."""

    @field_validator("research_rows", mode="before")
    @classmethod
    def _rows_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError(f"id {value!r} is not a lowercase slug (a-z, 0-9, single hyphens)")
        return value

    @model_validator(mode="after")
    def _cited(self) -> Record:
        if self.requires_citation and not self.citations:
            raise ValueError("every record cites at least one source (citations: [...])")
        allowed = {*self.evidenced, WILDCARD_STATE}
        allowed |= {f"{name}.{part}" for name in self.evidenced for part in ("start", "end")}
        for index, citation in enumerate(self.citations):
            if self.evidenced and not citation.states:
                raise ValueError(
                    f"citation {index} ({citation.source}) does not say which values its quote "
                    f"states (states: [...], from {', '.join(self.evidenced)})"
                )
            unknown = sorted(set(citation.states) - allowed)
            if unknown:
                raise ValueError(
                    f"citation {index} ({citation.source}) states {', '.join(unknown)}, which "
                    f"is not a fact of a {self.label} ({', '.join(self.evidenced)})"
                )
        missing = [field for field in self.given_facts() if not self.evidence(field)]
        if missing:
            raise ValueError(
                f"no citation states {', '.join(missing)} (add the field to the states of a "
                "citation whose quote says it, or leave the value out)"
            )
        return self

    def given_facts(self) -> list[str]:
        """Return the evidenced fields this record gives a value for (defaults are not facts)."""
        given = []
        for name in self.evidenced:
            if name not in self.model_fields_set:
                continue
            value = getattr(self, name)
            if value is None or value == [] or value == {}:
                continue
            if isinstance(value, Term):
                given += [f"{name}.{part}" for part in ("start", "end") if getattr(value, part)]
            else:
                given.append(name)
        return given

    def evidence(self, field: str) -> list[Citation]:
        """Return the citations whose quote states ``field`` (a fact of this record).

        >>> from aigraph.graph.model.records import Organization
        >>> org = Organization(id="a", name="A", citations=[
        ...     {"source": "s", "quote": "A exists", "states": ["name"]}])
        >>> [c.quote for c in org.evidence("name")]
        ['A exists']
        """
        return [citation for citation in self.citations if citation.says(field)]

    def statements(self) -> list[tuple[str, Citation]]:
        """Return every (fact, citation that states it) of this record, fact by fact."""
        return [(field, c) for field in self.given_facts() for c in self.evidence(field)]

    @property
    def caption(self) -> str:
        """Return the name to show for this record."""
        return str(getattr(self, "name", None) or getattr(self, "title", None) or self.id)

    def sources_stating(self, *fields: str) -> list[str]:
        """Return the ids of the sources whose quotes state any of ``fields``, in order."""
        found = [c.source for c in self.citations if any(c.says(field) for field in fields)]
        return list(dict.fromkeys(found))

    def source_ids(self) -> list[str]:
        """Return the ids of every source this record cites, claims included, in order."""
        seen: dict[str, None] = {}
        for citation in self.all_citations():
            seen.setdefault(citation.source, None)
        return list(seen)

    def all_citations(self) -> list[Citation]:
        """Return the record's citations followed by those of its claims."""
        claims = getattr(self, "claims", [])
        return list(self.citations) + [c for claim in claims for c in claim.citations]


class Source(Record):
    """An article, filing, dataset or note that facts cite."""

    label: ClassVar[str] = "Source"
    section: ClassVar[str] = "sources"
    requires_citation: ClassVar[bool] = False
    color: ClassVar[str] = "#A5ABB6"
    size: ClassVar[int] = 30

    title: str
    kind: SourceKind
    url: str | None = None
    file: str | None = None
    publisher: str | None = None
    published: DateValue | None = None
    credit: str | None = None
    """The attribution the source's licence asks for ("compute-deal-map-data by Justin Wang,
    CC BY 4.0"), shown wherever its data is."""

    @model_validator(mode="after")
    def _locatable(self) -> Source:
        if not (self.url or self.file):
            raise ValueError("a source needs a url or a file")
        return self


class Term(Model):
    """When a deal runs; either end may be unknown."""

    start: DateValue | None = None
    end: DateValue | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Term:
        if self.start and self.end and self.end.last_day() < self.start.first_day():
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    def months(self) -> float | None:
        """Return the months covered, or None when an end is unknown."""
        if self.start is None or self.end is None:
            return None
        return term_months(self.start, self.end)

    def overlaps(self, other: Term) -> bool:
        """Return True unless one term ends before the other starts (unknown ends are open)."""
        if self.end and other.start and self.end.last_day() < other.start.first_day():
            return False
        return not (other.end and self.start and other.end.last_day() < self.start.first_day())


def claim_fields(claim_type: type[BaseModel]) -> dict[str, ClaimOf]:
    """Return the claim fields of a claim model, in declaration order, with what each claims
    (read off the model once per type).

    >>> from aigraph.graph.model.records import DealClaim
    >>> list(claim_fields(DealClaim))[:3]
    ['value', 'reported_total', 'start']
    """
    return dict(_claim_fields(claim_type))


@functools.cache
def _claim_fields(claim_type: type[BaseModel]) -> tuple[tuple[str, ClaimOf], ...]:
    found = {}
    for name, info in claim_type.model_fields.items():
        marker = next((m for m in info.metadata if isinstance(m, ClaimOf)), None)
        if marker is not None:
            found[name] = marker
    return tuple(found.items())


def _require_one_attribute(model: BaseModel) -> None:
    """Check that a claim sets exactly one attribute and that its citations state only it."""
    names = list(claim_fields(type(model)))
    present = [name for name in names if getattr(model, name) is not None]
    for citation in getattr(model, "citations", []):
        other = set(citation.states) - {*present, WILDCARD_STATE}
        if other:
            raise ValueError(
                f"a claim's citations state its one attribute ({', '.join(present)}), "
                f"not {', '.join(sorted(other))}"
            )
    if len(present) != 1:
        raise ValueError(f"a claim sets exactly one of {', '.join(names)} (found {present})")
