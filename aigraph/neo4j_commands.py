"""``aigraph neo4j``: load the graph into Neo4j over Bolt and check it.

Connection settings come from the options or the standard NEO4J_URI, NEO4J_USERNAME,
NEO4J_PASSWORD and NEO4J_DATABASE variables; failures are one line, exit code 3, and never show
the password.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from aigraph.console import EXIT_NEO4J, JsonOption, console, errors, fail
from aigraph.graph.outputs.neo4j import (
    DEFAULT_BATCH_SIZE,
    URI_SCHEMES,
    Neo4jConnectionError,
    Neo4jLoadRefused,
    Neo4jSettings,
    break_lock,
    check_database,
    connection_error,
    open_driver,
    write_graph,
)
from aigraph.inputs import GraphInputs, builds_graph

if TYPE_CHECKING:  # the driver is imported when a command talks to Neo4j
    from neo4j import Driver

neo4j_app = typer.Typer(
    help="Load the graph into Neo4j over Bolt and check it (NEO4J_URI, NEO4J_USERNAME, "
    "NEO4J_PASSWORD, NEO4J_DATABASE are read when options are not given).",
    no_args_is_help=True,
)

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


def neo4j_failure(message: str) -> typer.Exit:
    """Print a one-line Neo4j error and return the exit for it (code 3)."""
    errors.print(f"[bold red]neo4j error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_NEO4J)


@contextmanager
def neo4j_driver(
    uri: str | None, username: str | None, password: str | None, database: str | None
) -> Iterator[tuple[Driver, Neo4jSettings]]:
    """Yield a connected driver; connection and server errors exit with code 3, one line."""
    from neo4j.exceptions import DriverError, Neo4jError

    settings = Neo4jSettings.from_env(uri, username, password, database)
    if not settings.uri.lower().startswith(URI_SCHEMES):  # bad input: exit 2, not 3
        raise fail(
            f"--uri {settings.redacted_uri}: a Neo4j URI starts with {', '.join(URI_SCHEMES)}"
        )
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
@builds_graph
def neo4j_load(
    uri: UriOption = None,
    username: UserOption = None,
    password: PasswordOption = None,
    database: DatabaseOption = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Rows per transaction.")
    ] = DEFAULT_BATCH_SIZE,
    force_unlock: Annotated[
        bool,
        typer.Option(
            "--break-lock",
            help="Remove the lock a killed load left first (only when no other load runs).",
        ),
    ] = False,
    *,
    inputs: GraphInputs,
) -> None:
    """Load the graph into Neo4j: constraints, batched MERGEs, removal of stale records."""
    graph = inputs.graph()
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

        if force_unlock and break_lock(driver, settings.database):
            errors.print("[yellow]warning:[/] removed the load lock", highlight=False)
        try:
            summary = write_graph(driver, graph, settings.database, batch_size, advance)
        except Neo4jLoadRefused as exc:
            raise neo4j_failure(str(exc)) from None
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
