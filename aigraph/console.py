"""Where the command line writes, and how it fails: one console for results (stdout), one for
progress and errors (stderr), and the exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from typing import Annotated

import typer
from rich.console import Console
from rich.segment import Segment

from aigraph.graph.model.coherence import strip_control

EXIT_BAD_INPUT = 2
"""Bad input: every problem is printed, never a traceback."""
EXIT_NEO4J = 3
"""Neo4j unreachable, bad credentials, unknown database: one line."""

PIPED_WIDTH = 160
"""Width of tables written to a pipe or file when ``COLUMNS`` does not say."""


def stream_width(tty: bool, environ: Mapping[str, str] = os.environ) -> int | None:
    """Return the width to print at: ``COLUMNS`` when set (on a terminal or piped), else the
    terminal's own (None: rich measures it), else 160 for a pipe or file."""
    columns = environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    return None if tty else PIPED_WIDTH


class SafeConsole(Console):
    """A console whose printed text carries no control characters: an ESC sequence (a colour,
    a hyperlink, a cursor move) or a BEL in a name never reaches the terminal; rich's own
    styles are written around the text as usual."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment if segment.control else Segment(strip_control(segment.text), segment.style)
            for segment in buffer
        )


console = SafeConsole(width=stream_width(sys.stdout.isatty()))
errors = SafeConsole(stderr=True, width=stream_width(sys.stderr.isatty()))


def fail(message: str) -> typer.Exit:
    """Print ``message`` on stderr and return the exit for bad input (raise it)."""
    errors.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_BAD_INPUT)


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
"""The ``--json`` flag of the commands that print tables."""
