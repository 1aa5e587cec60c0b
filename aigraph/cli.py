"""The ``aigraph`` command line: build the graph, show an entity (queries, Neo4j and views follow).

Exit codes: 0 ok; 2 bad input (the problems are printed, never a traceback).
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from graph.amounts import format_quantity
from graph.embedded import EmbeddedGraph
from graph.profile import EntityProfile, entity_profile
from graph.schema_docs import schema_markdown
from graph.summary import BuildSummary, build_summary
from loaders import DatasetError, load_curated

EXIT_BAD_INPUT = 2

app = typer.Typer(
    name="aigraph",
    help="A sourced knowledge graph of AI infrastructure: who owns, rents, supplies, funds whom.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(width=None if sys.stdout.isatty() else 160)
errors = Console(stderr=True, width=None if sys.stderr.isatty() else 160)

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="AIGRAPH_DATA",
        help="Directory of curated YAML files (default: the bundled dataset).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def fail(message: str) -> typer.Exit:
    """Print ``message`` on stderr and return the exit for bad input (raise it)."""
    errors.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(EXIT_BAD_INPUT)


def load_graph(data: Path | None) -> EmbeddedGraph:
    """Return the embedded graph built from ``data``; bad input exits with code 2."""
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=errors,
        transient=True,
        disable=not errors.is_terminal,
    ) as progress:
        task = progress.add_task("reading", total=None)

        def on_file(path: Path, total: int) -> None:
            progress.update(task, total=total, description=f"reading {path.name}")
            progress.advance(task)

        try:
            dataset = load_curated(data, on_file=on_file)
        except DatasetError as exc:
            errors.print(str(exc), highlight=False, markup=False)
            raise typer.Exit(EXIT_BAD_INPUT) from None
        progress.update(task, description="building the graph")
        return EmbeddedGraph(dataset)


def usd(value: float | None) -> str:
    """Return ``$46.2B`` for 46.2e9, ``-`` for None."""
    return "-" if value is None else f"${format_quantity(value)}"


@app.command()
def build(data: DataOption = None, as_json: JsonOption = False) -> None:
    """Load and validate the dataset, build the graph and print a summary."""
    graph = load_graph(data)
    summary = build_summary(graph)
    if as_json:
        typer.echo(summary.model_dump_json(indent=2))
        return
    print_summary(summary)


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

    providers = Table(
        title="Contracted value by provider (group; announced or firmer; rate x term where known)"
    )
    providers.add_column("provider")
    providers.add_column("total (USD)", justify="right")
    providers.add_column("deals with a value", justify="right")
    providers.add_column("without", justify="right")
    for row in summary.contracted_value_by_provider:
        providers.add_row(
            row.provider,
            usd(row.usd_total),
            str(row.deals_with_value),
            str(row.deals_without_value),
        )
    console.print(providers)

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


@app.command()
def show(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="An id, e.g. spacex.")],
    data: DataOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one entity with its facts, deals, relationships and sources."""
    graph = load_graph(data)
    if record_id not in graph.dataset:
        close = difflib.get_close_matches(record_id, list(graph.dataset.records), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise fail(f"unknown id {record_id!r}{hint}")
    profile = entity_profile(graph, record_id)
    if as_json:
        typer.echo(profile.model_dump_json(indent=2))
        return
    print_profile(profile)


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
        for column in ("deal", "kind", "role", "parties", "status", "value", "total", "term"):
            deals.add_column(column)
        for deal in profile.deals:
            parties = "; ".join(f"{r}: {', '.join(ids)}" for r, ids in deal.parties.items())
            total = deal.derived_total or deal.reported_total or "-"
            term = f"{deal.term_start or '?'} - {deal.term_end or '?'}"
            deals.add_row(
                deal.id,
                deal.kind,
                deal.role or "",
                parties,
                deal.status,
                deal.value or "-",
                total,
                term,
            )
        console.print(deals)
    if profile.relationships:
        rels = Table(title="Relationships")
        for column in ("type", "direction", "other", "properties"):
            rels.add_column(column)
        for rel in profile.relationships:
            props = ", ".join(f"{k}={v}" for k, v in rel.properties.items())
            arrow = "->" if rel.direction == "out" else "<-"
            rels.add_row(rel.type, arrow, f"{rel.other_name} [dim]({rel.other})[/]", props)
        console.print(rels)
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


@app.command()
def schema() -> None:
    """Print the graph schema reference (Markdown, generated from the model)."""
    typer.echo(schema_markdown(), nl=False)


def main() -> None:
    """Run the command line (the ``aigraph`` entry point)."""
    try:
        app()
    except BrokenPipeError:  # e.g. `aigraph show spacex --json | head`
        sys.stderr.close()


if __name__ == "__main__":
    main()
