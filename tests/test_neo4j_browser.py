"""Explore in Neo4j Browser, for real: the Browser build from npm (@neo4j/neo4j-browser-canary,
a 2019 Browser 4.0, GPL-3.0, used only here as a test tool), served on loopback, connected over
Bolt-on-WebSocket to the test server, with the kit's style applied and its first three ready
queries run as a researcher would (their :param line, then the query)."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from bolt_server import free_port
from headless import chromium_page, chromium_path

from aigraph.browser_kit import kit_queries, queries_file
from aigraph.graph import EmbeddedGraph
from aigraph.graph.outputs.neo4j import write_graph
from aigraph.graph.outputs.style import LABEL_COLORS, grass
from aigraph.loaders import load_curated

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / ".browser-test" / "node_modules" / "@neo4j" / "neo4j-browser-canary" / "dist"
ARTIFACTS = ROOT / "artifacts"

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]


def browser_dist() -> Path:
    dist = Path(os.environ.get("NEO4J_BROWSER_DIST", DIST))
    if not (dist / "index.html").exists() or chromium_path() is None:
        if os.environ.get("CI"):
            pytest.fail(f"Neo4j Browser build or chromium missing in CI ({dist})")
        pytest.skip(
            "npm install --ignore-scripts --prefix .browser-test "
            "@neo4j/neo4j-browser-canary@4.0.1 (and apt-get install chromium)"
        )
    return dist


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def served_browser() -> Iterator[str]:
    dist = browser_dist()
    port = free_port()
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(_Quiet, directory=str(dist))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


def one_line(text: str) -> str:
    """Return a statement on one line (comments dropped), as typed into the editor."""
    return " ".join(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("//")
    )


def kit_blocks() -> list[tuple[str, str, str]]:
    """Return (query id, :param line, query) of the ready-queries file, in its order."""
    blocks = []
    text = queries_file()
    for query_id, _, _ in kit_queries():
        block = text.split(f"// --- {query_id}:", 1)[1].split("// --- ", 1)[0]
        lines = [line for line in block.splitlines()[2:] if line.strip()]
        blocks.append((query_id, lines[0], one_line("\n".join(lines[1:])).rstrip(";")))
    return blocks


def test_style_and_first_three_queries_in_neo4j_browser(
    served_browser, bolt_server, bolt_driver, bolt_settings
):
    write_graph(bolt_driver, EmbeddedGraph(load_curated()), database=bolt_settings.database)
    connect = (
        f"bolt://{bolt_server.username}:{bolt_server.password}@127.0.0.1:{bolt_server.bolt_port}"
    )
    drawn: dict[str, list[str]] = {}
    with chromium_page() as page:
        page.goto(f"{served_browser}?connectURL={connect}")
        page.wait_for_selector(".CodeMirror", timeout=60_000)
        page.wait_for_timeout(3000)

        def run(command: str) -> None:
            page.locator(".CodeMirror").first.click()
            page.keyboard.insert_text(command)
            page.keyboard.press("Control+Enter")
            page.wait_for_timeout(2500)

        run(":style " + one_line(grass()))
        for query_id, param_line, query in kit_blocks()[:3]:
            run(param_line)
            run(query)
            try:
                page.wait_for_function(
                    "document.querySelectorAll('g.node').length > 0", timeout=30_000
                )
            except Exception as error:  # name the query that drew nothing
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"neo4j-browser-{query_id}.png"))
                raise AssertionError(f"{query_id}: Neo4j Browser drew no node") from error
            page.wait_for_timeout(2000)
            drawn[query_id] = page.evaluate(
                "Array.from(document.querySelectorAll('g.node')).map(node => "
                "Array.from(node.querySelectorAll('text')).map(t => t.textContent.trim())"
                ".filter(Boolean).join(' '))"
            )
        fills = page.evaluate(
            "Array.from(document.querySelectorAll('g.node circle.outline'))"
            ".map(c => (c.getAttribute('fill') || '').toUpperCase())"
        )
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "neo4j-browser.png"))
    assert set(drawn) == {"circular-financing", "competitor-customers", "conflicts"}
    assert {"Nvidia", "OpenAI", "Oracle"} <= set(drawn["circular-financing"])
    assert {"Anthropic", "SpaceX", "Grok"} <= set(drawn["competitor-customers"])
    assert any(caption.startswith("end:") for caption in drawn["conflicts"])
    assert LABEL_COLORS["Organization"].upper() in fills
    assert LABEL_COLORS["Claim"].upper() in fills
