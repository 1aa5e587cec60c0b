"""circular-financing: money an investor puts in comes back to it as revenue.

A directed cycle between groups in the money-flow projection, of 2 to ``max_length`` hops, whose
flows include at least one investment and at least one commercial flow (lease, commitment,
chip purchase). A cycle is a sequence of groups; every flow on each hop that passes the filters
is listed, so parallel deals do not multiply the cycle. By default only time-respecting loops
are listed (see :mod:`aigraph.queries.timing`): the money comes back after it went in, within
the window; ``any_order`` lists the others too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.vocabulary import FlowCategory, Mechanism, Unit
from aigraph.queries.budget import Budget
from aigraph.queries.cycles import COMMERCIAL, INVESTMENT, find_cycles
from aigraph.queries.flows import (
    FlowRef,
    filtered_flow_records,
    hop_flows,
    hops_of,
    smallest_known,
    usd_total,
)
from aigraph.queries.spec import SEARCH_SHARE, FilterParams, Query, Records, _until
from aigraph.queries.timing import DatedCache, Window, loop_timing, story

MASKS = {FlowCategory.INVESTMENT.value: INVESTMENT, FlowCategory.COMMERCIAL.value: COMMERCIAL}


class CircularFinancingParams(FilterParams):
    """Parameters of circular-financing."""

    max_length: int = Field(default=6, ge=2, le=8, description="Longest loop, in hops.")
    min_amount: float | None = Field(
        default=None, ge=0, description="Only flows of at least this many USD (total)."
    )
    limit: int | None = Field(default=None, ge=1, description="At most this many rows.")
    max_cycles: int = Field(
        default=200_000, ge=1, description="Stop the search after this many cycles (warns)."
    )
    max_seconds: float = Field(
        default=30.0,
        gt=0,
        le=86_400,
        description="Stop the search after this many seconds (warns).",
    )
    any_order: bool = Field(
        default=False,
        description="Also list loops whose money does not come back after it went in.",
    )
    mechanism: Mechanism | None = Field(
        default=None,
        description="Only loops of this mechanism (supplier-finances-customer, "
        "investor-is-customer, customer-finances-supplier, indirect, mixed).",
    )


class CircularFinancingRow(BaseModel):
    """One loop: its groups in cycle order, the flows on each hop, and what they add up to."""

    members: list[str]
    length: int
    flows: list[FlowRef]
    hop_usd: list[float | None]
    """Per hop, the committed USD (all stated USD with ``include_uncommitted``) summed over
    the hop's flows that state it; None when none does."""
    hop_unvalued: list[int]
    """Per hop, how many flows state no such amount (a hop with some is a floor)."""
    smallest_usd: float | None
    smallest_known_usd: float | None
    amounts_complete: bool
    time_respecting: bool
    window: Window | None
    same_period_dates: bool
    """True when the loop's time order rests on dates known only to the same month, quarter
    or year (the sources allow the order, but do not prove it)."""
    mechanism: Mechanism
    policy: str
    """The evidence policy the loop was found under."""
    story: list[str]
    sources: list[str]


def loop_flows(graph: EmbeddedGraph, params: CircularFinancingParams) -> Records:
    """Return the flow records the loop search walks (filtered, at least ``min_amount``)."""
    flows = filtered_flow_records(graph, params)
    if params.min_amount is not None:
        flows = [f for f in flows if (usd_total(f) or -1.0) >= params.min_amount]
    return flows


def _records(
    graph: EmbeddedGraph, params: CircularFinancingParams, budget: Budget | None = None
) -> Iterator[dict[str, Any]]:
    return loop_records(loop_flows(graph, params), params, budget)


def search_edges(flows: Records, params: CircularFinancingParams) -> list[tuple[str, str, int]]:
    """Return the (payer group, payee group, category mask) edges the loop search walks: every
    flow, or with time-respecting loops only (the default) every flow on a hop that has a dated
    flow (a flow without a date can still give its hop its category)."""
    if params.any_order:
        walked = flows
    else:
        dated = {(f["payer_group"], f["payee_group"]) for f in flows if f.get("paid_from")}
        walked = [f for f in flows if (f["payer_group"], f["payee_group"]) in dated]
    return [(f["payer_group"], f["payee_group"], MASKS[f["flow"]]) for f in walked]


def loop_records(
    flows: Records, params: CircularFinancingParams, budget: Budget | None = None
) -> Iterator[dict[str, Any]]:
    """Return the records of the loops among ``flows`` (groups and every flow on each hop),
    one at a time: the search runs (and warns when it is cut short) at the call, and each
    loop's record is made as it is read, so a few hundred thousand loops between hubs with
    thousands of parallel flows never sit in memory at once.

    Unless ``any_order``, hops without a dated flow are not walked: a time-respecting loop
    reaches every hop by a flow with a start (:func:`aigraph.queries.timing.loop_timing`), so
    no loop that could be listed is lost, and the search skips the ones that could not.
    A search cut short stops ``budget`` (warns, marks it truncated).
    """
    search = find_cycles(
        search_edges(flows, params),
        max_length=params.max_length,
        required_mask=INVESTMENT | COMMERCIAL,
        max_cycles=params.max_cycles,
        max_seconds=params.max_seconds,
    )
    if search.truncated:
        limit = (
            f"{params.max_cycles} cycles; raise --max-cycles"
            if search.stopped == "max-cycles"
            else f"{params.max_seconds:.3g} s; raise --max-seconds"
        )
        (budget or Budget(None)).stop(
            f"circular-financing stopped after {limit} or narrow the filters", stacklevel=2
        )
    by_hop: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for flow in flows:
        by_hop.setdefault((flow["payer_group"], flow["payee_group"]), []).append(flow)
    return _each_loop(search.cycles, by_hop)


def _each_loop(
    cycles: list[tuple[str, ...]], by_hop: dict[tuple[str, str], list[dict[str, Any]]]
) -> Iterator[dict[str, Any]]:
    for cycle in cycles:
        hops = zip(cycle, (*cycle[1:], cycle[0]), strict=True)
        yield {"members": list(cycle), "flows": [f for hop in hops for f in by_hop[hop]]}


def _began(flow: dict[str, Any]) -> str | None:
    value = flow.get("began") or flow.get("paid_from")
    return None if value is None else str(value)[:10]


def loop_mechanism(
    hops: list[tuple[str, str]], by_hop: dict[tuple[str, str], list[dict[str, Any]]]
) -> Mechanism:
    """Return how a loop works, from the flows that meet at one member, investment by
    investment.

    For an investment from investor I to investee E: if I also pays E for what E sells (the hop
    I -> E carries a commercial flow), I is E's customer: ``investor-is-customer`` when the
    investment began on or before the first such purchase (or a date is unknown),
    ``customer-finances-supplier`` when I bought before it invested. If E pays I for what I
    sells (a hop E -> I on the loop carries a commercial flow), the investment comes back to I
    as purchases: ``supplier-finances-customer``. An investment whose parties trade with each
    other on no hop of the loop is ``indirect`` (the money comes back through third parties).
    A loop whose investments differ is ``mixed``.

    >>> hops = [("chipco", "lab"), ("lab", "chipco")]
    >>> flows = {hops[0]: [{"flow": "investment"}], hops[1]: [{"flow": "commercial"}]}
    >>> loop_mechanism(hops, flows).value
    'supplier-finances-customer'
    >>> hops = [("chipco", "lab"), ("lab", "cloud"), ("cloud", "chipco")]
    >>> flows = {hops[0]: [{"flow": "investment"}], hops[1]: [{"flow": "commercial"}],
    ...          hops[2]: [{"flow": "commercial"}]}
    >>> loop_mechanism(hops, flows).value
    'indirect'
    """
    found: set[Mechanism] = set()
    for hop in hops:
        flows = by_hop.get(hop, [])
        investments = [f for f in flows if f["flow"] == FlowCategory.INVESTMENT.value]
        if not investments:
            continue
        purchases = [f for f in flows if f["flow"] == FlowCategory.COMMERCIAL.value]
        back = (hop[1], hop[0])
        if purchases:
            invested = [d for d in map(_began, investments) if d]
            bought = [d for d in map(_began, purchases) if d]
            if invested and bought and min(bought) < min(invested):
                found.add(Mechanism.CUSTOMER_FINANCES_SUPPLIER)
            else:
                found.add(Mechanism.INVESTOR_IS_CUSTOMER)
        elif back in hops and any(
            f["flow"] == FlowCategory.COMMERCIAL.value for f in by_hop.get(back, [])
        ):
            found.add(Mechanism.SUPPLIER_FINANCES_CUSTOMER)
        else:
            found.add(Mechanism.INDIRECT)
    return found.pop() if len(found) == 1 else Mechanism.MIXED


@dataclass
class LoopTally:
    """How many loops a search listed before ``limit`` kept the best of them."""

    loops: int = 0
    direct: int = 0
    """Loops that are not ``indirect`` (their investments meet their flows)."""


def _row_key(row: CircularFinancingRow) -> tuple[bool, float, float, list[str]]:
    return (
        row.smallest_usd is None,
        -(row.smallest_usd or 0.0),
        -(row.smallest_known_usd or 0.0),
        row.members,
    )


def loop_rows(
    records: Iterable[dict[str, Any]],
    params: CircularFinancingParams,
    tally: LoopTally | None = None,
) -> list[CircularFinancingRow]:
    """Return the rows of the loop ``records`` (valued loops first, largest bottleneck
    first); with ``limit``, only the best ``limit`` rows are kept while the records are read
    (memory follows ``limit``, not the number of loops), and ``tally`` counts all of them."""
    rows: list[CircularFinancingRow] = []
    # The flow records outlive the loop, so their ids stay theirs: each is parsed (dates) and
    # turned into a FlowRef once, however many loops it is on.
    refs: dict[int, FlowRef] = {}
    dated: DatedCache = {}
    policy = params.policy()
    for record in records:
        members = list(record["members"])
        hops, by_hop = hop_flows(members, record["flows"], closed=True)
        categories = {f["flow"] for f in record["flows"]}
        if not set(MASKS) <= categories or not all(by_hop.values()):
            continue
        timing = loop_timing([by_hop[hop] for hop in hops], params.window_years, dated)
        if not timing.time_respecting and not params.any_order:
            continue
        path = hops_of(hops, by_hop, refs, params.include_uncommitted)
        mechanism = loop_mechanism(path.hops, path.by_hop)
        if params.mechanism not in (None, mechanism):
            continue
        if tally is not None:
            tally.loops += 1
            tally.direct += mechanism is not Mechanism.INDIRECT
        rows.append(
            CircularFinancingRow(
                members=members,
                length=len(members),
                flows=path.flows,
                hop_usd=path.hop_usd,
                hop_unvalued=path.hop_unvalued,
                smallest_usd=path.smallest_usd,
                smallest_known_usd=smallest_known(path.hop_usd),
                amounts_complete=path.amounts_complete,
                time_respecting=timing.time_respecting,
                window=timing.window,
                same_period_dates=timing.same_period,
                mechanism=mechanism,
                policy=policy,
                story=story(story_flows(timing.story_flows, hops, by_hop)),
                sources=path.sources,
            )
        )
        if params.limit and len(rows) >= 2 * params.limit + KEPT_SLACK:
            rows.sort(key=_row_key)  # the best `limit` so far; the order is total
            del rows[params.limit :]
    rows.sort(key=_row_key)
    return rows[: params.limit] if params.limit else rows


KEPT_SLACK = 1000
"""Rows past twice ``limit`` gathered before the worst are dropped (fewer sorts)."""


def loops_within(
    flows: Records,
    params: CircularFinancingParams,
    budget: Budget,
    search: Budget | None = None,
    tally: LoopTally | None = None,
    through: set[str] | None = None,
) -> list[CircularFinancingRow]:
    """Return the loop rows among ``flows`` as circular-financing makes them, bounded by
    ``budget``: the search within ``search`` (default: :data:`SEARCH_SHARE` of ``budget``;
    an unbounded one leaves the parameters' ``max_seconds``), the rows while ``budget``
    lasts; with ``through``, only the loops through one of these groups are made."""
    search = budget.part(SEARCH_SHARE) if search is None else search
    unbounded = search.deadline is None
    seconds = params.max_seconds if unbounded else search.capped(params.max_seconds)
    searched = params.model_copy(update={"max_seconds": seconds})
    records = loop_records(flows, searched, search)
    if through is not None:
        records = (r for r in records if through.intersection(r["members"]))
    return loop_rows(_until(records, budget, "circular-financing"), params, tally)


def story_flows(
    told: list[dict[str, Any]],
    hops: list[tuple[str, str]],
    by_hop: dict[tuple[str, str], list[dict[str, Any]]],
) -> list[dict[str, Any]]:
    """Return every flow a loop's hop amounts count, in the order of its story: the flow that
    tells each hop first (from the investment), then the hop's other flows by date."""
    first_hop = next(
        (index for index, hop in enumerate(hops) if told and told[0] in by_hop[hop]), 0
    )
    ordered: list[dict[str, Any]] = []
    for step in range(len(hops)):
        hop = hops[(first_hop + step) % len(hops)]
        lead = [f for f in told if f in by_hop[hop]][:1]
        rest = sorted(
            (f for f in by_hop[hop] if not any(f is g for g in lead)),
            key=lambda f: (_began(f) or "~", f["deal"], f["payer"], f["payee"]),
        )
        ordered.extend([*lead, *rest])
    return ordered


def _cypher_parameters(params: CircularFinancingParams) -> dict[str, Any]:
    return params.cypher_filters() | {
        "max_length": params.max_length,
        "min_amount": params.min_amount,
        "investment": FlowCategory.INVESTMENT.value,
        "commercial": FlowCategory.COMMERCIAL.value,
        "usd": Unit.USD.value,
    }


QUERY = Query(
    id="circular-financing",
    title="Circular financing",
    description="Loops between groups in the money flow with at least one investment and one "
    "commercial flow: money an investor puts in comes back to it as revenue.",
    params=CircularFinancingParams,
    row=CircularFinancingRow,
    records=_records,
    rows_from_records=loop_rows,
    cypher_parameters=_cypher_parameters,
    returns="Each row has ``members`` (groups in cycle order, starting at the smallest id), "
    "``flows`` (every deal on each hop), ``hop_usd`` (the USD summed per hop), ``smallest_usd`` "
    "(the bottleneck of the loop; None when a hop's amount is unknown), ``smallest_known_usd`` "
    "(over the hops with a known amount), ``amounts_complete``, ``time_respecting``, "
    "``window`` (``start``: when the loop first closed; ``end``: the last day it stayed "
    "closed, None while it is), ``same_period_dates`` (the order rests on dates of one "
    "period), ``mechanism`` (from the flows that meet at one member), ``policy`` (the "
    "evidence policy), ``story`` (one dated, sourced sentence per flow the hop amounts count, "
    "from the investment) and ``sources``. Amounts are committed money unless "
    "``include_uncommitted``; ``hop_unvalued`` counts the flows without one (never summed "
    "as 0). Loops with every hop valued come first, largest bottleneck first.",
    visual_description="The loops of circular-financing drawn as groups and their GROUP_PAYS "
    "flows, one row per loop (current structure, active deals): the loops of the table form and "
    "the report, time-respecting only (from each flow's paid_from and paid_until) unless "
    "any_order.",
    doctest="""
    >>> from aigraph.graph import EmbeddedGraph
    >>> from aigraph.loaders import load_curated
    >>> graph = EmbeddedGraph(load_curated())
    >>> rows = circular_financing(graph, as_of="2024-06")
    >>> [r.members for r in rows]
    [['anthropic', 'google'], ['microsoft', 'openai'], ['amazon', 'anthropic']]
    >>> rows[1].story[0]
    '2019-07-22 Microsoft invests $1B in OpenAI [fortune-2019-07-22, openai-blog-2019-07-22]'
    >>> rows = circular_financing(graph, max_length=3, any_order=True)
    >>> [r.time_respecting for r in rows if r.members == ["nvidia", "openai", "oracle"]]
    [True]
    """,
    parity=(
        {},
        {"max_length": 3},
        {"min_status": "signed"},
        {"as_of": "2026-01"},
        {"min_amount": 1e10},
        {"min_confidence": "high"},
        {"any_order": True},
        {"include_inactive": True},
        {"as_of": "2024-06"},
        {"window_years": 2, "any_order": True},
    ),
    order=1,
)
