"""The aigraph model: sourced records, their graph schema, the embedded graph and money flows."""

from graph.amounts import Amount, Period, Qualifier, Unit
from graph.claims import ClaimedValue, Conflict, find_conflicts
from graph.dataset import Dataset
from graph.dates import PartialDate
from graph.embedded import EmbeddedGraph
from graph.money import MoneyFlow, group_of, money_flow_graph, money_flows
from graph.records import (
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
from graph.vocabulary import Confidence, DealKind, FlowCategory, PartyRole, Status

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
