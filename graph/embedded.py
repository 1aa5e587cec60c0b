"""The embedded graph: every record and relationship of a dataset, in memory.

It is the default backend: every query helper runs on it with nothing else installed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aigraph.graph.claims import Conflict, find_conflicts
from aigraph.graph.dataset import Dataset
from aigraph.graph.model.dates import PartialDate
from aigraph.graph.model.records import Record
from aigraph.graph.model.vocabulary import Confidence
from aigraph.graph.money import FlowFilter, MoneyFlow, group_of, money_flow_graph, money_flows
from aigraph.graph.store import PropertyGraph

if TYPE_CHECKING:
    import networkx as nx


class EmbeddedGraph:
    """A dataset and its property graph.

    ``graph`` (a :class:`~aigraph.graph.store.PropertyGraph`) holds one node per record (and
    per claim) with ``labels`` and the flat properties of :mod:`graph.schema`, and one
    relationship per declared reference, keyed so that parallel relationships (two deals between
    the same parties) are never merged; ``type`` is the relationship type. The money-flow
    projection is materialised as in Neo4j: ``PAYS``, ``GROUP_PAYS`` and ``IN_GROUP`` (see
    :mod:`aigraph.graph.elements`). It reads like a networkx ``MultiDiGraph``;
    ``graph.to_networkx()`` is one.

    >>> from aigraph.loaders import load_curated
    >>> g = EmbeddedGraph(load_curated())
    >>> g.group_of("xai")
    'spacex'
    """

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.graph = PropertyGraph(dataset)

    def record(self, record_id: str) -> Record:
        """Return the record with this id (KeyError when there is none)."""
        return self.dataset.get(record_id)

    def group_of(
        self,
        org_id: str,
        as_of: PartialDate | None = None,
        min_confidence: Confidence | None = None,
    ) -> str:
        """Return the ultimate parent of an organization at ``as_of`` (completed mergers and
        acquisitions only; links below ``min_confidence`` do not roll up)."""
        return group_of(self.dataset, org_id, as_of, min_confidence)

    def money_flows(self, flows_filter: FlowFilter | None = None, **filters) -> list[MoneyFlow]:
        """Return the money flows that pass the filter (a :class:`FlowFilter`, or its fields
        by keyword: ``as_of``, ``min_status``, ``min_confidence``, ``include_inactive``,
        ``window_years``); see :func:`graph.money.money_flows`."""
        return money_flows(self.dataset, flows_filter or FlowFilter(**filters))

    def money_flow_graph(
        self, flows_filter: FlowFilter | None = None, group_level: bool = True, **filters
    ) -> nx.MultiDiGraph:
        """Return the money-flow projection (see :func:`graph.money.money_flow_graph`)."""
        return money_flow_graph(self.dataset, flows_filter or FlowFilter(**filters), group_level)

    def conflicts(self) -> list[Conflict]:
        """Return the attributes on which sources disagree."""
        return find_conflicts(self.dataset)

    def relationship_counts(self) -> dict[str, int]:
        """Return the number of relationships per type, sorted by type."""
        return self.graph.type_counts()
