"""The ``aigraph`` command line: build the graph, show an entity, run queries, write views and
exports (``aigraph neo4j`` is in ``aigraph.neo4j_commands``).

Every command that builds the graph takes the loader options of ``aigraph.loaders.INPUTS``
(``--data``, ``--epoch-dir``, ...), added by ``@builds_graph``. Exit codes: 0 ok; 2 bad input
(the problems are printed, never a traceback); 3 Neo4j unreachable or refusing.
"""

from __future__ import annotations

import contextlib
import difflib
import sys
import time
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from aigraph.browser_kit import DEFAULT_PORT, kit_server, paste_lines, write_kit
from aigraph.console import JsonOption, console, errors, fail
from aigraph.explain import explain as explain_members
from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.dates import PartialDate
from aigraph.graph.model.vocabulary import DEFAULT_WINDOW_YEARS, Confidence, Status
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
    print_deal_rows,
    print_explanation,
    print_profile,
    print_query_list,
    print_report,
    print_summary,
    report_json,
)
from aigraph.queries import QUERIES
from aigraph.queries.budget import Budget
from aigraph.queries.frames import flat_columns
from aigraph.queries.library.circular_financing import QUERY as CIRCULAR_FINANCING
from aigraph.queries.library.deals import QUERY as DEALS
from aigraph.queries.library.exposure import QUERY as EXPOSURE
from aigraph.queries.neo4j_backend import run_on_neo4j
from aigraph.queries.significance import hubs as loop_hubs
from aigraph.queries.significance import loop_significance, significance_sentence
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


def print_rows_within(
    rows: list, title: str, deadline: float | None, picked: list[str] | None = None
) -> None:
    """Print the rows as one table; with a ``deadline`` (a query's --max-seconds), as tables of
    :data:`TABLE_ROWS` rows while time is left, then a note of the rows not printed (laying out
    a table takes time with every row and cell; --json and --csv print them all)."""
    if deadline is None:
        console.print(rows_table(rows, f"{title} ({len(rows)} rows)", picked, width=console.width))
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
            rows_table(
                rows[start : start + TABLE_ROWS],
                f"{title} ({len(rows)} rows{part})",
                picked,
                width=console.width,
            )
        )


DEFAULT_MAX_SECONDS = CIRCULAR_FINANCING.params.model_fields["max_seconds"].default
MaxSecondsOption = Annotated[
    float,
    typer.Option(
        "--max-seconds",
        min=0.001,
        max=86_400,
        help="Stop the loop search and the work that follows it after this many seconds, "
        "with what was found (warns; truncated: true in --json).",
    ),
]


def note_truncated(budget: Budget, command: str) -> None:
    """Say on stderr, once, that ``command`` stopped on its budget (when it did)."""
    if budget.truncated:
        errors.print(
            f"[yellow]warning:[/] {command} stopped on its budget of {budget.seconds:g} s: "
            "what it prints was found within it; raise --max-seconds (truncated: true)",
            highlight=False,
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
def build(
    as_json: JsonOption = False,
    rows: Annotated[
        bool,
        typer.Option(
            "--rows",
            help="Also print what became of every row of the --deals tables (matched, new or "
            "left out; amount read; conflicts).",
        ),
    ] = False,
    *,
    inputs: GraphInputs,
) -> None:
    """Load and validate the dataset (and Epoch's files, the deal map), build the graph, print a
    summary."""
    dataset, reports = inputs.dataset()
    summary = build_summary(
        EmbeddedGraph(dataset),
        reports.get("epoch"),  # type: ignore[arg-type]
        reports.get("deals"),  # type: ignore[arg-type]
        reports.get("deal_map"),  # type: ignore[arg-type]
    )
    if as_json:
        typer.echo(summary.model_dump_json(indent=2))
        return
    print_summary(summary)
    if rows and summary.deals is not None:
        print_deal_rows(summary.deals)
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
            "of the money flow (z-score, share of random graphs with as many loops); "
            "--max-seconds bounds them all (rewirings_done says how many ran).",
        ),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the random rewirings.")] = 0,
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            help="The table's columns, comma-separated (default: those that fit the width).",
        ),
    ] = None,
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
    picked = [c.strip() for c in columns.split(",") if c.strip()] if columns else None
    known = flat_columns(chosen.row)
    unknown = [c for c in picked or [] if c not in known and c not in chosen.row.model_fields]
    if unknown:
        raise fail(
            f"--columns: {', '.join(unknown)} not a column of {chosen.id} "
            f"(columns: {', '.join(known)})"
        )
    params = parse_query_options(chosen, list(ctx.args))
    budget = getattr(params, "max_seconds", None)
    deadline = time.perf_counter() + budget if budget is not None else None
    if null_model is not None:
        if chosen.id != CIRCULAR_FINANCING.id or backend is Backend.NEO4J:
            raise fail("--null-model is for circular-financing on the embedded graph")
        bounded = Budget(budget)
        found = loop_significance(
            inputs.graph(),
            params,
            null_model,
            seed,
            progress=_stderr_progress("rewiring"),
            budget=bounded,
        )
        if as_json:
            typer.echo(found.model_dump_json(indent=2))
        else:
            console.print(rows_table([found], f"Loops against {null_model} random rewirings"))
            console.print(significance_sentence(found), highlight=False)
        note_truncated(bounded, "query circular-financing --null-model")
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
        print_rows_within(rows, chosen.title, deadline, picked)


@app.command()
@builds_graph
def report(
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Deals in force then (e.g. 2025-06) and that day's groups."),
    ] = None,
    as_json: JsonOption = False,
    all_loops: Annotated[bool, typer.Option("--all", help="Every loop, not the top 10.")] = False,
    max_seconds: MaxSecondsOption = DEFAULT_MAX_SECONDS,
    *,
    inputs: GraphInputs,
) -> None:
    """Build the graph and print the headline findings (with the story of each loop)."""
    if as_of is not None:
        try:
            as_of = str(PartialDate.parse(as_of))
        except ValueError as error:
            raise fail(f"--as-of: {error}") from None
    graph = inputs.graph()
    budget = Budget(max_seconds)
    if as_json:
        typer.echo(report_json(graph, as_of, budget))
    else:
        print_report(graph, as_of, all_loops, budget=budget)
    note_truncated(budget, "report")


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
    max_seconds: MaxSecondsOption = DEFAULT_MAX_SECONDS,
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
    budget = Budget(max_seconds)
    found = explain_members(graph, members, budget, **filters)
    if as_json:
        typer.echo(found.model_dump_json(indent=2))
        note_truncated(budget, "explain")
        return
    if not found.loops and not found.links and not found.truncated:
        raise fail(
            f"no loop or competitor-customer link joins exactly {', '.join(found.groups)} "
            "(groups of the ids given); see aigraph query circular-financing --any-order"
        )
    print_explanation(found)
    note_truncated(budget, "explain")


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    help="The hubs of circular financing: groups ranked by the committed dollars of the valued "
    "loops that pass through them (their smallest hops), then by direct loops and all loops; "
    "loops with an unvalued hop are counted apart. Takes circular-financing's "
    "parameters: aigraph hubs [--as-of D --mechanism M ...] [--json].",
)
@builds_graph
def hubs(ctx: typer.Context, as_json: JsonOption = False, *, inputs: GraphInputs) -> None:
    """Rank the groups by the loops that pass through them."""
    params = parse_query_options(CIRCULAR_FINANCING, list(ctx.args))
    budget = Budget(params.max_seconds)  # --max-seconds bounds the whole command
    ranked = loop_hubs(CIRCULAR_FINANCING.run(inputs.graph(), params, budget))
    if as_json:
        typer.echo(rows_json(ranked))
    else:
        console.print(rows_table(ranked, f"Hubs of circular financing ({len(ranked)} groups)"))
    note_truncated(budget, "hubs")


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
    max_seconds: MaxSecondsOption = DEFAULT_MAX_SECONDS,
    *,
    inputs: GraphInputs,
) -> None:
    """Take a group's deals out and report, ranked, who loses what and which loops break."""
    graph = inputs.graph()
    require_known(graph, remove)
    filters = parse_query_options(EXPOSURE, list(ctx.args))  # exposure's filters
    budget = Budget(max_seconds)
    result = stress_test(graph, StressParams(remove=remove, **filters.model_dump()), budget)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
    else:
        console.print(rows_table(result.losses, f"Losses if {', '.join(result.removed)} walk away"))
        broken = f"Loops that break ({len(result.broken_loops)})"
        console.print(rows_table(result.broken_loops, broken))
    note_truncated(budget, "stress")


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


class MoneyLevel(StrEnum):
    """The nodes of the money-flow export."""

    GROUP = "group"
    ORGANIZATION = "organization"


class MoneyEdges(StrEnum):
    """The edges of the money-flow export."""

    PAIR = "pair"
    FLOW = "flow"


@app.command()
@builds_graph
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="The format to write.")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The file (a directory for neo4j-csv).")
    ],
    level: Annotated[
        MoneyLevel,
        typer.Option("--level", help="money-gexf, money-csv: nodes are groups or organizations."),
    ] = MoneyLevel.GROUP,
    per: Annotated[
        MoneyEdges,
        typer.Option("--per", help="money-gexf, money-csv: one edge per payer-payee pair or flow."),
    ] = MoneyEdges.PAIR,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="money-gexf, money-csv: only flows in force then."),
    ] = None,
    force: ForceOption = False,
    *,
    inputs: GraphInputs,
) -> None:
    """Export the graph: GraphML, GEXF, node-link JSON, a Cypher script or neo4j-admin CSV;
    or the money-flow graph for Gephi (money-gexf: dynamic, with the flows' dates as time
    spells; money-csv: an edge list with Weight in USD and counts of valued and unvalued
    flows)."""
    money = fmt in (ExportFormat.MONEY_GEXF, ExportFormat.MONEY_CSV)
    if not money and (as_of is not None or level != MoneyLevel.GROUP or per != MoneyEdges.PAIR):
        raise fail("--level, --per and --as-of are for --format money-gexf or money-csv")
    day = None
    if as_of is not None:
        try:
            day = PartialDate.parse(as_of)
        except ValueError as error:
            raise fail(f"--as-of: {error}") from None
    check_output(output, force, folder=fmt is ExportFormat.NEO4J_CSV)
    graph = inputs.graph()
    try:
        written = export_graph(graph, fmt, output, level.value, per.value, day)
    except OSError as exc:
        raise write_failure(output, exc) from None
    except ValueError as exc:
        raise fail(str(exc)) from None
    for path in written:
        console.print(f"wrote {path}", highlight=False)


chart_app = typer.Typer(help="Charts of query results (SVG, PDF, PNG or HTML; matplotlib).")
app.add_typer(chart_app, name="chart")


ChartOutput = Annotated[Path, typer.Option("-o", "--output", help="FILE.svg, .pdf, .png or .html.")]
DpiOption = Annotated[
    int, typer.Option("--dpi", min=50, max=1200, help="Resolution of a PNG (dots per inch).")
]


def _stderr_progress(what: str) -> Callable[[int, int], None]:
    """Return a progress callback that writes ``what done/total`` to stderr, about every
    percent and at the end (one line, rewritten in place on a terminal)."""
    terminal = sys.stderr.isatty()

    def report(done: int, total: int) -> None:
        if done != total and done % max(total // 100, 1):
            return
        end = "\r" if terminal and done != total else "\n"
        if terminal or done == total or done % max(total // 10, 1) == 0:
            sys.stderr.write(f"{what} {done}/{total}{end}")
            sys.stderr.flush()

    return report


def _chart(
    inputs: GraphInputs,
    entity: str,
    output: Path,
    force: bool,
    draw: Callable[..., object],
    dpi: int,
) -> None:
    """Check matplotlib, the output and the entity, then write a chart with
    ``draw(graph, names=..., footnote=..., dpi=...)``; report it."""
    try:
        import matplotlib  # noqa: F401 (the charts extra)

        from aigraph.charts import chart_footnote, check_suffix, names_of
    except ImportError:
        from rich.markup import escape

        from aigraph.charts import CHARTS_HINT

        raise fail(escape(CHARTS_HINT)) from None
    try:
        check_suffix(output)  # before the graph is built: a wrong name fails fast
    except ValueError as error:
        raise fail(str(error)) from None
    check_output(output, force)
    graph = inputs.graph()
    require_known(graph, [entity])
    try:
        draw(
            graph,
            names=names_of(graph.dataset),
            footnote=chart_footnote(graph.dataset),
            dpi=dpi,
            output=output,
        )
    except OSError as error:
        raise write_failure(output, error) from None
    except ValueError as error:
        raise fail(str(error)) from None
    typer.echo(f"wrote {output}")


@chart_app.command("exposure")
@builds_graph
def chart_exposure(
    provider: Annotated[str, typer.Option("--provider", help="The provider group, e.g. oracle.")],
    output: ChartOutput,
    dpi: DpiOption = 300,
    force: ForceOption = False,
    *,
    inputs: GraphInputs,
) -> None:
    """Chart a provider's contracted revenue by customer: full term, committed minimum, share."""

    def draw(graph: EmbeddedGraph, **options: Any) -> object:
        from aigraph.charts import exposure_chart

        rows = EXPOSURE.run(graph, EXPOSURE.params(provider=provider))
        return exposure_chart(rows, provider, **options)

    _chart(inputs, provider, output, force, draw, dpi)


@chart_app.command("flows")
@builds_graph
def chart_flows(
    group: Annotated[str, typer.Option("--group", help="The group, e.g. nvidia.")],
    output: ChartOutput,
    dpi: DpiOption = 300,
    force: ForceOption = False,
    *,
    inputs: GraphInputs,
) -> None:
    """Chart a group's money as a Sankey: who pays it, who it pays, as wide as the USD totals."""

    def draw(graph: EmbeddedGraph, **options: Any) -> object:
        from aigraph.charts import flows_chart

        return flows_chart(graph.money_flows(), graph.group_of(group), **options)

    _chart(inputs, group, output, force, draw, dpi)


@chart_app.command("timeline")
@builds_graph
def chart_timeline(
    group: Annotated[str, typer.Option("--group", help="The organization, e.g. openai.")],
    output: ChartOutput,
    include_inactive: Annotated[
        bool, typer.Option("--include-inactive", help="Also chart terminated or superseded deals.")
    ] = False,
    dpi: DpiOption = 300,
    force: ForceOption = False,
    *,
    inputs: GraphInputs,
) -> None:
    """Chart the deals of an organization's group over time: terms as bars, one-offs as dots."""

    def draw(graph: EmbeddedGraph, **options: Any) -> object:
        from aigraph.charts import timeline_chart

        params = DEALS.params(entity=group, include_inactive=include_inactive)
        return timeline_chart(DEALS.run(graph, params), graph.group_of(group), **options)

    _chart(inputs, group, output, force, draw, dpi)


def _holds(path: Path, text: str) -> bool:
    """Return True when ``path`` is a file that holds exactly ``text``."""
    try:
        return path.is_file() and path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False


@app.command("browser-kit")
def browser_kit(
    output: Annotated[Path, typer.Option("-o", "--output", help="Directory to write.")] = Path(
        "browser"
    ),
    serve: Annotated[
        bool,
        typer.Option(
            "--serve",
            help="Then serve the folder on localhost with the headers Neo4j Browser needs "
            "(CORS), print the :style and :play lines to paste, and run until Ctrl-C.",
        ),
    ] = False,
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port for --serve (0: a free one).")
    ] = DEFAULT_PORT,
    force: ForceOption = False,
) -> None:
    """Write the Neo4j Browser style sheet, the ready visual queries and the guide (and serve
    them with --serve)."""
    from aigraph.browser_kit import KIT_FILES, kit_contents

    try:
        if output.exists() and not output.is_dir():
            raise fail(f"{output} is a file: the output is a folder")
    except OSError as error:
        raise write_failure(output, error) from None
    contents = kit_contents()
    for name in KIT_FILES:
        path = output / name
        if not path.is_symlink() and _holds(path, contents[name]):
            continue  # the same kit: rewriting it loses nothing
        check_output(path, force)
    try:
        written = write_kit(output)
    except OSError as error:
        raise write_failure(output, error) from None
    for path in written:
        console.print(f"wrote {path}", highlight=False)
    if not serve:
        return
    try:
        server = kit_server(output, port)
    except OSError as error:
        reason = error.strerror or str(error)
        raise fail(f"cannot serve on localhost:{port}: {reason} (try --port)") from None
    with server:
        print(f"serving {output} on http://localhost:{server.server_port}/ (Ctrl-C stops)")
        print("paste into Neo4j Browser, one at a time:")
        for line in paste_lines(server.server_port):
            print(f"  {line}")
        sys.stdout.flush()
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


@app.command()
def schema() -> None:
    """Print the graph schema reference (Markdown, generated from the model)."""
    typer.echo(schema_markdown(), nl=False)


@app.command("mcp")
@builds_graph
def mcp_command(
    http: Annotated[
        bool, typer.Option("--http", help="Serve streamable HTTP at http://HOST:PORT/mcp.")
    ] = False,
    host: Annotated[str, typer.Option("--host", help="With --http.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="With --http.")] = 8000,
    backend: Annotated[
        Backend, typer.Option("--backend", help="Where the library queries run.")
    ] = Backend.EMBEDDED,
    uri: UriOption = None,
    username: UserOption = None,
    password: PasswordOption = None,
    database: DatabaseOption = None,
    allow_cypher: Annotated[
        bool,
        typer.Option("--allow-cypher", help="With --backend neo4j: a read-only cypher tool."),
    ] = False,
    min_status: Annotated[
        Status | None, typer.Option("--min-status", help="Default weakest deal status counted.")
    ] = None,
    min_confidence: Annotated[
        Confidence | None,
        typer.Option("--min-confidence", help="Default lowest confidence counted."),
    ] = None,
    include_inactive: Annotated[
        bool, typer.Option("--include-inactive", help="Count inactive deals by default.")
    ] = False,
    include_uncommitted: Annotated[
        bool,
        typer.Option("--include-uncommitted", help="Count contingent money, ceilings, estimates."),
    ] = False,
    include_non_cash: Annotated[
        bool, typer.Option("--include-non-cash", help="Count shares and warrants given.")
    ] = False,
    *,
    inputs: GraphInputs,
) -> None:
    """Serve the query library to AI assistants over MCP (stdio; --http for streamable
    HTTP on 127.0.0.1): typed, sourced rows; needs the mcp extra (pip install 'aigraph[mcp]')."""
    try:
        from aigraph.mcp_server import Library, serve
    except ImportError as error:
        raise fail(
            f"the MCP server needs the mcp extra: pip install 'aigraph[mcp]' ({error})"
        ) from None
    if allow_cypher and backend is not Backend.NEO4J:
        raise fail("--allow-cypher needs --backend neo4j")
    given = {
        "min_status": min_status,
        "min_confidence": min_confidence,
        "include_inactive": include_inactive or None,
        "include_uncommitted": include_uncommitted or None,
        "include_non_cash": include_non_cash or None,
    }
    # only what is given changes the evidence policy's defaults
    policy = {name: value for name, value in given.items() if value is not None}
    graph = inputs.graph()
    if backend is not Backend.NEO4J:
        serve(Library(graph, policy), http, host, port)
        return
    with neo4j_driver(uri, username, password, database) as (driver, settings):
        library = Library(graph, policy, driver, settings.database, allow_cypher)
        serve(library, http, host, port)


def main() -> None:
    """Run the command line (the ``aigraph`` entry point)."""
    try:
        app()
    except BrokenPipeError:  # e.g. `aigraph show spacex --json | head`
        sys.stderr.close()


if __name__ == "__main__":
    main()
