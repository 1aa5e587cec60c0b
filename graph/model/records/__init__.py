"""The records of the graph, declared once, one module per kind of thing (as Cartography keeps
one small file per node type): what each record is, what it refers to, its sources.

Every record is a frozen pydantic model with ``extra="forbid"`` (a misspelt field is an error, not
a silent omission). Fields that point at another record are typed with a :class:`Ref` (the loader
resolves them by id or alias) and, when they make a relationship, carry an :class:`Edge` that
says its type, direction and properties. Each record type also declares its label, its colour in
every view and the properties computed from it (``computed``); each claim field says which
attribute of its record it claims (:class:`ClaimOf`). Everything else (the schema, the writers,
the style, the docs) is derived from these declarations.
"""

from aigraph.graph.model.records.base import (
    SLUG,
    ChipModelRef,
    Citation,
    ClaimOf,
    CompetitorRef,
    DealRef,
    FacilityRef,
    MarketRef,
    Model,
    OrgRef,
    Record,
    Source,
    SourceRef,
    Term,
    claim_fields,
)
from aigraph.graph.model.records.deals import Deal, DealClaim, ReportedFigure
from aigraph.graph.model.records.events import Event
from aigraph.graph.model.records.facilities import (
    ChipModel,
    Facility,
    FacilityClaim,
    FacilityParty,
    Fleet,
    Location,
    Milestone,
)
from aigraph.graph.model.records.markets import Competition, Market, Product
from aigraph.graph.model.records.organizations import (
    Affiliation,
    Organization,
    Person,
    StructureLink,
)
from aigraph.graph.model.relations import Edge, Ref, field_reference_kinds

RECORD_TYPES: tuple[type[Record], ...] = (
    Source,
    Organization,
    Person,
    Market,
    Product,
    Competition,
    Facility,
    ChipModel,
    Fleet,
    Milestone,
    Deal,
    ReportedFigure,
    Event,
)
"""Every record type, in load order. The dataset's YAML sections are their ``section`` names."""

SECTIONS: dict[str, type[Record]] = {record.section: record for record in RECORD_TYPES}

__all__ = [
    "RECORD_TYPES",
    "SECTIONS",
    "SLUG",
    "Affiliation",
    "ChipModel",
    "ChipModelRef",
    "Citation",
    "ClaimOf",
    "Competition",
    "CompetitorRef",
    "Deal",
    "DealClaim",
    "DealRef",
    "Edge",
    "Event",
    "Facility",
    "FacilityClaim",
    "FacilityParty",
    "FacilityRef",
    "Fleet",
    "Location",
    "Market",
    "MarketRef",
    "Milestone",
    "Model",
    "OrgRef",
    "Organization",
    "Person",
    "Product",
    "Record",
    "Ref",
    "ReportedFigure",
    "Source",
    "SourceRef",
    "StructureLink",
    "Term",
    "claim_fields",
    "field_reference_kinds",
]
