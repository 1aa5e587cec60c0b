"""The aigraph model and its graph: sourced records, the schema derived from them, the embedded
graph (topology in arrays, properties read off the records), group roll-up and the money-flow
projection (``aigraph.graph.model`` holds the declarations, ``aigraph.graph.outputs`` the Neo4j
writer, exports, style and docs)."""

from aigraph.graph.claims import ClaimedValue, Conflict, find_conflicts
from aigraph.graph.dataset import Dataset
from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.amounts import Amount, Period, Qualifier, Unit
from aigraph.graph.model.dates import PartialDate
from aigraph.graph.model.records import (
    RECORD_TYPES,
    SECTIONS,
    ChipModel,
    Citation,
    Competition,
    Deal,
    Facility,
    Fleet,
    Market,
    Organization,
    Person,
    Product,
    Record,
    ReportedFigure,
    Source,
)
from aigraph.graph.model.vocabulary import Confidence, DealKind, FlowCategory, PartyRole, Status
from aigraph.graph.money import FlowFilter, MoneyFlow, group_of, money_flow_graph, money_flows

__all__ = [
    "RECORD_TYPES",
    "SECTIONS",
    "Amount",
    "ChipModel",
    "Citation",
    "ClaimedValue",
    "Competition",
    "Confidence",
    "Conflict",
    "Dataset",
    "Deal",
    "DealKind",
    "EmbeddedGraph",
    "Facility",
    "Fleet",
    "FlowCategory",
    "FlowFilter",
    "Market",
    "MoneyFlow",
    "Organization",
    "PartialDate",
    "PartyRole",
    "Period",
    "Person",
    "Product",
    "Qualifier",
    "Record",
    "ReportedFigure",
    "Source",
    "Status",
    "Unit",
    "find_conflicts",
    "group_of",
    "money_flow_graph",
    "money_flows",
]
