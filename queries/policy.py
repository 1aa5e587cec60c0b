"""The evidence policy in Cypher, written once: the filter every Cypher form applies to deals
and money flows, as :class:`aigraph.graph.money.FlowFilter` applies it in Python.

A library Cypher file marks where the filter goes with a line ``// policy: <form> <variable>``
and a line ``// policy: end``; ``scripts/generate.py`` writes the lines between from
:func:`policy_lines` (``tests/test_generated.py`` fails when a file holds another text). Forms:

- ``flow``: a ``GROUP_PAYS`` relationship at the as-of day (or in the current structure): the
  deal's conditions, the confidence level of its grouping and the group epoch;
- ``deal``: a ``Deal`` node (or a ``PAYS`` relationship): the deal's conditions only;
- ``current``: a ``GROUP_PAYS`` relationship of the current structure, for the visual forms
  (no as-of date; the confidence level of its grouping as in ``flow``).

The lines are conditions joined by ``AND`` and start with ``AND``, so a form follows a
``WHERE true`` or another condition.
"""

from __future__ import annotations

import re

POLICY_START = re.compile(r"^(\s*)// policy: (flow|deal|current) (\w+)\s*$")
POLICY_END = "// policy: end"


def _status(x: str) -> str:
    return (
        f"((CASE WHEN {x}.status_changed > $as_of_day THEN {x}.prior_status_rank "
        f"ELSE {x}.status_rank END) >= $min_status_rank\n"
        f"  OR (CASE WHEN {x}.status_changed > $as_of_day THEN {x}.prior_status "
        f"ELSE {x}.status END) IN $inactive_statuses)"
    )


def _in_force(x: str) -> list[str]:
    return [
        f"{x}.in_force_from <= $as_of_day",
        f"CASE WHEN {x}.one_date THEN {x}.in_force_until >= $as_of_window_start",
        f"    ELSE {x}.in_force_until IS NULL OR {x}.in_force_until >= $as_of_day END",
    ]


def _deal(x: str) -> list[str]:
    status = _status(x).split("\n")
    return [
        f"AND {status[0]}",
        status[1],
        f"AND {x}.confidence_rank >= $min_confidence_rank",
        f"AND ($include_inactive OR {x}.active OR {x}.inactive_from > $as_of_day)",
        f"AND ($include_uncommitted OR NOT {x}.contingent)",
        f"AND ($include_non_cash OR {x}.cash)",
    ]


def policy_lines(form: str, x: str) -> list[str]:
    """Return the Cypher lines of the evidence policy for ``form`` on the variable ``x``.

    >>> policy_lines("current", "r")[0]
    'AND r.group_current'
    """
    if form == "current":
        return [
            f"AND {x}.group_current",
            f"AND ({x}.status_rank >= $min_status_rank OR {x}.status IN $inactive_statuses)",
            f"AND {x}.confidence_rank >= $min_confidence_rank",
            f"AND $min_confidence_rank IN {x}.group_levels",
            f"AND ($include_inactive OR {x}.active)",
            f"AND ($include_uncommitted OR NOT {x}.contingent)",
            f"AND ($include_non_cash OR {x}.cash)",
        ]
    in_force = _in_force(x)
    if form == "deal":
        return [
            *_deal(x),
            f"AND ($as_of_day IS NULL OR ({in_force[0]}",
            f"  AND {in_force[1]}",
            f"  {in_force[2]}))",
        ]
    return [
        *_deal(x),
        f"AND $min_confidence_rank IN {x}.group_levels",
        f"AND CASE WHEN $as_of_day IS NULL THEN {x}.group_current",
        f"    ELSE (({x}.group_first_day IS NULL OR {x}.group_first_day <= $as_of_day)",
        f"     AND ({x}.group_last_day IS NULL OR {x}.group_last_day >= $as_of_day)",
        f"     AND {in_force[0]}",
        f"     AND {in_force[1]}",
        f"     {in_force[2]}) END",
    ]


def expand_policy(text: str) -> str:
    """Return a Cypher text with every ``// policy:`` region rewritten from :func:`policy_lines`
    (indented as its start line)."""
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        out.append(line)
        match = POLICY_START.match(line)
        index += 1
        if match is None:
            continue
        indent, form, variable = match.groups()
        end = index
        while end < len(lines) and lines[end].strip() != POLICY_END:
            end += 1
        if end == len(lines):
            raise ValueError(f"'{line.strip()}' has no '{POLICY_END}' line")
        out.extend(indent + policy for policy in policy_lines(form, variable))
        out.append(lines[end])
        index = end + 1
    return "\n".join(out)
