"""When a loop of money flows closed, and the dated, sourced sentences that tell it.

A loop is **time-respecting** when, in some rotation that starts at an investment flow, each next
hop has a flow in force at or after the moment the previous hop was reached, all within a window
of years: money goes in, and only then comes back. The search keeps, per rotation, the earliest
moment each hop can be reached (taking the latest start so far), which is optimal for whether
the loop closes and when. Both query forms (Python and Cypher) hand the same flow records to
these functions, so they cannot disagree on time.

Flow records carry the ``PAYS`` properties: ``flow``, ``paid_from`` and ``paid_until`` (when
money moves; ``paid_until`` None while a term runs), ``in_force_until`` and ``one_date`` (how
long a flow counts: a holding until its exit, a one-off payment for the window after it).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel

from aigraph.graph.model.amounts import Amount
from aigraph.graph.model.dates import years_before
from aigraph.graph.model.vocabulary import DEAL_KINDS, DealKind, FlowCategory

FlowRecord = dict[str, Any]


class Window(BaseModel):
    """When a loop first closed (``start``) and the last day it stayed closed (``end``; None:
    it still is)."""

    start: str
    end: str | None


@dataclass(frozen=True)
class LoopTiming:
    """Whether a loop respects time, its window, and the flow that tells each hop's story
    (in rotation order, starting at the investment)."""

    time_respecting: bool
    window: Window | None
    same_period: bool
    """True when the walk's order rests on dates known only to the same period (a month, a
    quarter): the intervals allow the order, but do not prove it."""
    chosen: list[FlowRecord] | None
    """The flows of the time-respecting walk (None when there is none)."""
    hops: Sequence[Sequence[FlowRecord]]

    @functools.cached_property
    def story_flows(self) -> list[FlowRecord]:
        """Return one flow per hop: the walk's, else (a loop that does not respect time) each
        hop's earliest, starting at the hop of the earliest investment."""
        return self.chosen if self.chosen is not None else _untimed_story(self.hops)


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _years_after(day: date, years: int) -> date:
    return years_before(day, -years)


def _counts_until(flow: FlowRecord, window_years: int) -> date | None:
    """Return the last day a flow counts (None: open): a one-off payment for the window after
    it, a holding until its exit, a term until its end."""
    if flow.get("one_date"):
        paid = _day(flow.get("paid_until")) or _day(flow.get("paid_from"))
        return _years_after(paid, window_years) if paid else None
    return _day(flow.get("in_force_until"))


def _order_key(flow: FlowRecord) -> tuple[str, str, str, str]:
    return (str(flow.get("paid_from") or "~"), flow["deal"], flow["payer"], flow["payee"])


@dataclass(frozen=True, slots=True)
class _Dated:
    """What the walk reads of a flow, parsed once: when it begins and ends paying, its order."""

    flow: FlowRecord
    begins: date | None
    begins_last: date | None
    """The last day the payments can have begun (the start at its source's precision)."""
    ends: date | None
    ends_first: date | None
    """The first day the payments can have ended (None: open)."""
    order: tuple[str, str, str, str]
    investment: bool


DatedCache = dict[int, _Dated]
"""Flows already parsed, by ``id`` of the flow record (valid while the records live)."""


def _dated(flow: FlowRecord, cache: DatedCache) -> _Dated:
    found = cache.get(id(flow))
    if found is None:
        begins, ends = _day(flow.get("paid_from")), _day(flow.get("paid_until"))
        found = cache[id(flow)] = _Dated(
            flow,
            begins,
            _day(flow.get("paid_from_last")) or begins,
            ends,
            _day(flow.get("paid_until_first")) or ends,
            _order_key(flow),
            flow.get("flow") == FlowCategory.INVESTMENT.value,
        )
    return found


def _walk(
    hops: Sequence[Sequence[_Dated]], start: int, first: _Dated
) -> tuple[date, bool, list[FlowRecord]] | None:
    """Return when the loop closes going round from ``first`` (on hop ``start``), whether
    the order rests on same-period dates, and the flow used on each hop; None when some hop
    has no flow in force after the money came.

    Dates are intervals (a start "in 2025-05" is any day of May): a hop counts when its flow
    can still be paying once the money can have come (the earliest reading); the step is
    certain when the flow surely still pays after the money surely came (its first possible
    end is not before the latest possible arrival). Certain flows are preferred on each hop.
    """
    reached = first.begins
    if reached is None:
        return None
    latest = first.begins_last or reached
    uncertain = False
    chosen = [first.flow]
    for step in range(1, len(hops)):
        best: tuple[bool, date, tuple[str, str, str, str]] | None = None
        best_flow: _Dated | None = None
        for flow in hops[(start + step) % len(hops)]:
            if flow.begins is None:
                continue
            at = reached if reached > flow.begins else flow.begins
            if flow.ends is None or flow.ends >= at:
                sure = flow.ends_first is None or flow.ends_first >= latest
                option = (not sure, at, flow.order)
                if best is None or option < best:
                    best, best_flow = option, flow
        if best is None or best_flow is None:
            return None
        uncertain = uncertain or best[0]
        reached = best[1]
        latest = max(latest, best_flow.begins_last or best_flow.begins or reached)
        chosen.append(best_flow.flow)
    return reached, uncertain, chosen


def _untimed_story(hops: Sequence[Sequence[FlowRecord]]) -> list[FlowRecord]:
    """Return one flow per hop for a loop that does not respect time: its earliest flows,
    starting at the hop of its earliest investment."""
    investing = [
        (_order_key(f), index)
        for index, hop in enumerate(hops)
        for f in hop
        if f.get("flow") == FlowCategory.INVESTMENT.value
    ]
    start = min(investing)[1] if investing else 0
    turned = [*hops[start:], *hops[:start]]
    return [min(hop, key=_order_key) for hop in turned if hop]


def loop_timing(
    hops: Sequence[Sequence[FlowRecord]], window_years: int, cache: DatedCache | None = None
) -> LoopTiming:
    """Return the timing of a loop given the flows of each hop, in cycle order (``cache``
    keeps the parsed dates of each flow for the next loop, when many loops share flows).

    >>> invest = {"deal": "i", "payer": "a", "payee": "b", "flow": "investment",
    ...           "paid_from": "2024-01-01", "paid_until": "2024-01-31"}
    >>> lease = {"deal": "l", "payer": "b", "payee": "a", "flow": "commercial",
    ...          "paid_from": "2025-06-01", "paid_until": "2027-12-31",
    ...          "in_force_until": "2027-12-31"}
    >>> timing = loop_timing([[invest], [lease]], window_years=4)
    >>> timing.time_respecting, timing.window
    (True, Window(start='2025-06-01', end='2027-12-31'))
    >>> early = dict(lease, paid_from="2020-01-01", paid_until="2022-12-31")
    >>> loop_timing([[invest], [early]], window_years=4).time_respecting
    False
    """
    known: DatedCache = {} if cache is None else cache
    dated = [[_dated(f, known) for f in hop] for hop in hops]
    for hop in dated:
        if len(hop) > 1:
            hop.sort(key=lambda d: d.order)
    best: tuple[bool, date, int, list[FlowRecord]] | None = None
    for start, hop in enumerate(dated):
        for first in hop:
            if not first.investment:
                continue
            walked = _walk(dated, start, first)
            if walked is None:
                continue
            closed, uncertain, chosen = walked
            assert first.begins is not None
            if closed > _years_after(first.begins, window_years):
                continue
            if best is None or (uncertain, closed, start) < best[:3]:
                best = (uncertain, closed, start, chosen)
    if best is None:
        return LoopTiming(False, None, False, None, hops)
    uncertain, closed, _, chosen = best
    ends = []
    for hop in hops:
        hop_ends = [_counts_until(f, window_years) for f in hop]
        ends.append(None if None in hop_ends else max(e for e in hop_ends if e is not None))
    known_ends = [e for e in ends if e is not None]
    end = min(known_ends) if known_ends else None
    window = Window(start=closed.isoformat(), end=end and end.isoformat())
    return LoopTiming(True, window, uncertain, chosen, hops)


@functools.lru_cache(maxsize=1 << 16)
def _phrase(amount_text: str) -> str:
    """Return the phrase of an amount's text (one parse per text, however many loops and
    stories show it)."""
    return Amount.parse(amount_text).phrase()


def _filled(template: str, flow: FlowRecord) -> str:
    amount = flow.get("amount_text")
    phrase = _phrase(amount) if amount else ""
    return template.format(
        payer=flow.get("payer_name") or flow["payer"],
        payee=flow.get("payee_name") or flow["payee"],
        amount_=f" {phrase}" if phrase else "",
        for_amount=f" for {phrase}" if phrase else "",
        amount_of=f" {phrase} of" if phrase else "",
        worth=f" worth {phrase}" if phrase else "",
    )


def flow_sentence(flow: FlowRecord) -> str:
    """Return one dated, sourced sentence for a money flow (its sources in the order the
    flow gives them: best kind first).

    >>> flow_sentence({"deal": "d", "kind": "investment", "payer": "microsoft",
    ...     "payee": "anthropic", "payer_name": "Microsoft", "payee_name": "Anthropic",
    ...     "amount_text": "5B USD", "began": "2025-11", "sources": ["cnbc-2025-11-18"]})
    '2025-11 Microsoft invests $5B in Anthropic [cnbc-2025-11-18]'
    """
    template = DEAL_KINDS[DealKind(flow["kind"])].story
    when = flow.get("began") or "undated"
    sources = ", ".join(dict.fromkeys(flow.get("sources") or [])) or "no source"
    return f"{when} {_filled(template, flow)} [{sources}]"


def story(flows: Sequence[FlowRecord]) -> list[str]:
    """Return the sentences of a sequence of flows, one per flow, in order."""
    return [flow_sentence(flow) for flow in flows]
