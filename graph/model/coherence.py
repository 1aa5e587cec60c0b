"""Meaning checked at load: what a record says must hang together, beyond each value's syntax.

Two kinds of check live here. Within one record (called by the record models' validators, so
every loader reports them on the record and field): an interval that ends before it starts, a
ramp whose rate is not a rate of the deal's own money, an exit before the investment, a claim
that ends a term before it starts, a record that points at itself. Across records (called by
each loader once its records are made): chains that loop (a deal superseding, in the end,
itself; a facility that is, in the end, part of itself).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from aigraph.graph.model.dates import PartialDate

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters that have no place in a name or a text (tab and newline are allowed):
NUL, BEL, ESC (terminal sequences), VT, the C1 controls; XML cannot hold most of them."""


def control_characters(text: str) -> str | None:
    """Return a description of the first control character in ``text``, None when none.

    >>> control_characters("Evil\\x1b[31m Corp"), control_characters("two\\nlines")
    ('control character U+001B at position 5', None)
    """
    found = CONTROL.search(text)
    if found is None:
        return None
    return f"control character U+{ord(found.group()):04X} at position {found.start() + 1}"


def strip_control(text: str) -> str:
    """Return ``text`` without control characters (tab and newline kept): for foreign data.

    >>> strip_control("Bell\\x07 Labs\\x00")
    'Bell Labs'
    """
    return CONTROL.sub("", text)


def _before(later: PartialDate, earlier: PartialDate) -> bool:
    """Return True when ``later`` ends before ``earlier`` begins (partial dates overlap)."""
    return later.last_day() < earlier.first_day()


def ordered(since: PartialDate | None, until: PartialDate | None) -> str | None:
    """Return why ``until`` cannot follow ``since`` (it ends before it starts), else None."""
    if since is not None and until is not None and _before(until, since):
        return f"until {until} is before since {since}"
    return None


def deal_field_problem(field: str, value: Any, data: Mapping[str, Any]) -> str | None:
    """Return what is wrong with a deal's ``field`` given the fields validated before it
    (``data``), or None. Checks: a ramp's rate is a rate (per month or year) of the money and
    currency of the deal's value and does not end before the term starts; a deal does not
    supersede itself; an exit is not before the deal; a claimed term end is not before the
    term's start."""
    if value is None:
        return None
    term = data.get("term")
    start = getattr(term, "start", None)
    if field == "ramp":
        rate, deal_value = value.rate, data.get("value")
        if rate is not None:
            if not rate.period.months:
                return f"ramp rate {rate} is one-off: a ramp's rate is per month or per year"
            if deal_value is not None and rate.unit is not deal_value.unit:
                return (
                    f"ramp rate {rate} is in {rate.unit}, the deal's value {deal_value} in "
                    f"{deal_value.unit}: amounts of different units do not add up"
                )
        if deal_value is not None and not deal_value.period.months:
            return f"a ramp needs a periodic value (the value {deal_value} is one-off)"
        if start is not None and _before(value.until, start):
            return f"ramp until {value.until} is before the term's start {start}"
    elif field == "supersedes":
        if value == data.get("id"):
            return "a deal cannot supersede itself"
    elif field == "exited":
        began = start or data.get("announced")
        if began is not None and _before(value, began):
            return f"exited {value} is before the deal began ({began})"
    elif field == "claims":
        for index, claim in enumerate(value):
            if start is not None and claim.end is not None and _before(claim.end, start):
                return f"claim {index}: end {claim.end} is before the term's start {start}"
    return None


def cycles(links: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Return every loop in a graph of ``id -> ids it points at``, each as its ids in order
    from its smallest id (each loop once; a self-reference is a loop of one).

    >>> cycles({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["d"], "e": ["a"]})
    [['a', 'b', 'c'], ['d']]
    """
    found: set[tuple[str, ...]] = set()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for root in sorted(links):
        if root in state:
            continue
        path: list[str] = []
        stack: list[tuple[str, Any]] = [(root, iter(sorted(links.get(root, ()))))]
        state[root] = 1
        path.append(root)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            if state.get(child) == 1:
                loop = path[path.index(child) :]
                first = loop.index(min(loop))
                found.add(tuple(loop[first:] + loop[:first]))
            elif child not in state:
                state[child] = 1
                path.append(child)
                stack.append((child, iter(sorted(links.get(child, ())))))
    return [list(loop) for loop in sorted(found)]


def loop_problems(records: Iterable[Any]) -> list[tuple[str, str, str]]:
    """Return (record id, field, reason) for each loop of supersession among deals and of
    ``part_of`` / ``builds_upon`` among facilities (a chain that comes back to where it
    started), on the loop's first record."""
    records = list(records)
    problems: list[tuple[str, str, str]] = []
    for field in ("supersedes", "part_of", "builds_upon"):
        links = {r.id: [getattr(r, field)] for r in records if getattr(r, field, None) is not None}
        for loop in cycles(links):
            chain = " -> ".join([*loop, loop[0]])
            what = "supersession" if field == "supersedes" else field
            problems.append((loop[0], field, f"{what} loop: {chain}"))
    return problems
