"""Money flows as records (what ``GROUP_PAYS`` holds in Neo4j) and as typed row parts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from aigraph.graph.columns import prop_columns
from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.schema import FLOW_PROPERTIES, flow_properties
from aigraph.graph.model.vocabulary import Unit
from aigraph.graph.money import MoneyFlow
from aigraph.queries.spec import FilterParams, Records


class FlowRef(BaseModel):
    """One money flow in a result row: the deal, who pays whom, how much, how firm, when."""

    deal: str
    kind: str
    flow: str
    payer: str
    payee: str
    payer_group: str
    payee_group: str
    amount: str | None
    total_usd: float | None
    """The deal's full stated total in USD (None: unknown or not in USD)."""
    committed_usd: float | None
    """USD owed unconditionally (None: no committed figure stated; 0: contingent)."""
    stated_usd: float | None
    """Committed plus uncommitted USD (contingent money, ceilings, estimates)."""
    certainty: str | None
    condition: str | None
    cash: bool
    status: str
    confidence: str
    term_start: str | None
    term_end: str | None
    began: str | None
    paid_from: str | None
    paid_until: str | None
    active: bool
    superseded_by: str | None
    sources: list[str]

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> FlowRef:
        """Return the flow of a record holding ``flow_properties`` plus payer/payee groups."""
        return cls(
            deal=record["deal"],
            kind=record["kind"],
            flow=record["flow"],
            payer=record["payer"],
            payee=record["payee"],
            payer_group=record["payer_group"],
            payee_group=record["payee_group"],
            amount=record.get("amount_text"),
            total_usd=usd_total(record),
            committed_usd=record.get("committed_usd"),
            stated_usd=record.get("stated_usd"),
            certainty=record.get("certainty"),
            condition=record.get("condition"),
            cash=bool(record.get("cash", True)),
            status=record["status"],
            confidence=record["confidence"],
            term_start=record.get("term_start"),
            term_end=record.get("term_end"),
            began=record.get("began"),
            paid_from=_text(record.get("paid_from")),
            paid_until=_text(record.get("paid_until")),
            active=bool(record.get("active", True)),
            superseded_by=record.get("superseded_by"),
            sources=list(dict.fromkeys(record.get("sources") or [])),
        )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)[:10]


def usd_total(record: dict[str, Any], name: str = "total") -> float | None:
    """Return a flow record's total (or ``committed`` minimum) in USD, or None when it is
    unknown or not in USD."""
    if record.get(f"{name}_unit") == Unit.USD.value and record.get(name) is not None:
        return float(record[name])
    return None


def counted_usd(record: dict[str, Any], include_uncommitted: bool = False) -> float | None:
    """Return the USD a flow record counts under the evidence policy: its committed money, or
    (``include_uncommitted``) all its stated money; None when no such figure is stated.

    >>> counted_usd({"committed_usd": 15e9, "stated_usd": 50e9}), counted_usd(
    ...     {"committed_usd": 15e9, "stated_usd": 50e9}, include_uncommitted=True)
    (15000000000.0, 50000000000.0)
    """
    value = record.get("stated_usd" if include_uncommitted else "committed_usd")
    return None if value is None else float(value)


def flow_record(flow: MoneyFlow, group_level: bool = True) -> dict[str, Any]:
    """Return the record of one flow: its ``PAYS`` properties, payer, payee, groups, sources."""
    return flow_properties(flow) | {
        "payer": flow.payer,
        "payee": flow.payee,
        "payer_group": flow.payer_group if group_level else flow.payer,
        "payee_group": flow.payee_group if group_level else flow.payee,
        "sources": list(flow.sources),
    }


def flow_records(flows: Sequence[MoneyFlow], group_level: bool = True) -> Records:
    """Return :func:`flow_record` of every flow (the same dicts, keys in the same order), its
    ``PAYS`` properties computed column-wise, one pass per property
    (:func:`~aigraph.graph.columns.prop_columns`)."""
    columns = prop_columns(FLOW_PROPERTIES, flows)
    names = list(columns)
    records: Records = []
    for flow, values in zip(flows, zip(*columns.values(), strict=True), strict=True):
        record: dict[str, Any] = {
            name: value for name, value in zip(names, values, strict=True) if value is not None
        }
        record["payer"] = flow.payer
        record["payee"] = flow.payee
        record["payer_group"] = flow.payer_group if group_level else flow.payer
        record["payee_group"] = flow.payee_group if group_level else flow.payee
        record["sources"] = list(flow.sources)
        records.append(record)
    return records


def filtered_flow_records(
    graph: EmbeddedGraph, params: FilterParams, group_level: bool = True
) -> Records:
    """Return the records of the flows that pass the filters, without flows inside a group.

    The records of the last filter asked for are kept on the dataset (a report asks several
    queries with the same filters): treat them as read-only.
    """
    key = ("flow_records", params.flow_filter(), group_level)
    cached = graph.dataset.derived.get("flow_records")
    if cached is None or cached[0] != key:
        flows = graph.money_flows(params.flow_filter())
        if group_level:  # flows inside a group are left out before their records are made
            flows = [flow for flow in flows if flow.payer_group != flow.payee_group]
        records = flow_records(flows, group_level)
        cached = (key, [r for r in records if r["payer_group"] != r["payee_group"]])
        graph.dataset.derived["flow_records"] = cached
    return list(cached[1])


def smallest_known(values: list[float | None]) -> float | None:
    """Return the smallest of the known values, or None when none is known."""
    known = [v for v in values if v is not None]
    return min(known) if known else None


@dataclass(frozen=True)
class Hops:
    """The flows of a sequence of groups, hop by hop."""

    hops: list[tuple[str, str]]
    by_hop: dict[tuple[str, str], list[dict[str, Any]]]
    hop_usd: list[float | None]
    """Per hop, the counted USD (committed by default) summed over its flows that state one
    (None when none does): a floor when some flows of the hop have no amount."""
    hop_unvalued: list[int]
    """Per hop, how many flows state no counted amount (never summed as 0)."""
    flows: list[FlowRef]
    """Every flow, hop after hop, in deal order within a hop."""

    @property
    def smallest_usd(self) -> float | None:
        """Return the smallest hop amount, or None when any hop's amount is unknown."""
        if any(usd is None for usd in self.hop_usd):
            return None
        return min(usd for usd in self.hop_usd if usd is not None)

    @property
    def amounts_complete(self) -> bool:
        """Return True when every flow on every hop states its counted amount."""
        return not any(self.hop_unvalued)

    @property
    def sources(self) -> list[str]:
        """Return the sources of every flow, sorted."""
        return sorted({s for f in self.flows for s in f.sources})


def hop_flows(
    members: list[str], records: list[dict[str, Any]], closed: bool
) -> tuple[list[tuple[str, str]], dict[tuple[str, str], list[dict[str, Any]]]]:
    """Return the hops of a path (or, when ``closed``, a loop) of groups and the flow records
    on each hop, in record order."""
    ends = [*members[1:], members[0]] if closed else members[1:]
    hops = list(zip(members, ends, strict=False))
    by_hop: dict[tuple[str, str], list[dict[str, Any]]] = {hop: [] for hop in hops}
    for record in records:
        by_hop.setdefault((record["payer_group"], record["payee_group"]), []).append(record)
    return hops, by_hop


def group_hops(
    members: list[str],
    records: list[dict[str, Any]],
    closed: bool,
    refs: dict[int, FlowRef] | None = None,
    include_uncommitted: bool = False,
) -> Hops:
    """Return the flow records of a path (or, when ``closed``, a loop) of groups by hop;
    ``refs`` keeps each record's :class:`FlowRef` (by ``id``) for the next call, when many paths
    share flows."""
    return hops_of(*hop_flows(members, records, closed), refs, include_uncommitted)


def hops_of(
    hops: list[tuple[str, str]],
    by_hop: dict[tuple[str, str], list[dict[str, Any]]],
    refs: dict[int, FlowRef] | None = None,
    include_uncommitted: bool = False,
) -> Hops:
    """Return the :class:`Hops` of hops and their flow records (from :func:`hop_flows`),
    amounts counted under the evidence policy (:func:`counted_usd`)."""
    hop_usd: list[float | None] = []
    hop_unvalued: list[int] = []
    for hop in hops:
        amounts = [counted_usd(f, include_uncommitted) for f in by_hop[hop]]
        known = [t for t in amounts if t is not None]
        hop_usd.append(sum(known) if known else None)
        hop_unvalued.append(len(amounts) - len(known))
    known_refs: dict[int, FlowRef] = {} if refs is None else refs
    flows = []
    for hop in hops:
        for f in sorted(by_hop[hop], key=lambda f: (f["deal"], f["payer"], f["payee"])):
            ref = known_refs.get(id(f))
            if ref is None:
                ref = known_refs[id(f)] = FlowRef.from_record(f)
            flows.append(ref)
    return Hops(hops, by_hop, hop_usd, hop_unvalued, flows)
