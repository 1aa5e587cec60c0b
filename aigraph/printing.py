"""Printing results as tables: the build summary, an entity profile, the report, the query list.

Everything here writes to the results console; nothing computes a finding.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from rich.markup import escape
from rich.table import Table

from aigraph.console import console
from aigraph.explain import Explanation
from aigraph.graph.bulk import collector_paused
from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.amounts import format_quantity
from aigraph.graph.model.vocabulary import ExposureSide
from aigraph.graph.profile import EntityProfile
from aigraph.loaders.deal_map import DealMapReport
from aigraph.loaders.deals_table import DealTableReport
from aigraph.loaders.epoch import EpochReport
from aigraph.queries import (
    QUERIES,
    competitor_customers,
    conflicts,
    contracted_revenue,
    exposure,
)
from aigraph.queries.budget import Budget
from aigraph.queries.library.circular_financing import (
    CircularFinancingParams,
    CircularFinancingRow,
    LoopTally,
    loop_flows,
    loops_within,
)
from aigraph.queries.library.exposure import ExposureRow
from aigraph.queries.significance import Significance, loop_significance, significance_sentence
from aigraph.queries.spec import FilterParams
from aigraph.summary import BuildSummary


def usd(value: float | None) -> str:
    """Return ``$46.2B`` for 46.2e9, ``-`` for None."""
    return "-" if value is None else f"${format_quantity(value)}"


def known_sum(value: float, deals: int, without_value: int) -> str:
    """Return a sum over the deals with a value as printed: exact when every deal has one,
    ``at least $X`` when some lack one, ``unknown`` when none has (never ``$0``).

    >>> known_sum(5e9, 3, 0), known_sum(5e9, 3, 1), known_sum(0.0, 2, 2)
    ('$5B', 'at least $5B', 'unknown')
    """
    if deals and without_value >= deals:
        return "unknown"
    return f"at least {usd(value)}" if without_value else usd(value)


def print_epoch_report(report: EpochReport) -> None:
    """Print what the Epoch load read, linked, resolved, created and left ambiguous."""
    table = Table(title="Epoch AI datasets (CC BY 4.0)")
    table.add_column("")
    table.add_column("", overflow="fold")
    table.add_row("rows read", ", ".join(f"{k}: {v}" for k, v in report.rows.items()))
    table.add_row(
        "GPU clusters by status",
        ", ".join(f"{k}: {v}" for k, v in sorted(report.clusters_by_status.items())),
    )
    table.add_row("records added", ", ".join(f"{k}: {v}" for k, v in report.records.items()))
    table.add_row(
        "linked to curated facilities",
        "; ".join(f"{k} -> {v}" for k, v in sorted(report.facilities_linked.items())),
    )
    names = report.organizations
    table.add_row(
        f"names resolved ({len(names.resolved)})",
        "; ".join(f"{k} -> {v}" for k, v in sorted(names.resolved.items())),
    )
    table.add_row(
        f"organizations created ({len(names.created)})",
        ", ".join(sorted(names.created)[:40]) + (" ..." if len(names.created) > 40 else ""),
    )
    table.add_row(
        f"ambiguous, left unlinked ({len(names.ambiguous)})",
        "; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(names.ambiguous.items())) or "none",
    )
    table.add_row("generic names skipped", ", ".join(names.generic) or "none")
    console.print(table)


def print_deal_map_report(report: DealMapReport) -> None:
    """Print what the deal map gave: matched, conflicting, new and unresolved deals, names."""
    table = Table(title=f"Deal map: {report.credit}")
    table.add_column("")
    table.add_column("", overflow="fold")
    table.add_row(
        "read",
        f"{report.deals} deals ({report.form}), {report.companies} companies; by type: "
        + ", ".join(f"{k}: {v}" for k, v in report.by_type.items()),
    )
    table.add_row(
        f"matched existing deals ({len(report.matched)}): claims beside them",
        ", ".join(f"{k} -> {v}" for k, v in report.matched.items()) or "none",
    )
    table.add_row(
        f"conflicting with them ({len(report.conflicting)})",
        ", ".join(f"{k} -> {v}" for k, v in report.conflicting.items()) or "none",
    )
    table.add_row(
        f"new deals ({len(report.new)})",
        f"{len(report.new) - report.unknown_amounts} with an amount, "
        f"{report.unknown_amounts} without; origin deal-map",
    )
    table.add_row(
        f"unresolved, left out ({len(report.unresolved)})",
        "; ".join(f"{k} ({v!r})" for k, v in report.unresolved.items()) or "none",
    )
    names = report.organizations
    table.add_row(f"companies resolved ({len(names.resolved)})", str(len(names.resolved)))
    table.add_row(
        f"organizations created ({len(names.created)})", ", ".join(sorted(names.created)) or "none"
    )
    table.add_row(
        f"ambiguous, left unlinked ({len(names.ambiguous)})",
        "; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(names.ambiguous.items())) or "none",
    )
    table.add_row("generic names", ", ".join(names.generic) or "none")
    console.print(table)


def print_credits(credits: list[str]) -> None:
    """Print the credit lines of the public datasets shown (nothing when there are none)."""
    if credits:
        console.print("[bold]Data[/]: " + "; ".join(credits), highlight=False)


def print_deal_rows(report: DealTableReport) -> None:
    """Print what became of every row of the deal tables: matched (with conflicts and a scope
    flag), new, or left out, and whether its amount was read."""
    table = Table(title=f"Deal table rows ({len(report.row_outcomes)})")
    for column in ("row", "payer -> payee", "kind", "amount", "outcome", "deal"):
        ids = column in ("row", "deal")  # an id is never broken
        table.add_column(column, overflow="fold", no_wrap=ids)
    for row in report.row_outcomes:
        amount = row.amount or "(empty)"
        if not row.amount_read:
            amount += " [unread]"
        outcome = row.outcome
        if row.conflicts:
            outcome += ", conflicts"
        if row.scope_ratio is not None:
            outcome += f", {row.scope_ratio:.2g}x: another scope?"
        if not row.quoted:
            outcome += ", no quote"
        table.add_row(
            row.row,
            escape(f"{row.payer} -> {row.payee}"),
            row.kind,
            escape(amount),
            outcome,
            row.deal or "",
        )
    console.print(table)


def print_deals_report(report: DealTableReport) -> None:
    """Print what the deal tables gave: matches, new legs, conflicts, names."""
    table = Table(title=f"Deal tables: {', '.join(report.files)}")
    table.add_column("")
    table.add_column("", overflow="fold")
    table.add_row("rows read", str(report.rows))
    table.add_row(
        f"matched curated deals ({len(report.matched)})", ", ".join(report.matched) or "none"
    )
    table.add_row(
        f"conflicting with them ({len(report.conflicting)})",
        ", ".join(report.conflicting) or "none",
    )
    if report.different_scope:
        table.add_row(
            f"[yellow]probably another scope ({len(report.different_scope)})[/]",
            escape("\n".join(report.different_scope)),
        )
    table.add_row("new deals", str(report.new))
    table.add_row(
        f"amount unknown or not an amount ({report.unknown_amounts})",
        escape("\n".join(report.unknown_amount_rows)) or "none",
    )
    if report.without_quote:
        table.add_row(
            f"rows without a quote ({len(report.without_quote)})",
            "cited with no quote, one confidence step lower: " + ", ".join(report.without_quote),
        )
    names = report.organizations
    if names.aliased:
        table.add_row(
            f"names by alias ({len(names.aliased)})",
            escape("; ".join(f"{k} -> {v}" for k, v in sorted(names.aliased.items()))),
        )
    table.add_row(
        f"organizations created ({len(names.created)})",
        escape(", ".join(f"{name} ({org_id})" for name, org_id in sorted(names.created.items())))
        or "none",
    )
    table.add_row(
        f"ambiguous names, rows left out ({len(report.left_out)})",
        "; ".join(report.left_out) or "none",
    )
    table.add_row(
        "largest new legs",
        "\n".join(
            f"{leg.payer} -> {leg.payee} ({leg.kind}): {leg.amount or '?'}"
            for leg in report.largest_new
        )
        or "none",
    )
    console.print(table)


def print_summary(summary: BuildSummary) -> None:
    """Print the build summary as tables."""
    counts = Table(title="Records", show_edge=False)
    counts.add_column("kind")
    counts.add_column("count", justify="right")
    for label, count in summary.records.items():
        counts.add_row(label, str(count))
    counts.add_row("[dim]nodes (with claims)[/]", str(summary.nodes))
    counts.add_row("[dim]relationships[/]", str(sum(summary.relationships.values())))
    console.print(counts)

    statuses = Table(title="Deals by status", show_edge=False)
    statuses.add_column("status")
    statuses.add_column("deals", justify="right")
    for status, count in summary.deals_by_status.items():
        statuses.add_row(status, str(count))
    console.print(statuses)

    sources = Table(title="Deals by their best source", show_edge=False)
    sources.add_column("best source")
    sources.add_column("deals", justify="right")
    sources.add_column("of $1B or more", justify="right")
    for kind, count in summary.deals_by_best_source.items():
        sources.add_row(kind, str(count), str(summary.large_deals_by_best_source.get(kind, 0)))
    console.print(sources)
    if summary.large_deals_not_citable:
        console.print(
            f"[yellow]{len(summary.large_deals_not_citable)} deals of $1B or more rest on no "
            "filing, press release, company page or established outlet[/]: "
            + ", ".join(summary.large_deals_not_citable),
            highlight=False,
        )

    providers = Table(
        title="Contracted value by provider (group; reported or firmer; rate x term where known)"
    )
    providers.add_column("provider")
    providers.add_column("total (USD)", justify="right")
    providers.add_column("deals", justify="right")
    providers.add_column("without a value", justify="right")
    providers.add_column("reported figure", justify="right")
    for row in summary.contracted_value_by_provider:
        providers.add_row(
            row.provider,
            known_sum(row.derived_usd, row.deals, row.deals_without_value),
            str(row.deals),
            str(row.deals_without_value),
            f"{usd(row.reported_usd)} ({row.figure})" if row.figure else "",
        )
    console.print(providers)

    if summary.epoch is not None:
        print_epoch_report(summary.epoch)
    if summary.deal_map is not None:
        print_deal_map_report(summary.deal_map)
    if summary.deals is not None:
        print_deals_report(summary.deals)
    conflicts = Table(title=f"Conflicts between sources ({len(summary.conflicts)})")
    conflicts.add_column("record")
    conflicts.add_column("attribute")
    conflicts.add_column("claims (sources)")
    for conflict in summary.conflicts:
        claims = "\n".join(
            f"{claim.value}  [dim]({', '.join(claim.sources)})[/]" for claim in conflict.claims
        )
        conflicts.add_row(conflict.record, conflict.attribute, claims)
    console.print(conflicts)
    print_credits(summary.credits)


def print_profile(profile: EntityProfile) -> None:
    """Print an entity profile as tables."""
    heading = f"[bold]{profile.name}[/] [dim]({profile.id}; {', '.join(profile.labels)})[/]"
    if profile.group and profile.group != profile.id:
        heading += f"  part of group [bold]{profile.group}[/]"
    console.print(heading)
    facts = Table(show_header=False, show_edge=False, box=None)
    for key, value in profile.properties.items():
        if key.endswith(("_first_day", "_last_day")) or key in ("id", "name"):
            continue
        facts.add_row(
            f"[dim]{key}[/]", ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        )
    console.print(facts)
    if profile.deals:
        deals = Table(title="Deals")
        columns = ("deal", "kind", "role", "parties", "status", "value", "total", "committed")
        for column in (*columns, "term"):
            deals.add_column(column)
        for deal in profile.deals:
            parties = "; ".join(f"{r}: {', '.join(ids)}" for r, ids in deal.parties.items())
            money = deal.money
            total = money.get("total") or "-"
            certainty = money.get("certainty")
            committed = usd(money.get("committed_usd")) + (
                f" [dim]({certainty})[/]" if certainty and certainty != "firm" else ""
            )
            term = f"{deal.term_start or '?'} - {deal.term_end or '?'}"
            status = deal.status if deal.active else f"{deal.status} [dim](inactive)[/]"
            deals.add_row(
                deal.id,
                deal.kind,
                deal.role or "",
                parties,
                status,
                deal.value or "-",
                total,
                committed,
                term,
            )
        console.print(deals)
        for deal in profile.deals:
            if deal.only_aggregators:
                console.print(
                    f"  [yellow]{deal.id} rests on aggregators only[/]: no filing, press release, "
                    "company page or established outlet states it",
                    highlight=False,
                )
            if deal.money.get("condition"):
                console.print(
                    f"  {deal.id} [dim]is contingent on[/] {deal.money['condition']}",
                    highlight=False,
                )
            if deal.superseded_by:
                console.print(f"  {deal.id} [dim]is superseded by[/] {deal.superseded_by}")
            for old in deal.supersedes:
                console.print(f"  {deal.id} [dim]supersedes[/] {old}")
    for line in profile.pending:
        console.print(f"  [yellow]pending[/] {line}")
    if profile.relationships:
        rels = Table(title="Relationships")
        for column in ("type", "direction", "other", "properties"):
            rels.add_column(column)
        for rel in profile.relationships:
            props = ", ".join(f"{k}={v}" for k, v in rel.properties.items())
            arrow = "->" if rel.direction == "out" else "<-"
            rels.add_row(rel.type, arrow, f"{rel.other_name} [dim]({rel.other})[/]", props)
        console.print(rels)
    if profile.series:
        series = Table(title="Series (values at different dates, in order)")
        for column in ("record", "attribute", "as of", "value (sources)"):
            series.add_column(column)
        for claim_set in profile.series:
            for value in claim_set.values:
                series.add_row(
                    claim_set.record,
                    claim_set.attribute,
                    value.as_of or "?",
                    f"{value.value} ({', '.join(value.sources)})",
                )
        console.print(series)
    if profile.conflicts:
        conflicts = Table(title="Conflicts")
        for column in ("record", "attribute", "claims"):
            conflicts.add_column(column)
        for conflict in profile.conflicts:
            claims = "\n".join(f"{c.value} ({', '.join(c.sources)})" for c in conflict.claims)
            conflicts.add_row(conflict.record, conflict.attribute, claims)
        console.print(conflicts)
    sources = Table(title="Sources")
    sources.add_column("source")
    sources.add_column("quotes")
    for source in profile.sources:
        where = source.url or source.file or ""
        quotes = "\n".join(f"\u201c{q}\u201d" for q in source.quotes)
        sources.add_row(f"{source.id}\n[dim]{where}[/]", quotes)
    console.print(sources)


def print_query_list() -> None:
    """Print the queries of the library with their parameters."""
    for query in QUERIES.values():
        console.print(f"[bold]{query.id}[/]  {query.title}")
        console.print(f"  {query.description}", highlight=False)
        for name, field in query.params.model_fields.items():
            default = field.default
            shown = getattr(default, "value", default)
            console.print(
                f"  [cyan]--{name.replace('_', '-')}[/] (default {shown}): {field.description}",
                highlight=False,
            )


REPORT_REWIRINGS = 100
"""Random rewirings behind the report's significance sentence (cached by the data's hash)."""


def cached_significance(
    graph: EmbeddedGraph, rewirings: int = REPORT_REWIRINGS, budget: Budget | None = None
) -> Significance:
    """Return the null model of the default loops, seeded, from the cache when the same flows
    were measured before (``$AIGRAPH_CACHE_DIR``, else ``~/.cache/aigraph``); else computed
    within ``budget`` (a result the budget cut short is not cached)."""
    params = CircularFinancingParams()
    flows = loop_flows(graph, params)
    digest = hashlib.sha256(
        json.dumps(
            [sorted(flows, key=lambda f: (f["deal"], f["payer"], f["payee"])), rewirings],
            sort_keys=True,
            default=str,
        ).encode()
    ).hexdigest()[:16]
    folder = Path(os.environ.get("AIGRAPH_CACHE_DIR") or Path.home() / ".cache" / "aigraph")
    path = folder / f"significance-{digest}.json"
    try:
        return Significance.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    found = loop_significance(graph, params, rewirings=rewirings, seed=0, budget=budget)
    if found.truncated:
        return found
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        partial.write_text(found.model_dump_json(), encoding="utf-8")
        partial.replace(path)
    except OSError:
        pass  # a read-only home: the figures are computed again next time
    return found


def hop_floor(row: CircularFinancingRow) -> str:
    """Return a loop's committed bottleneck as printed: exact, a floor ("at least") when a
    hop has flows without an amount, or unknown with the smallest known hop."""
    if row.smallest_usd is None:
        return f"? (known hops: {usd(row.smallest_known_usd)})"
    if row.amounts_complete:
        return usd(row.smallest_usd)
    return f"at least {usd(row.smallest_usd)}"


REPORT_LOOPS = 10
"""Loops in the report's table unless ``--all``."""


def report_sections(
    graph: EmbeddedGraph,
    as_of: str | None = None,
    budget: Budget | None = None,
    limit: int | None = None,
    tally: LoopTally | None = None,
) -> dict[str, list[Any]]:
    """Return the rows of the report's sections (deals in force ``as_of``, e.g. ``2025-06``;
    None: today's structure): loops, links, contracted revenue, conflicts.

    The loops are found within ``budget`` (None: circular-financing's default
    ``max_seconds``), the best ``limit`` of them kept as they are made (None: all), all of
    them counted in ``tally``."""
    when = {"as_of": as_of} if as_of else {}
    params = CircularFinancingParams(limit=limit, **when)
    budget = budget or Budget(params.max_seconds)
    return {
        "circular_financing": loops_within(loop_flows(graph, params), params, budget, tally=tally),
        "competitor_customers": competitor_customers(graph, **when),
        "contracted_revenue": contracted_revenue(graph, **when),
        "exposure": [
            row
            for row in exposure(graph, **when)
            if row.side is ExposureSide.REVENUE and row.reported_usd is not None
        ],
        "conflicts": conflicts(graph),
    }


@collector_paused()  # as print_report
def report_json(
    graph: EmbeddedGraph, as_of: str | None = None, budget: Budget | None = None
) -> str:
    """Return the report as JSON: ``as_of``, the evidence policy, the credit lines of the
    public datasets in it, how the loops compare with random rewirings, and every row of each
    section; ``truncated`` when ``budget`` (None: circular-financing's default
    ``max_seconds``) cut the loops or the rewirings short."""
    budget = budget or Budget(CircularFinancingParams().max_seconds)
    sections = report_sections(graph, as_of, budget)
    policy = FilterParams(as_of=as_of).policy() if as_of else FilterParams().policy()
    significance = (
        cached_significance(graph, budget=budget).model_dump(mode="json") if not as_of else None
    )
    document = {
        "as_of": as_of,
        "policy": policy,
        "credits": graph.dataset.credits(),
        "significance": significance,
        "truncated": budget.truncated,
    } | {name: [row.model_dump(mode="json") for row in rows] for name, rows in sections.items()}
    return json.dumps(document, indent=2)


@collector_paused()  # the report's rows beside a large graph: no full collections
def print_report(
    graph: EmbeddedGraph,
    as_of: str | None = None,
    all_loops: bool = False,
    rewirings: int = REPORT_REWIRINGS,
    budget: Budget | None = None,
) -> None:
    """Print the evidence policy, loops (the top 10, or ``all_loops``; with how they compare
    with chance), competitor-customer links, contracted revenue, customers' shares of reported
    backlogs and conflicts, with deals in force ``as_of`` (None: today). The loops and the
    rewirings are bounded by ``budget`` (None: circular-financing's default ``max_seconds``),
    and only the loops printed are kept."""
    budget = budget or Budget(CircularFinancingParams().max_seconds)
    counts = graph.dataset.counts()
    console.print(
        f"[bold]aigraph[/]: {counts['Organization']} organizations, {counts['Facility']} "
        f"facilities, {counts['Deal']} deals, {counts['Source']} sources"
        + (f"; deals in force in {as_of}" if as_of else "")
    )
    print_credits(graph.dataset.credits())
    policy = FilterParams(as_of=as_of).policy() if as_of else FilterParams().policy()
    tally = LoopTally()
    sections = report_sections(graph, as_of, budget, None if all_loops else REPORT_LOOPS, tally)
    shown = sections["circular_financing"]
    top = (
        "all"
        if all_loops or tally.loops <= REPORT_LOOPS
        else f"top {REPORT_LOOPS}, --all for every loop"
    )
    console.print(f"[bold]Evidence policy[/]: {policy}\n", highlight=False)
    indirect = tally.loops - tally.direct
    table = Table(
        title=f"Circular financing: {tally.loops} time-respecting loops, {tally.direct} direct "
        f"(an investment meets its flows at one member), {indirect} indirect (through third "
        f"parties); {top}, valued loops first, largest committed bottleneck first"
    )
    for column in ("loop (mechanism)", "committed bottleneck", "closed", "story"):
        table.add_column(column, overflow="fold")
    for row in shown:
        window = row.window
        closed = f"{window.start} - {window.end or 'open'}" if window else "-"
        if row.same_period_dates:
            closed += " (order rests on same-period dates)"
        table.add_row(
            " -> ".join([*row.members, row.members[0]]) + f"\n({row.mechanism.value})",
            hop_floor(row),
            closed,
            escape("\n".join(row.story)),
        )
    console.print(table)
    if len(shown) < tally.loops:
        console.print(
            f"{tally.loops - len(shown)} more loops: aigraph report --all, or aigraph query "
            "circular-financing (--mechanism indirect for the loops through third parties)",
            highlight=False,
        )
    if rewirings and as_of is None:
        found = cached_significance(graph, rewirings, budget)
        console.print(significance_sentence(found), highlight=False)
    console.print()

    links = sections["competitor_customers"]
    table = Table(title=f"Competitor-customer links: {len(links)}")
    for column in ("customer -> provider", "total", "evidence", "story"):
        table.add_column(column, overflow="fold")
    for link in links:
        evidence = ", ".join(
            sorted({f"{e.kind.value}: {e.record or e.market}" for e in link.evidence})
        )
        table.add_row(
            f"{link.customer} -> {link.provider}",
            usd(link.total_usd),
            evidence,
            escape("\n".join(link.story)),
        )
    console.print(table)

    revenue = [r for r in sections["contracted_revenue"] if r.derived_usd or r.figure][:10]
    table = Table(title="Contracted revenue by provider (top 10; committed minimum to full term)")
    for column in ("provider", "committed", "full term", "deals", "reported", "in range"):
        table.add_column(column)
    for row in revenue:
        reported = f"{usd(row.reported_usd)} ({row.figure})" if row.figure else ""
        covered = (
            f"{usd(row.covered_committed_usd)} - {usd(row.covered_derived_usd)} covered"
            if row.figure
            else ""
        )
        in_range = "" if row.within_range is None else "yes" if row.within_range else "no"
        table.add_row(
            row.provider,
            known_sum(row.committed_usd, row.deals, row.deals_without_value),
            known_sum(row.derived_usd, row.deals, row.deals_without_value),
            f"{row.deals} ({row.deals_without_value} without a value)"
            if row.deals_without_value
            else str(row.deals),
            f"{reported}\n{covered}".strip(),
            in_range,
        )
    console.print(table)

    print_reported_exposure(sections["exposure"])

    found = sections["conflicts"]
    table = Table(title=f"Conflicts between sources: {len(found)}")
    for column in ("record", "attribute", "claims"):
        table.add_column(column, overflow="fold")
    for conflict in found:
        claims = "\n".join(
            f"{c.value} ({', '.join(sorted({x.source for x in c.citations}))})"
            for c in conflict.claims
        )
        table.add_row(conflict.record, conflict.attribute, claims)
    console.print(table)


def share_text(share: float | None) -> str:
    """Return a share as a percentage (``-`` when unknown)."""
    return "-" if share is None else f"{100 * share:.0f}%"


def print_reported_exposure(rows: list[ExposureRow]) -> None:
    """Print, for the providers that report a backlog, each customer's share of it beside its
    share of the known deals, and the graph's coverage of the backlog (``rows``: the revenue
    rows of ``exposure`` that have a reported figure)."""
    table = Table(
        title="Customers' shares of the backlog providers report (remaining performance "
        "obligations, the figure nearest the date), beside their share of the deals the graph knows"
    )
    for column in ("provider", "customer", "committed", "of reported", "of known deals"):
        table.add_column(column, overflow="fold")
    table.add_column("coverage")
    for row in rows:
        by_then = (
            row.coverage * row.reported_usd
            if row.coverage is not None and row.reported_usd is not None
            else None
        )
        coverage = (
            f"graph values {usd(by_then)} of {usd(row.reported_usd)} by "
            f"{row.reported_as_of} ({share_text(row.coverage)}; {row.reported_figure})"
        )
        if row.after_figure_deals:
            coverage += "; made after it, not in it: " + ", ".join(row.after_figure_deals)
        if row.group_unvalued_deals:
            unvalued = row.group_unvalued_deals
            coverage += f"; {unvalued} deal{'s' if unvalued > 1 else ''} without an amount"
        table.add_row(
            row.group,
            row.counterparty,
            usd(row.committed_usd),
            share_text(row.share_of_reported),
            share_text(row.share),
            coverage,
        )
    console.print(table)


def print_explanation(found: Explanation) -> None:
    """Print the stories of the loops and links found for some members."""
    for row in found.loops:
        loop = " -> ".join([*row.members, row.members[0]])
        if row.window is not None:
            when = f"closed {row.window.start}, until {row.window.end or 'today (open)'}"
        else:
            when = "[yellow]not time-respecting[/]: the money does not come back after it went in"
        console.print(f"[bold]Loop[/] {loop}  [dim]({when})[/]", highlight=False)
        for line in row.story:
            console.print(f"  {escape(line)}", highlight=False)
    for link in found.links:
        console.print(
            f"[bold]Competitor-customer link[/] {link.customer} pays {link.provider}",
            highlight=False,
        )
        for line in link.story:
            console.print(f"  {escape(line)}", highlight=False)
