"""The elements a dataset adds to its records' own: claim nodes and the money-flow projection.

A record's own node and relationships come from its declaration (``graph.model.schema``); the
whole dataset gives the claims (``Claim``, ``HAS_CLAIM``, ``CITES``) and, one object at a time,
``IN_GROUP`` per membership epoch, ``PAYS`` per flow and ``GROUP_PAYS`` per flow and epoch.
The embedded graph's store reads them when asked, and the Neo4j writer and the exports read
the store.
"""

from __future__ import annotations

import re

from aigraph.graph.claims import all_claim_sets
from aigraph.graph.dataset import Dataset
from aigraph.graph.model.properties import PropertyValue, properties_of
from aigraph.graph.model.schema import (
    CLAIM_LABEL,
    GROUP_EPOCH_PROPERTIES,
    Node,
    Relationship,
    flow_properties,
    group_flow_properties,
)
from aigraph.graph.money import (
    GroupEpoch,
    GroupFlow,
    MoneyFlow,
)


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


def epoch_key(epoch: GroupEpoch) -> str:
    """Return the key of a membership epoch's ``IN_GROUP`` relationship."""
    first = epoch.first_day.isoformat() if epoch.first_day else None
    return f"{epoch.organization}|IN_GROUP|{epoch.group}|{first}|{_levels(epoch.levels)}"


def pays_key(flow: MoneyFlow) -> str:
    """Return the key of a flow's ``PAYS`` relationship."""
    return f"{flow.deal}|{flow.payer}->{flow.payee}"


def group_pays_key(group_flow: GroupFlow) -> str:
    """Return the key of a group flow's ``GROUP_PAYS`` relationship."""
    flow = group_flow.flow
    first = group_flow.first_day.isoformat() if group_flow.first_day else None
    return f"{flow.deal}|{flow.payer}->{flow.payee}|{first}|{_levels(group_flow.levels)}"


def epoch_relationship(epoch: GroupEpoch) -> Relationship:
    """Return the ``IN_GROUP`` relationship of one membership epoch."""
    return Relationship(
        epoch.organization,
        "IN_GROUP",
        epoch.group,
        epoch_key(epoch),
        properties_of(GROUP_EPOCH_PROPERTIES, epoch),
    )


def pays_relationship(
    flow: MoneyFlow, properties: dict[str, PropertyValue] | None = None
) -> Relationship:
    """Return the ``PAYS`` relationship of one flow (``properties``: its flow properties, when
    they are at hand)."""
    return Relationship(
        flow.payer,
        "PAYS",
        flow.payee,
        pays_key(flow),
        flow_properties(flow) if properties is None else properties,
    )


def group_pays_relationship(
    group_flow: GroupFlow, flow_props: dict[str, PropertyValue] | None = None
) -> Relationship:
    """Return the ``GROUP_PAYS`` relationship of one flow in one structure epoch."""
    return Relationship(
        group_flow.payer_group,
        "GROUP_PAYS",
        group_flow.payee_group,
        group_pays_key(group_flow),
        group_flow_properties(group_flow, flow_props),
    )


def _levels(levels: tuple[int, ...]) -> str:
    return "".join(str(level) for level in levels)
