"""The ``aigraph`` command line: build the graph, show an entity, run queries, write views and
exports (``aigraph neo4j`` is in ``aigraph.neo4j_commands``).

Every command that builds the graph takes the loader options of ``aigraph.loaders.INPUTS``
(``--data``, ``--epoch-dir``, ...), added by ``@builds_graph``. Exit codes: 0 ok; 2 bad input
(the problems are printed, never a traceback); 3 Neo4j unreachable or refusing.
"""

from __future__ import annotations

import difflib
import sys
import time
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from aigraph.browser_kit import write_kit
from aigraph.console import JsonOption, console, errors, fail
from aigraph.explain import explain as explain_members
from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.dates import PartialDate
from aigraph.graph.model.vocabulary import DEFAULT_WINDOW_YEARS
from aigraph.graph.outputs.docs import schema_markdown
from aigraph.graph.outputs.exports import ExportFormat
from aigraph.graph.outputs.exports import export as export_graph
from aigraph.graph.outputs.files import write_atomic
from aigraph.inputs import GraphInputs, builds_graph
from aigraph.neo4j_commands import (
    DatabaseOption,
    PasswordOption,
    UriOption,
    UserOption,
    neo4j_app,
    neo4j_driver,
)
from aigraph.printing import (
    print_explanation,
    print_profile,
    print_query_list,
    print_report,
    print_summary,
)
from aigraph.queries import QUERIES
from aigraph.queries.library.circular_financing import QUERY as CIRCULAR_FINANCING
from aigraph.queries.library.deals import QUERY as DEALS
from aigraph.queries.library.exposure import QUERY as EXPOSURE
from aigraph.queries.neo4j_backend import run_on_neo4j
from aigraph.queries.significance import hubs as loop_hubs
from aigraph.queries.significance import loop_significance
from aigraph.queries.stress import StressParams
from aigraph.queries.stress import stress as stress_test
from aigraph.query_options import parse_query_options
from aigraph.render import rows_csv, rows_json, rows_table
from aigraph.summary import build_summary
from aigraph.view import focus_view, query_view, render_html, whole_view

app = typer.Typer(
    name="aigraph",
    help="A sourced knowledge graph of AI infrastructure: who owns, rents, supplies, funds whom.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(neo4j_app, name="neo4j")

LARGE_VIEW = 1500
"""Views with more nodes than this get a note suggesting a query or a focus."""


class Backend(StrEnum):
    """Where a query runs."""

    EMBEDDED = "embedded"
    NEO4J = "neo4j"


def require_known(graph: EmbeddedGraph, ids: list[str]) -> None:
    """Fail (exit 2) unless every id is in the graph, naming near matches of each unknown one."""
    names = list(graph.dataset.records)
    hints = []
    for record_id in (i for i in ids if i not in graph.dataset):
        close = difflib.get_close_matches(record_id, names, n=3)
        hints.append(f"{record_id!r}" + (f"; did you mean {', '.join(close)}?" if close else ""))
    if hints:
        raise fail(f"unknown id {' / '.join(hints)}")


TABLE_ROWS = 100
"""Rows per table when a query with a time budget prints its rows as tables."""


def print_rows_within(rows: list, title: str, deadline: float | None) -> None:
    """Print the rows as one table; with a ``deadline`` (a query's --max-seconds), as tables of
    :data:`TABLE_ROWS` rows while time is left, then a note of the rows not printed (laying out
    a table takes time with every row and cell; --json and --csv print them all)."""
    if deadline is None:
        console.print(rows_table(rows, f"{title} ({len(rows)} rows)"))
        return
    for start in range(0, max(len(rows), 1), TABLE_ROWS):
        if start and time.perf_counter() > deadline:
            errors.print(
                f"[yellow]note:[/] {len(rows) - start} more rows not printed within "
                "--max-seconds: --json or --csv prints them all (truncated: true)",
                highlight=False,
            )
            return
        part = (
            f", {start + 1}-{min(start + TABLE_ROWS, len(rows))}" if len(rows) > TABLE_ROWS else ""
        )
        console.print(
            rows_table(rows[start : start + TABLE_ROWS], f"{title} ({len(rows)} rows{part})")
        )


ForceOption = Annotated[
    bool, typer.Option("--force", help="Overwrite an existing output file or folder.")
]


def check_output(path: Path, force: bool, folder: bool = False) -> None:
    """Fail (exit 2) unless ``path`` can be written: a file (a ``folder`` when asked) that
    does not exist yet, or does and ``force`` is given; a symbolic link (even one pointing
    nowhere) only with ``force`` (the link is then replaced, not what it points at); a name
    the system refuses (too long) is one line, not a traceback."""
    try:
        _check_output(path, force, folder)
    except OSError as error:
        raise write_failure(path, error) from None


def _check_output(path: Path, force: bool, folder: bool) -> None:
    if path.is_symlink() and not force:
        raise fail(f"{path} is a symbolic link (use --force to replace the link)")
    if folder:
        if path.exists() and not path.is_dir():
            raise fail(f"{path} is a file: the output is a folder")
        if path.is_dir() and any(path.iterdir()) and not force:
            raise fail(f"{path} exists and is not empty (use --force to write into it)")
        return
    if path.is_dir():
        raise fail(f"{path} is a folder: give a file name")
    if path.exists() and not force:
        raise fail(f"{path} exists (use --force to overwrite it)")


def write_failure(path: Path, error: OSError) -> typer.Exit:
    """Return the one-line failure of a write (disk full, no permission, ...)."""
    return fail(f"cannot write {path}: {error.strerror or error}")


@app.command()
@builds_graph
def build(as_json: JsonOption = False, *, inputs: GraphInputs) -> None:
    """Load and validate the dataset (and Epoch's files), build the graph, print a summary."""
    dataset, reports = inputs.dataset()
    summary = build_summary(
        EmbeddedGraph(dataset),
        reports.get("epoch"),  # type: ignore[arg-type]
        reports.get("deals"),  # type: ignore[arg-type]
    )
    if as_json:
        typer.echo(summary.model_dump_json(indent=2))
        return
    print_summary(summary)
    if summary.quote_warnings:
        count = len(summary.quote_warnings)
        errors.print(
            f"[yellow]warning:[/] {count} citation{'s' if count != 1 else ''} whose quote does "
            "not state every value it is cited for:",
            highlight=False,
        )
        for line in summary.quote_warnings:
            errors.print(f"  {line}", highlight=False, markup=False)


@app.command()
@builds_graph
def show(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="An id, e.g. spacex.")],
    as_json: JsonOption = False,
    *,
    inputs: GraphInputs,
) -> None:
    """Show one entity with its facts, deals, relationships and sources."""
    graph = inputs.graph()
    require_known(graph, [record_id])
    from aigraph.graph.profile import entity_profile  # its models cost 50 ms to import

    profile = entity_profile(graph, record_id)
    if as_json:
        typer.echo(profile.model_dump_json(indent=2))
        return
    print_profile(profile)


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    help="Run a query of the library: aigraph query NAME [--param value ...] [--json | --csv].",
)
@builds_graph
def query(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="The query id (see --list).")] = None,
    list_queries: Annotated[bool, typer.Option("--list", help="List the queries.")] = False,
    as_json: JsonOption = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
    backend: Annotated[
        Backend, typer.Option("--backend", help="Where to run: the embedded graph or Neo4j.")
    ] = Backend.EMBEDDED,
    uri: UriOption = None,
    username: UserOption = None,
    password: PasswordOption = None,
    database: DatabaseOption = None,
    null_model: Annotated[
        int | None,
        typer.Option(
            "--null-model",
            min=1,
            help="circular-financing only: compare with N degree-preserving random rewirings "
            "of the money flow (z-score, share of random graphs with as many loops).",
        ),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the random rewirings.")] = 0,
    *,
    inputs: GraphInputs,
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
    budget = getattr(params, "max_seconds", None)
    deadline = time.perf_counter() + budget if budget is not None else None
    if null_model is not None:
        if chosen.id != CIRCULAR_FINANCING.id or backend is Backend.NEO4J:
            raise fail("--null-model is for circular-financing on the embedded graph")
        found = loop_significance(inputs.graph(), params, null_model, seed)
        if as_json:
            typer.echo(found.model_dump_json(indent=2))
        else:
            console.print(rows_table([found], f"Loops against {null_model} random rewirings"))
        return
    if backend is Backend.NEO4J:
        with neo4j_driver(uri, username, password, database) as (driver, settings):
            rows = run_on_neo4j(driver, chosen, params, settings.database)
    else:
        graph = inputs.graph()
        require_known(graph, params.record_ids())
        rows = chosen.run(graph, params)
    if as_json:
        typer.echo(rows_json(rows))
    elif as_csv:
        typer.echo(rows_csv(rows, chosen.row), nl=False)
    else:
        print_rows_within(rows, chosen.title, deadline)


@app.command()
@builds_graph
def report(*, inputs: GraphInputs) -> None:
    """Build the graph and print the headline findings (with the story of each loop)."""
    print_report(inputs.graph())


@app.command()
@builds_graph
def explain(
    members: Annotated[
        list[str], typer.Argument(metavar="MEMBERS...", help="Ids of the loop's or link's groups.")
    ],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Deals in force then.")] = None,
    include_inactive: Annotated[
        bool, typer.Option("--include-inactive", help="Count on-hold and superseded deals.")
    ] = False,
    window_years: Annotated[
        int, typer.Option("--window-years", min=1, max=50, help="The span a loop must close in.")
    ] = DEFAULT_WINDOW_YEARS,
    as_json: JsonOption = False,
    *,
    inputs: GraphInputs,
) -> None:
    """Tell the story of a loop or a competitor-customer link: one dated, sourced sentence
    per hop (e.g. aigraph explain nvidia openai oracle)."""
    graph = inputs.graph()
    require_known(graph, members)
    filters = {"include_inactive": include_inactive, "window_years": window_years}
    if as_of is not None:
        try:
            filters["as_of"] = PartialDate.parse(as_of)
        except ValueError as error:
            raise fail(f"--as-of {as_of!r}: {error}") from None
    found = explain_members(graph, members, **filters)
    if as_json:
        typer.echo(found.model_dump_json(indent=2))
        return
    if not found.loops and not found.links:
        raise fail(
            f"no loop or competitor-customer link joins exactly {', '.join(found.groups)} "
            "(groups of the ids given); see aigraph query circular-financing --any-order"
        )
    print_explanation(found)


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    help="The hubs of circular financing: groups ranked by how many loops, and how many "
    "dollars of loops (their smallest hops), pass through them. Takes circular-financing's "
    "parameters: aigraph hubs [--as-of D --mechanism M ...] [--json].",
)
@builds_graph
def hubs(ctx: typer.Context, as_json: JsonOption = False, *, inputs: GraphInputs) -> None:
    """Rank the groups by the loops that pass through them."""
    params = parse_query_options(CIRCULAR_FINANCING, list(ctx.args))
    ranked = loop_hubs(CIRCULAR_FINANCING.run(inputs.graph(), params))
    if as_json:
        typer.echo(rows_json(ranked))
    else:
        console.print(rows_table(ranked, f"Hubs of circular financing ({len(ranked)} groups)"))


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    help="What breaks if a group walks away: aigraph stress --remove ID [--remove ID ...] "
    "[--as-of D ...] [--json]. Ranks the revenue, funding and backing others lose, and lists "
    "the circular-financing loops that break.",
)
@builds_graph
def stress(
    ctx: typer.Context,
    remove: Annotated[
        list[str], typer.Option("--remove", help="An id whose group's deals are taken out.")
    ],
    as_json: JsonOption = False,
    *,
    inputs: GraphInputs,
) -> None:
    """Take a group's deals out and report, ranked, who loses what and which loops break."""
    graph = inputs.graph()
    require_known(graph, remove)
    filters = parse_query_options(EXPOSURE, list(ctx.args))  # exposure's filters
    result = stress_test(graph, StressParams(remove=remove, **filters.model_dump()))
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    console.print(rows_table(result.losses, f"Losses if {', '.join(result.removed)} walk away"))
    console.print(rows_table(result.broken_loops, f"Loops that break ({len(result.broken_loops)})"))


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    help="Write an offline interactive view (one HTML file): the whole graph, one query's "
    "result (aigraph view --query NAME [--param value ...]) or one entity's neighbourhood.",
)
@builds_graph
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
    force: ForceOption = False,
    *,
    inputs: GraphInputs,
) -> None:
    """Write a self-contained HTML view of the graph."""
    check_output(output, force)
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
    graph = inputs.graph()
    if chosen is not None:
        page = query_view(graph, chosen.title, chosen.run(graph, params))
    elif focus:
        require_known(graph, [focus])
        page = focus_view(graph, focus, depth)
    else:
        page = whole_view(graph, with_sources)
    if len(page.nodes) > LARGE_VIEW:
        errors.print(
            f"[yellow]note:[/] {len(page.nodes)} nodes take a browser a long time to lay out; "
            "--query NAME or --focus ID --depth N draws a part of the graph",
            highlight=False,
        )
    try:
        write_atomic(output, render_html(page))
    except OSError as exc:
        raise write_failure(output, exc) from None
    console.print(
        f"wrote {output} ({len(page.nodes)} nodes, {len(page.edges)} relationships)",
        highlight=False,
    )


@app.command()
@builds_graph
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="The format to write.")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The file (a directory for neo4j-csv).")
    ],
    force: ForceOption = False,
    *,
    inputs: GraphInputs,
) -> None:
    """Export the graph: GraphML, GEXF, node-link JSON, a Cypher script or neo4j-admin CSV."""
    check_output(output, force, folder=fmt is ExportFormat.NEO4J_CSV)
    graph = inputs.graph()
    try:
        written = export_graph(graph, fmt, output)
    except OSError as exc:
        raise write_failure(output, exc) from None
    except ValueError as exc:
        raise fail(str(exc)) from None
    for path in written:
        console.print(f"wrote {path}", highlight=False)


chart_app = typer.Typer(help="Charts of query results (SVG, PNG or HTML; matplotlib).")
app.add_typer(chart_app, name="chart")


ChartOutput = Annotated[Path, typer.Option("-o", "--output", help="FILE.svg, .png or .html.")]


def _chart(
    inputs: GraphInputs, entity: str, output: Path, force: bool, draw: Callable[..., Path]
) -> None:
    """Check the output and the entity, then write a chart with ``draw(graph)``; report it."""
    from aigraph.charts import check_suffix

    try:
        check_suffix(output)  # before the graph is built: a wrong name fails fast
    except ValueError as error:
        raise fail(str(error)) from None
    check_output(output, force)
    graph = inputs.graph()
    require_known(graph, [entity])
    try:
        written = draw(graph)
    except OSError as error:
        raise write_failure(output, error) from None
    except ValueError as error:
        raise fail(str(error)) from None
    typer.echo(f"wrote {written}")


@chart_app.command("exposure")
@builds_graph
def chart_exposure(
    provider: Annotated[str, typer.Option("--provider", help="The provider group, e.g. oracle.")],
    output: ChartOutput,
    force: ForceOption = False,
    *,
    inputs: GraphInputs,
) -> None:
    """Chart a provider's contracted revenue by customer: full term, committed minimum, share."""
    from aigraph.charts import exposure_chart

    def draw(graph: EmbeddedGraph) -> Path:
        rows = EXPOSURE.run(graph, EXPOSURE.params(provider=provider))
        return exposure_chart(rows, provider, output)

    _chart(inputs, provider, output, force, draw)


@chart_app.command("flows")
@builds_graph
def chart_flows(
    group: Annotated[str, typer.Option("--group", help="The group, e.g. nvidia.")],
    output: ChartOutput,
    force: ForceOption = False,
    *,
    inputs: GraphInputs,
) -> None:
    """Chart a group's money as a Sankey: who pays it, who it pays, as wide as the USD totals."""
    from aigraph.charts import flows_chart

    def draw(graph: EmbeddedGraph) -> Path:
        return flows_chart(graph.money_flows(), graph.group_of(group), output)

    _chart(inputs, group, output, force, draw)


@chart_app.command("timeline")
@builds_graph
def chart_timeline(
    group: Annotated[str, typer.Option("--group", help="The organization, e.g. openai.")],
    output: ChartOutput,
    include_inactive: Annotated[
        bool, typer.Option("--include-inactive", help="Also chart terminated or superseded deals.")
    ] = False,
    force: ForceOption = False,
    *,
    inputs: GraphInputs,
) -> None:
    """Chart the deals of an organization's group over time: terms as bars, one-offs as dots."""
    from aigraph.charts import timeline_chart

    def draw(graph: EmbeddedGraph) -> Path:
        params = DEALS.params(entity=group, include_inactive=include_inactive)
        return timeline_chart(DEALS.run(graph, params), graph.group_of(group), output)

    _chart(inputs, group, output, force, draw)


@app.command("browser-kit")
def browser_kit(
    output: Annotated[Path, typer.Option("-o", "--output", help="Directory to write.")] = Path(
        "browser"
    ),
    force: ForceOption = False,
) -> None:
    """Write the Neo4j Browser style sheet and the ready visual queries."""
    from aigraph.browser_kit import KIT_FILES

    try:
        if output.exists() and not output.is_dir():
            raise fail(f"{output} is a file: the output is a folder")
    except OSError as error:
        raise write_failure(output, error) from None
    for name in KIT_FILES:
        check_output(output / name, force)
    try:
        written = write_kit(output)
    except OSError as error:
        raise write_failure(output, error) from None
    for path in written:
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
