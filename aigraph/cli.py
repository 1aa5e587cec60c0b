"""The ``aigraph`` command line: build the graph, show an entity (queries, Neo4j and views follow).

Exit codes: 0 ok; 2 bad input (the problems are printed, never a traceback).
"""

from __future__ import annotations

import difflib
import sys
import tempfile
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from neo4j import Driver
from neo4j.exceptions import DriverError, Neo4jError
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from aigraph.browser_kit import write_kit
from aigraph.render import rows_csv, rows_json, rows_table
from aigraph.summary import BuildSummary, build_summary
from aigraph.view import focus_view, query_view, render_html, whole_view
from graph.amounts import format_quantity
from graph.dataset import Dataset
from graph.embedded import EmbeddedGraph
from graph.exports import ExportFormat
from graph.exports import export as export_graph
from graph.neo4j_store import (
    DEFAULT_BATCH_SIZE,
    Neo4jConnectionError,
    Neo4jSettings,
    check_database,
    connection_error,
    open_driver,
)
from graph.neo4j_store import load_graph as write_graph
from graph.profile import EntityProfile, entity_profile
from graph.schema_docs import schema_markdown
from loaders import DatasetError, load_curated
from loaders.epoch import FILES as EPOCH_FILES
from loaders.epoch import EpochReport, load_epoch
from queries import (
    QUERIES,
    Query,
    circular_financing,
    competitor_customers,
    conflicts,
    contracted_revenue,
)
from queries.neo4j_backend import run_on_neo4j
from queries.spec import QueryParams

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

EXIT_NEO4J = 3
LARGE_VIEW = 1500
"""Views with more nodes than this get a note suggesting a query or a focus."""

neo4j_app = typer.Typer(
    help="Load the graph into Neo4j over Bolt and check it (NEO4J_URI, NEO4J_USERNAME, "
    "NEO4J_PASSWORD, NEO4J_DATABASE are read when options are not given).",
    no_args_is_help=True,
)
app.add_typer(neo4j_app, name="neo4j")

UriOption = Annotated[
    str | None,
    typer.Option(
        "--uri",
        help="bolt://, neo4j:// (+s, +ssc); default NEO4J_URI or bolt://localhost:7687.",
        show_default=False,
    ),
]
UserOption = Annotated[
    str | None,
    typer.Option("--username", help="Default NEO4J_USERNAME or neo4j.", show_default=False),
]
PasswordOption = Annotated[
    str | None,
    typer.Option(
        "--password", help="Default NEO4J_PASSWORD (prefer the variable).", show_default=False
    ),
]
DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database", help="Default NEO4J_DATABASE or the server's default.", show_default=False
    ),
]

EpochDirOption = Annotated[
    Path | None,
    typer.Option(
        "--epoch-dir",
        envvar="AIGRAPH_EPOCH_DIR",
        help="Also load Epoch AI's CSV files (gpu_clusters, data_centers, "
        "data_center_timelines, ai_companies_funding_rounds) from this directory.",
        show_default=False,
    ),
]
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


class Backend(StrEnum):
    """Where a query runs."""

    EMBEDDED = "embedded"
    NEO4J = "neo4j"


def fail(message: str) -> typer.Exit:
    """Print ``message`` on stderr and return the exit for bad input (raise it)."""
    errors.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_BAD_INPUT)


def download_epoch(base_url: str) -> Path:
    """Return a temporary directory holding the Epoch files downloaded from ``base_url``."""
    target = Path(tempfile.mkdtemp(prefix="aigraph-epoch-"))
    fetched = 0
    for name in EPOCH_FILES.values():
        url = base_url.rstrip("/") + "/" + name
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                (target / name).write_bytes(response.read())
            fetched += 1
        except (OSError, ValueError) as exc:
            errors.print(f"[yellow]warning:[/] cannot download {url}: {exc}", highlight=False)
    if not fetched:
        raise fail(f"no Epoch file could be downloaded from {base_url}")
    return target


def load_dataset(
    data: Path | None, epoch_dir: Path | None = None, epoch_url: str | None = None
) -> tuple[Dataset, EpochReport | None]:
    """Return the curated dataset (merged with Epoch's files when given) and the Epoch report;
    bad input exits with code 2, every problem listed."""
    if epoch_url and not epoch_dir:
        epoch_dir = download_epoch(epoch_url)
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

        def on_row(kind: str, count: int) -> None:
            progress.update(task, total=None, completed=count, description=f"reading {kind}")

        try:
            dataset = load_curated(data, on_file=on_file)
            report = None
            if epoch_dir is not None:
                dataset, report = load_epoch(epoch_dir, dataset, on_row=on_row)
        except DatasetError as exc:
            errors.print(str(exc), highlight=False, markup=False)
            raise typer.Exit(EXIT_BAD_INPUT) from None
        return dataset, report


def load_graph(data: Path | None, epoch_dir: Path | None = None) -> EmbeddedGraph:
    """Return the embedded graph of the curated data (and Epoch's files when given)."""
    dataset, _ = load_dataset(data, epoch_dir)
    return EmbeddedGraph(dataset)


def usd(value: float | None) -> str:
    """Return ``$46.2B`` for 46.2e9, ``-`` for None."""
    return "-" if value is None else f"${format_quantity(value)}"


@app.command()
def build(
    data: DataOption = None,
    epoch_dir: EpochDirOption = None,
    epoch_url: Annotated[
        str | None,
        typer.Option(
            "--epoch-url",
            help="Download Epoch's live files from this base URL "
            "(e.g. https://epoch.ai/data/) when you have a network.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Load and validate the dataset (and Epoch's files), build the graph, print a summary."""
    dataset, epoch = load_dataset(data, epoch_dir, epoch_url)
    summary = build_summary(EmbeddedGraph(dataset), epoch)
    if as_json:
        typer.echo(summary.model_dump_json(indent=2))
        return
    print_summary(summary)


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
            usd(row.derived_usd),
            str(row.deals),
            str(row.deals_without_value),
            f"{usd(row.reported_usd)} ({row.figure})" if row.figure else "",
        )
    console.print(providers)

    if summary.epoch is not None:
        print_epoch_report(summary.epoch)
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
    epoch_dir: EpochDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one entity with its facts, deals, relationships and sources."""
    graph = load_graph(data, epoch_dir)
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


def parse_query_options(query: Query, args: list[str]) -> QueryParams:
    """Return the query's parameters from ``--name value`` / ``--name=value`` options."""
    fields = query.params.model_fields
    values: dict[str, str] = {}
    index = 0
    while index < len(args):
        arg = args[index]
        if not arg.startswith("--"):
            raise fail(f"unexpected argument {arg!r}; parameters are given as --name value")
        name, _, value = arg[2:].partition("=")
        field = name.replace("-", "_")
        if field not in fields:
            known = ", ".join("--" + f.replace("_", "-") for f in fields)
            raise fail(f"{query.id} has no parameter --{name} (it takes {known})")
        if not value:
            index += 1
            if index >= len(args):
                raise fail(f"--{name} needs a value")
            value = args[index]
        values[field] = value
        index += 1
    try:
        return query.params.model_validate(
            {k: (None if v.lower() in ("none", "null", "") else v) for k, v in values.items()}
        )
    except ValidationError as exc:
        problems = "; ".join(
            f"--{'.'.join(map(str, e['loc'])).replace('_', '-')}: {e['msg']}" for e in exc.errors()
        )
        raise fail(f"bad parameter for {query.id}: {problems}") from None


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


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    help="Run a query of the library: aigraph query NAME [--param value ...] [--json | --csv].",
)
def query(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="The query id (see --list).")] = None,
    list_queries: Annotated[bool, typer.Option("--list", help="List the queries.")] = False,
    as_json: JsonOption = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
    backend: Annotated[
        Backend, typer.Option("--backend", help="Where to run: the embedded graph or Neo4j.")
    ] = Backend.EMBEDDED,
    data: DataOption = None,
    epoch_dir: EpochDirOption = None,
    uri: UriOption = None,
    username: UserOption = None,
    password: PasswordOption = None,
    database: DatabaseOption = None,
) -> None:
    """Run one query of the library on the embedded graph (default) or on Neo4j."""
    if list_queries or name is None:
        print_query_list()
        return
    chosen = QUERIES.get(name)
    if chosen is None:
        close = difflib.get_close_matches(name, list(QUERIES), n=2)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise fail(f"unknown query {name!r}{hint} (see aigraph query --list)")
    if as_json and as_csv:
        raise fail("choose one of --json and --csv")
    params = parse_query_options(chosen, list(ctx.args))
    if backend is Backend.NEO4J:
        with neo4j_driver(uri, username, password, database) as (driver, settings):
            rows = run_on_neo4j(driver, chosen, params, settings.database)
    else:
        rows = chosen.run(load_graph(data, epoch_dir), params)
    if as_json:
        typer.echo(rows_json(rows))
    elif as_csv:
        typer.echo(rows_csv(rows, chosen.row), nl=False)
    else:
        console.print(rows_table(rows, f"{chosen.title} ({len(rows)} rows)"))


@app.command()
def report(data: DataOption = None, epoch_dir: EpochDirOption = None) -> None:
    """Build the graph and print the headline findings."""
    graph = load_graph(data, epoch_dir)
    print_report(graph)


def print_report(graph: EmbeddedGraph) -> None:
    """Print loops, competitor-customer links, contracted revenue and conflicts."""
    counts = graph.dataset.counts()
    console.print(
        f"[bold]aigraph[/]: {counts['Organization']} organizations, {counts['Facility']} "
        f"facilities, {counts['Deal']} deals, {counts['Source']} sources\n"
    )
    loops = circular_financing(graph)
    table = Table(title=f"Circular financing: {len(loops)} loops (top 10; group level)")
    for column in ("loop", "smallest hop", "flows", "terms overlap", "deals"):
        table.add_column(column, overflow="fold")
    for row in loops[:10]:
        smallest = (
            usd(row.smallest_usd)
            if row.amounts_complete
            else f"? (known hops: {usd(row.smallest_known_usd)})"
        )
        table.add_row(
            " -> ".join([*row.members, row.members[0]]),
            smallest,
            str(len(row.flows)),
            "yes" if row.terms_overlap else "no",
            ", ".join(f.deal for f in row.flows),
        )
    console.print(table)

    links = competitor_customers(graph)
    table = Table(title=f"Competitor-customer links: {len(links)}")
    for column in ("customer -> provider", "markets", "deals", "total", "competition"):
        table.add_column(column, overflow="fold")
    for link in links:
        table.add_row(
            f"{link.customer} -> {link.provider}",
            ", ".join(link.markets),
            ", ".join(f.deal for f in link.flows),
            usd(link.total_usd),
            ", ".join(link.competition),
        )
    console.print(table)

    revenue = [r for r in contracted_revenue(graph) if r.derived_usd or r.figure][:10]
    table = Table(title="Contracted revenue by provider (top 10; rate x term where known)")
    for column in ("provider", "derived", "deals", "reported", "difference"):
        table.add_column(column)
    for row in revenue:
        reported = f"{usd(row.reported_usd)} ({row.figure})" if row.figure else ""
        table.add_row(
            row.provider,
            usd(row.derived_usd),
            str(row.deals),
            reported,
            usd(row.difference_usd) if row.figure else "",
        )
    console.print(table)

    found = conflicts(graph)
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


def neo4j_failure(message: str) -> typer.Exit:
    """Print a one-line Neo4j error and return the exit for it (code 3)."""
    errors.print(f"[bold red]neo4j error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_NEO4J)


@contextmanager
def neo4j_driver(
    uri: str | None, username: str | None, password: str | None, database: str | None
) -> Iterator[tuple[Driver, Neo4jSettings]]:
    """Yield a connected driver; connection and server errors exit with code 3, one line."""
    settings = Neo4jSettings.from_env(uri, username, password, database)
    try:
        driver = open_driver(settings)
    except Neo4jConnectionError as exc:
        raise neo4j_failure(str(exc)) from None
    try:
        yield driver, settings
    except (Neo4jError, DriverError) as exc:
        raise neo4j_failure(str(connection_error(exc, settings))) from None
    finally:
        driver.close()


@neo4j_app.command("load")
def neo4j_load(
    uri: UriOption = None,
    username: UserOption = None,
    password: PasswordOption = None,
    database: DatabaseOption = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Rows per transaction.")
    ] = DEFAULT_BATCH_SIZE,
    data: DataOption = None,
    epoch_dir: EpochDirOption = None,
) -> None:
    """Load the graph into Neo4j: constraints, batched MERGEs, removal of stale records."""
    graph = load_graph(data, epoch_dir)
    with (
        neo4j_driver(uri, username, password, database) as (driver, settings),
        Progress(
            TextColumn("writing"),
            BarColumn(),
            MofNCompleteColumn(),
            console=errors,
            transient=True,
            disable=not errors.is_terminal,
        ) as progress,
    ):
        task = progress.add_task("writing", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        summary = write_graph(driver, graph, settings.database, batch_size, advance)
    table = Table(title=f"Loaded into {settings.redacted_uri} ({settings.database or 'default'})")
    for column in ("", "created", "updated", "removed"):
        table.add_column(column, justify="right")
    table.add_row(
        "nodes", str(summary.nodes_created), str(summary.nodes_updated), str(summary.nodes_removed)
    )
    table.add_row(
        "relationships",
        str(summary.relationships_created),
        str(summary.relationships_updated),
        str(summary.relationships_removed),
    )
    console.print(table)
    console.print(
        f"{summary.constraints} constraints ensured, {summary.batches} batches of up to "
        f"{batch_size} rows, {summary.seconds:.1f} s, load stamp {summary.stamp}",
        highlight=False,
    )


@neo4j_app.command("check")
def neo4j_check(
    uri: UriOption = None,
    username: UserOption = None,
    password: PasswordOption = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check the connection, the server, the constraints and the counts."""
    with neo4j_driver(uri, username, password, database) as (driver, settings):
        report = check_database(driver, settings)
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
        return
    console.print(
        f"connected to {report.uri} (database {report.database or 'default'})", highlight=False
    )
    console.print(f"server: {report.agent}, Bolt {report.protocol}", highlight=False)
    console.print(
        f"constraints: {len(report.constraints_present)} of "
        f"{len(report.constraints_present) + len(report.constraints_missing)} present"
        + (
            f"; missing {', '.join(report.constraints_missing)}"
            if report.constraints_missing
            else ""
        ),
        highlight=False,
    )
    counts = Table(title="Counts")
    counts.add_column("label or type")
    counts.add_column("count", justify="right")
    for name, count in {**report.nodes, **report.relationships}.items():
        counts.add_row(name, str(count))
    console.print(counts)


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    help="Write an offline interactive view (one HTML file): the whole graph, one query's "
    "result (aigraph view --query NAME [--param value ...]) or one entity's neighbourhood.",
)
def view(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="The HTML file to write.")],
    query_name: Annotated[
        str | None, typer.Option("--query", help="Show this query's result.")
    ] = None,
    focus: Annotated[str | None, typer.Option("--focus", help="Show this entity's area.")] = None,
    depth: Annotated[int, typer.Option("--depth", min=1, max=4, help="With --focus.")] = 1,
    with_sources: Annotated[
        bool, typer.Option("--with-sources", help="Draw sources and CITES too.")
    ] = False,
    data: DataOption = None,
    epoch_dir: EpochDirOption = None,
) -> None:
    """Write a self-contained HTML view of the graph."""
    if query_name and focus:
        raise fail("choose one of --query and --focus")
    chosen = None
    if query_name:
        chosen = QUERIES.get(query_name)
        if chosen is None:
            raise fail(f"unknown query {query_name!r} (see aigraph query --list)")
        params = parse_query_options(chosen, list(ctx.args))
    elif ctx.args:
        raise fail(f"unexpected arguments {' '.join(ctx.args)} (parameters go with --query)")
    graph = load_graph(data, epoch_dir)
    if chosen is not None:
        page = query_view(graph, chosen.title, chosen.run(graph, params))
    elif focus:
        if focus not in graph.dataset:
            raise fail(f"unknown id {focus!r}")
        page = focus_view(graph, focus, depth)
    else:
        page = whole_view(graph, with_sources)
    if len(page.nodes) > LARGE_VIEW:
        errors.print(
            f"[yellow]note:[/] {len(page.nodes)} nodes take a browser a long time to lay out; "
            "--query NAME or --focus ID --depth N draws a part of the graph",
            highlight=False,
        )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_html(page), encoding="utf-8")
    console.print(
        f"wrote {output} ({len(page.nodes)} nodes, {len(page.edges)} relationships)",
        highlight=False,
    )


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="The format to write.")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The file (a directory for neo4j-csv).")
    ],
    data: DataOption = None,
    epoch_dir: EpochDirOption = None,
) -> None:
    """Export the graph: GraphML, GEXF, node-link JSON, a Cypher script or neo4j-admin CSV."""
    graph = load_graph(data, epoch_dir)
    try:
        written = export_graph(graph, fmt, output)
    except ValueError as exc:
        raise fail(str(exc)) from None
    for path in written:
        console.print(f"wrote {path}", highlight=False)


@app.command("browser-kit")
def browser_kit(
    output: Annotated[Path, typer.Option("-o", "--output", help="Directory to write.")] = Path(
        "browser"
    ),
) -> None:
    """Write the Neo4j Browser style sheet and the ready visual queries."""
    for path in write_kit(output):
        console.print(f"wrote {path}", highlight=False)


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
