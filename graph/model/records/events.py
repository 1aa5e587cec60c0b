"""Events: sourced happenings about organizations that are neither deals nor figures (a public
listing, a lawsuit, an executive's statement, a plan), so that every fact of a source has a
place in the graph."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field

from aigraph.graph.model.dates import DateValue
from aigraph.graph.model.records.base import FacilityRef, OrgRef, Record
from aigraph.graph.model.relations import Edge
from aigraph.graph.model.vocabulary import Confidence, EventKind


class Event(Record):
    """Something that happened (or was said, or is planned) about organizations: ``kind``
    says what, ``subjects`` who, ``facilities`` where, ``date`` when, ``title`` in a line.

    >>> event = Event.model_validate({"id": "e", "kind": "statement", "title": "t",
    ...     "subjects": ["a"], "confidence": "high", "citations": [{"source": "s",
    ...     "quote": "said so", "states": ["subjects", "title"]}]})
    >>> event.kind.value
    'statement'
    """

    label: ClassVar[str] = "Event"
    section: ClassVar[str] = "events"
    color: ClassVar[str] = "#F2C14E"
    size: ClassVar[int] = 35
    evidenced: ClassVar[tuple[str, ...]] = ("subjects", "facilities", "date", "title", "status")

    kind: EventKind
    title: str
    subjects: Annotated[list[OrgRef], Edge("CONCERNS", "An event concerns an organization.")] = (
        Field(min_length=1)
    )
    facilities: Annotated[
        list[FacilityRef], Edge("CONCERNS_FACILITY", "An event concerns a facility.")
    ] = Field(default_factory=list)
    date: DateValue | None = None
    status: str | None = None
    """Where it stands in the source's words (pending, dismissed, planned ...)."""
    confidence: Confidence
