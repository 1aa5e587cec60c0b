"""Organizations and people, with the dated corporate structure that makes groups."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar

from pydantic import Field, model_validator

from aigraph.graph.model.coherence import ordered
from aigraph.graph.model.dates import DateValue, PartialDate
from aigraph.graph.model.records.base import (
    Citation,
    DealRef,
    Model,
    OrgRef,
    Record,
)
from aigraph.graph.model.relations import Edge
from aigraph.graph.model.vocabulary import (
    INACTIVE_STATUSES,
    STRUCTURE_STATUS,
    Confidence,
    OrgRole,
    Status,
    StructureRelation,
)


class StructureLink(Model):
    """A dated place in a corporate group: ``xai`` merged into ``spacex`` on 2026-02-02."""

    relation: StructureRelation
    parent: Annotated[
        OrgRef,
        Edge(
            description="Corporate structure: {type}.",
            type_by="relation",
            types={relation: relation.name for relation in StructureRelation},
            properties=("since", "until", "status", "confidence", "deal"),
        ),
    ]
    since: DateValue | None = None
    """When the link took effect: a merger's or acquisition's completion date."""
    until: DateValue | None = None
    status: Status = STRUCTURE_STATUS
    """Only a completed link changes groups; an announced one is pending."""
    confidence: Confidence = Confidence.HIGH
    """How sure the link is (a link made by a deal takes the deal's confidence)."""
    deal: DealRef | None = None
    citations: list[Citation] = Field(min_length=1)

    @model_validator(mode="after")
    def _dates_ordered(self) -> StructureLink:
        problem = ordered(self.since, self.until)
        if problem:
            raise ValueError(problem)
        return self

    @property
    def pending(self) -> bool:
        """Return True for a link that is announced or signed but not completed."""
        return self.status is not STRUCTURE_STATUS and self.status not in INACTIVE_STATUSES

    def in_force(self, as_of: PartialDate | None) -> bool:
        """Return True when the link holds at ``as_of`` (None: the link is current)."""
        return self.in_force_on(None if as_of is None else as_of.last_day())

    def in_force_on(self, day: date | None) -> bool:
        """Return True when the link holds on ``day`` (None: the link is current): it is
        completed, took effect on or before ``day`` and has not ended."""
        if self.status is not STRUCTURE_STATUS:
            return False
        if day is None:
            return self.until is None
        started = self.since is None or self.since.first_day() <= day
        ended = self.until is not None and self.until.last_day() < day
        return started and not ended


class Organization(Record):
    """A company, lab, cloud, chipmaker, investor, fund or joint venture."""

    label: ClassVar[str] = "Organization"
    section: ClassVar[str] = "organizations"
    color: ClassVar[str] = "#4C8EDA"
    size: ClassVar[int] = 65
    evidenced: ClassVar[tuple[str, ...]] = ("name",)

    name: str
    aliases: list[str] = Field(default_factory=list)
    roles: list[OrgRole] = Field(default_factory=list)
    country: str | None = None
    structure: list[StructureLink] = Field(default_factory=list)
    origin: str = "curated"


class Affiliation(Model):
    """A person's role at an organization."""

    organization: Annotated[
        OrgRef,
        Edge(
            "AFFILIATED_WITH",
            "A person's role at an organization.",
            properties=("role", "since", "until", "former"),
        ),
    ]
    role: str
    since: DateValue | None = None
    until: DateValue | None = None
    former: bool = False

    @model_validator(mode="after")
    def _dates_ordered(self) -> Affiliation:
        problem = ordered(self.since, self.until)
        if problem:
            raise ValueError(problem)
        return self


class Person(Record):
    """A founder or executive."""

    label: ClassVar[str] = "Person"
    section: ClassVar[str] = "people"
    color: ClassVar[str] = "#DA7194"
    evidenced: ClassVar[tuple[str, ...]] = ("name", "affiliations")

    name: str
    aliases: list[str] = Field(default_factory=list)
    affiliations: list[Affiliation] = Field(min_length=1)
