"""The nodes and relationships of a dataset, as every backend stores them.

Records give their own nodes and the relationships their fields declare
(``graph.model.schema``); the whole dataset gives the claim nodes and the money-flow projection.
The embedded graph, the Neo4j writer and the exports all start from these elements.
"""

from __future__ import annotations

import re

from aigraph.graph.claims import all_claim_sets
from aigraph.graph.dataset import Dataset
from aigraph.graph.model.properties import PropertyValue, properties_of
from aigraph.graph.model.records import Record
from aigraph.graph.model.schema import (
    CLAIM_LABEL,
    GROUP_EPOCH_PROPERTIES,
    Node,
    Relationship,
    field_relationships,
    flow_properties,
    group_flow_properties,
    node_labels,
    node_properties,
)
from aigraph.graph.money import all_money_flows, group_epochs, group_flows


def record_elements(
    record: Record, dataset: Dataset | None = None
) -> tuple[Node, list[Relationship]]:
    """Return the node of a record and the relationships its fields make."""
    node = Node(record.id, node_labels(record), node_properties(record, dataset))
    return node, field_relationships(record)


def claim_elements(dataset: Dataset) -> tuple[list[Node], list[Relationship]]:
    """Return the ``Claim`` nodes (one per value of every attribute with two or more values,
    fleets across records included), their ``HAS_CLAIM`` from the record and their ``CITES``."""
    nodes: list[Node] = []
    rels: list[Relationship] = []
    for claim_set in all_claim_sets(dataset):
        stem = re.sub(r"[^a-z0-9]+", "-", claim_set.attribute.lower()).strip("-")
        for position, claimed in enumerate(claim_set.values):
            claim_id = f"{claim_set.record}--{stem}-{position}"
            properties: dict[str, PropertyValue] = {
                "id": claim_id,
                "name": f"{claim_set.attribute}: {claimed.value}",
                "record": claim_set.record,
                "record_label": claim_set.label,
                "attribute": claim_set.attribute,
                "position": position,
                "claimed_value": claimed.value,
                "derived": claimed.derived,
                "in_conflict": claim_set.disagree,
            }
            if claimed.as_of is not None:
                properties["as_of"] = claimed.as_of
            nodes.append(Node(claim_id, (CLAIM_LABEL,), properties))
            rels.append(
                Relationship(
                    claim_set.record,
                    "HAS_CLAIM",
                    claim_id,
                    f"{claim_set.record}|HAS_CLAIM|{claim_id}",
                )
            )
            rels.extend(
                Relationship(
                    claim_id,
                    "CITES",
                    citation.source,
                    f"{claim_id}|CITES|{citation.source}|{index}",
                    {"quote": citation.quote, "states": list(citation.states)}
                    if citation.states
                    else {"quote": citation.quote},
                )
                for index, citation in enumerate(claimed.citations)
            )
    return nodes, rels


def money_relationships(dataset: Dataset) -> list[Relationship]:
    """Return the materialised money-flow projection: ``PAYS`` between organizations (every
    flow, unfiltered), ``GROUP_PAYS`` between groups per structure epoch and ``IN_GROUP``
    membership epochs. Queries filter them by status, confidence and date.
    """
    rels: list[Relationship] = []
    epochs = group_epochs(dataset)
    flows = all_money_flows(dataset)
    for epoch in epochs:
        first = epoch.first_day.isoformat() if epoch.first_day else None
        rels.append(
            Relationship(
                epoch.organization,
                "IN_GROUP",
                epoch.group,
                f"{epoch.organization}|IN_GROUP|{epoch.group}|{first}|{_levels(epoch.levels)}",
                properties_of(GROUP_EPOCH_PROPERTIES, epoch),
            )
        )
    props = {}
    for flow in flows:
        props[id(flow)] = flow_properties(flow)
        rels.append(
            Relationship(
                flow.payer,
                "PAYS",
                flow.payee,
                f"{flow.deal}|{flow.payer}->{flow.payee}",
                props[id(flow)],
            )
        )
    for group_flow in group_flows(flows, epochs):
        flow = group_flow.flow
        first = group_flow.first_day.isoformat() if group_flow.first_day else None
        rels.append(
            Relationship(
                group_flow.payer_group,
                "GROUP_PAYS",
                group_flow.payee_group,
                f"{flow.deal}|{flow.payer}->{flow.payee}|{first}|{_levels(group_flow.levels)}",
                group_flow_properties(group_flow, props[id(flow)]),
            )
        )
    return rels


def _levels(levels: tuple[int, ...]) -> str:
    return "".join(str(level) for level in levels)
