"""The loader options of every command that builds the graph, taken from the loader registry.

``@builds_graph`` adds the options of every input of :data:`aigraph.loaders.INPUTS`
(``--data``, ``--epoch-dir``, ``--epoch-url``, ...) to a command and passes the command one
``inputs: GraphInputs`` instead; :meth:`GraphInputs.dataset` builds the dataset with progress
on stderr and turns bad input into exit code 2 with every problem listed.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from aigraph.console import EXIT_BAD_INPUT, errors
from aigraph.graph.dataset import Dataset
from aigraph.graph.embedded import EmbeddedGraph
from aigraph.loaders import DatasetError, build_dataset
from aigraph.loaders.contract import Hooks, InputOption
from aigraph.loaders.registry import input_options


@dataclass
class GraphInputs:
    """The loader option values a command was given (by :attr:`InputOption.dest`)."""

    values: dict[str, Any] = field(default_factory=dict)

    def dataset(self) -> tuple[Dataset, dict[str, BaseModel]]:
        """Return the dataset of every input asked for and their reports; bad input exits
        with code 2, every problem listed."""
        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=errors,
            transient=True,
            disable=not errors.is_terminal,
        ) as progress:
            task = progress.add_task("reading", total=None)

            def advance(what: str, done: int, total: int | None) -> None:
                progress.update(task, total=total, completed=done, description=f"reading {what}")

            def warn(message: str) -> None:
                errors.print(f"[yellow]warning:[/] {message}", highlight=False)

            try:
                return build_dataset(self.values, Hooks(advance, warn))
            except DatasetError as exc:
                errors.print(str(exc), highlight=False, markup=False)
                raise typer.Exit(EXIT_BAD_INPUT) from None

    def graph(self) -> EmbeddedGraph:
        """Return the embedded graph of the inputs."""
        dataset, _ = self.dataset()
        return EmbeddedGraph(dataset)


def _parameter(option: InputOption) -> inspect.Parameter:
    kind: Any = list[option.kind] | None if option.multiple else option.kind | None
    typer_option = typer.Option(
        option.flag, envvar=option.envvar, help=option.help, show_default=False
    )
    return inspect.Parameter(
        option.dest,
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[kind, typer_option],
    )


def builds_graph(command: Callable[..., Any]) -> Callable[..., Any]:
    """Return ``command`` with every loader option added; it receives ``inputs`` instead."""
    options = input_options()
    signature = inspect.signature(command, eval_str=True)
    kept = [p for name, p in signature.parameters.items() if name != "inputs"]
    added = [_parameter(option) for option in options]
    positional = [p for p in kept if p.kind is not inspect.Parameter.KEYWORD_ONLY]
    keyword = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in kept if p not in positional]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {option.dest: kwargs.pop(option.dest, None) for option in options}
        return command(*args, inputs=GraphInputs(values), **kwargs)

    wrapper.__signature__ = signature.replace(parameters=[*positional, *keyword, *added])  # type: ignore[attr-defined]
    wrapper.__annotations__ = {
        p.name: p.annotation
        for p in wrapper.__signature__.parameters.values()  # type: ignore[attr-defined]
    }
    del wrapper.__wrapped__
    return wrapper
