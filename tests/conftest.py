"""Shared fixtures: the curated graph (built once), small datasets written to tmp dirs."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from aigraph.graph import EmbeddedGraph
from aigraph.loaders import load_curated

SHARED = Path(
    os.environ.get("AIGRAPH_SHARED_DIR") or Path(__file__).resolve().parents[2] / "shared"
)
"""The material beside the project (../shared, or $AIGRAPH_SHARED_DIR); tests that read it skip
when it is absent (``AIGRAPH_SHARED_DIR=/nonexistent pytest`` runs the suite as a fresh clone does),
except in CI (CI=true), which runs with ../shared beside the clone and fails instead."""

BASE_YAML = """\
sources:
  - {id: src, title: A source, kind: trade-press, url: "https://example.org/a"}
organizations:
  - {id: acme, name: Acme Cloud, aliases: [Acme], roles: [cloud], citations: [{source: src, quote: "Acme rents GPUs", states: [name]}]}
  - {id: lab, name: Lab One, roles: [ai-lab], citations: [{source: src, quote: "Lab One trains models", states: [name]}]}
"""


def _need_shared(*names: str) -> Path:
    """Return the directory or file ../shared/<names...>; skip the test when it is absent.

    In CI (CI=true) an absent path fails the test: CI runs beside ../shared, so nothing that
    needs it is left untested silently.
    """
    path = SHARED.joinpath(*names)
    if not path.exists():
        message = f"{path} is not present (the material beside the project, ../shared)"
        if os.environ.get("CI"):
            pytest.fail(f"CI runs beside ../shared, but {message}")
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def need_shared() -> Callable[..., Path]:
    """Return a function: path parts under ../shared -> that path (skips when absent, fails in CI)."""
    return _need_shared


@pytest.fixture(scope="session")
def curated() -> EmbeddedGraph:
    """Return the graph of the bundled curated dataset."""
    return EmbeddedGraph(load_curated())


WriteFiles = Callable[..., Path]


@pytest.fixture
def write_dataset(tmp_path: Path) -> WriteFiles:
    """Return a function that writes YAML files (name -> text) into a fresh dataset directory.

    ``base.yaml`` (one source, two organizations) is included unless ``base=False``.
    """

    def write(base: bool = True, **files: str) -> Path:
        directory = tmp_path / "data"
        directory.mkdir(exist_ok=True)
        if base:
            (directory / "base.yaml").write_text(BASE_YAML)
        for name, text in files.items():
            (directory / f"{name}.yaml").write_text(textwrap.dedent(text))
        return directory

    return write


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory: pytest.TempPathFactory):
    """Return a running ArcadeDB Bolt server for the session (see tests/bolt_server.py).

    Skipped when the test extra is not installed, except in CI (CI=true), where it fails:
    the Neo4j path is never left untested silently.
    """
    from bolt_server import ArcadeServer, arcadedb_home

    if arcadedb_home() is None:
        if os.environ.get("CI"):
            pytest.fail("arcadedb-embedded is not installed in CI: pip install -e '.[test]'")
        pytest.skip("arcadedb-embedded is not installed (pip install -e '.[test]')")
    server = ArcadeServer.start(tmp_path_factory.mktemp("arcadedb"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def bolt_settings(bolt_server):
    """Return the connection settings of the test server."""
    from aigraph.graph.outputs.neo4j import Neo4jSettings

    return Neo4jSettings(
        uri=bolt_server.uri,
        username=bolt_server.username,
        password=bolt_server.password,
        database=bolt_server.database,
    )


@pytest.fixture(scope="session")
def bolt_driver(bolt_settings):
    """Return a connected driver to the test server."""
    from aigraph.graph.outputs.neo4j import open_driver

    driver = open_driver(bolt_settings)
    yield driver
    driver.close()
