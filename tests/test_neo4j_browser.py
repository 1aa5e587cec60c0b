"""Explore in Neo4j Browser, for real: the Browser build from npm (@neo4j/neo4j-browser-canary,
a 2019 Browser 4.0, GPL-3.0, used only here as a test tool), served on loopback, connected over
Bolt-on-WebSocket to the test server, with the kit's style applied and its first three ready
queries run as a researcher would (their :param line, then the query)."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from bolt_server import free_port
from headless import chromium_page, chromium_path

from aigraph.browser_kit import (
    GUIDE_FILE,
    GUIDE_QUESTIONS,
    STYLE_FILE,
    guide_html,
    kit_queries,
    queries_file,
)
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
    """Serves the Browser build, and the kit's guide at ``/guide.html`` (same origin)."""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # the http.server hook
        if self.path.split("?")[0] == f"/{GUIDE_FILE}":
            body = guide_html().encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


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
    """Return a statement on one line, as typed into the editor: comment lines (indented ones
    too, such as the policy markers) are dropped, since on one line a ``//`` would end it."""
    return " ".join(
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.strip().startswith("//")
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


def _connected(page, served_browser: str, bolt_server) -> None:
    connect = (
        f"bolt://{bolt_server.username}:{bolt_server.password}@127.0.0.1:{bolt_server.bolt_port}"
    )
    page.goto(f"{served_browser}?connectURL={connect}")
    page.wait_for_selector(".CodeMirror", timeout=60_000)
    page.wait_for_timeout(3000)


def _runner(page):
    def run(command: str) -> None:
        page.locator(".CodeMirror").first.click()
        page.keyboard.insert_text(command)
        page.keyboard.press("Control+Enter")
        page.wait_for_timeout(2500)

    return run


NEWEST_FRAME = "document.querySelector('[data-testid=frame]')"
"""The frame of the last command run (Browser puts the newest frame on top)."""


def _wait_for_nodes(page, what: str) -> None:
    try:
        page.wait_for_function(
            f"{NEWEST_FRAME} && {NEWEST_FRAME}.querySelectorAll('g.node').length > 0",
            timeout=30_000,
        )
    except Exception as error:  # name the query that drew nothing
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"neo4j-browser-{what}.png"))
        raise AssertionError(f"{what}: Neo4j Browser drew no node") from error
    page.wait_for_timeout(2000)


def test_style_and_first_three_queries_in_neo4j_browser(
    served_browser, bolt_server, bolt_driver, bolt_settings
):
    write_graph(bolt_driver, EmbeddedGraph(load_curated()), database=bolt_settings.database)
    drawn: dict[str, list[str]] = {}
    with chromium_page() as page:
        _connected(page, served_browser, bolt_server)
        run = _runner(page)
        run(":style " + one_line(grass()))
        for query_id, param_line, query in kit_blocks()[:3]:
            run(param_line)
            run(query)
            _wait_for_nodes(page, query_id)
            drawn[query_id] = page.evaluate(
                f"Array.from({NEWEST_FRAME}.querySelectorAll('g.node')).map(node => "
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
    assert {"Anthropic", "SpaceX", "Grok", "Claude"} <= set(drawn["competitor-customers"])
    assert "Andreessen Horowitz" not in drawn["competitor-customers"]  # an investor, no link
    assert any(caption.startswith("end:") for caption in drawn["conflicts"])
    assert LABEL_COLORS["Organization"].upper() in fills
    assert LABEL_COLORS["Claim"].upper() in fills


def test_the_ids_of_the_test_server_stay_exact_in_javascript(bolt_driver, bolt_settings):
    """Browser 4.0 keeps node and relationship ids exact only below 2^53 (see bolt_server.py)."""
    write_graph(bolt_driver, EmbeddedGraph(load_curated()), database=bolt_settings.database)
    with bolt_driver.session(database=bolt_settings.database) as session:
        nodes = session.run("MATCH (n) RETURN max(id(n)) AS top").single()["top"]
        rels = session.run("MATCH ()-[r]->() RETURN max(id(r)) AS top").single()["top"]
    assert max(nodes, rels) < 2**53


def _guide_heading(page) -> str:
    """Return the heading of the guide's current slide (the other frames have none like it)."""
    headings = page.evaluate(
        "Array.from(document.querySelectorAll('h3')).map(h => h.textContent.trim())"
    )
    return next(h for h in headings if h == "aigraph" or h[:1].isdigit())


def test_guide_walks_the_five_questions_and_the_inspector_shows_a_deal(
    served_browser, bolt_server, bolt_driver, bolt_settings
):
    write_graph(bolt_driver, EmbeddedGraph(load_curated()), database=bolt_settings.database)
    # served as localhost, the one host Browser 4.0 plays guides from without a server setting
    browser = served_browser.replace("127.0.0.1", "localhost")
    with chromium_page() as page:
        _connected(page, browser, bolt_server)
        run = _runner(page)
        run(":style " + one_line(grass()))
        run(f":play {browser}{GUIDE_FILE}")
        page.wait_for_selector("text=Five first questions", timeout=30_000)
        headings = [_guide_heading(page)]
        for _ in GUIDE_QUESTIONS:
            page.locator("[data-testid=nextSlide]").first.click()
            page.wait_for_timeout(800)
            headings.append(_guide_heading(page))
        for _ in GUIDE_QUESTIONS[1:]:
            page.locator("[data-testid=previousSlide]").first.click()
            page.wait_for_timeout(800)
        first_question = _guide_heading(page)
        # its :param line and query, clicked from the guide into the editor and run
        for block in range(2):
            page.locator("pre.runnable").nth(block).click()
            page.locator(".CodeMirror").first.click()
            page.keyboard.press("Control+Enter")
            page.wait_for_timeout(2500)
        _wait_for_nodes(page, "guide-circular-financing")
        guided = page.evaluate(
            "Array.from(document.querySelectorAll('g.node text')).map(t => t.textContent.trim())"
        )
        # the deals of SpaceX, then a click on the Anthropic lease: its properties show
        blocks = {query_id: (param, query) for query_id, param, query in kit_blocks()}
        run(blocks["deals"][0])
        run(blocks["deals"][1])
        _wait_for_nodes(page, "deals")
        lease = page.locator("g.node").filter(has_text="Anthr\u2026").first
        lease.locator("circle.outline").click(force=True)
        page.wait_for_timeout(1500)
        inspector = page.evaluate("document.body.innerText")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "neo4j-browser-inspector.png"))
    assert headings[0] == "aigraph"
    assert headings[1:] == [f"{n}. {q}" for n, (_, q) in enumerate(GUIDE_QUESTIONS, start=1)]
    assert first_question == headings[1]
    assert {"Nvidia", "OpenAI"} <= set(guided)
    for shown in (
        "ComputeLease",
        "anthropic-spacex-colossus-lease",
        "1.25B USD/month",
        "signed",
        "committed_text:",
    ):
        assert shown in inspector, shown


@pytest.fixture
def served_kit(tmp_path) -> Iterator[list[str]]:
    """Run ``aigraph browser-kit -o <dir> --serve --port 0`` as the README says; return the
    lines it prints to paste (``:style <url>``, ``:play <url>``); stop it afterwards."""
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "aigraph", "browser-kit"),
            "-o",
            str(tmp_path / "kit"),
            "--serve",
            *("--port", "0"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines: list[str] = []
        for line in process.stdout:
            if line.startswith("  :"):
                lines.append(line.strip())
            if len(lines) == 2:
                break
        assert len(lines) == 2, "browser-kit --serve printed no :style and :play lines"
        yield lines
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_readme_browser_steps(
    served_browser, bolt_server, bolt_driver, bolt_settings, served_kit
):
    """The README's steps, as written: ``:style`` followed by the file's content pasted on the
    next line, then ``:play`` of the guide served by ``aigraph browser-kit --serve`` (another
    origin than Browser's: it needs the CORS header); and the printed ``:style <url>`` line."""
    write_graph(bolt_driver, EmbeddedGraph(load_curated()), database=bolt_settings.database)
    style_line, play_line = served_kit
    assert style_line.endswith(f"/{STYLE_FILE}") and play_line.endswith(f"/{GUIDE_FILE}")
    pasted = (ROOT / "browser" / STYLE_FILE).read_text(encoding="utf-8")
    with chromium_page() as page:
        _connected(page, served_browser, bolt_server)
        run = _runner(page)
        run(":style\n" + pasted)
        shown = page.evaluate("document.body.innerText")
        run(play_line)
        page.wait_for_selector("text=Five first questions", timeout=30_000)
        guide = page.evaluate("document.body.innerText")
        run(":style reset")
        run(style_line)
        fetched = page.evaluate("document.body.innerText")
        run("MATCH (o:Organization {id: 'spacex'}) RETURN o")
        _wait_for_nodes(page, "readme-style")
        fills = page.evaluate(
            "Array.from(document.querySelectorAll('g.node circle.outline'))"
            ".map(c => (c.getAttribute('fill') || '').toUpperCase())"
        )
    assert "No styles yet" not in shown
    assert "Remote guide error" not in guide
    assert "Could not" not in fetched and "error" not in fetched.lower().split("aigraph")[0]
    assert fills == [LABEL_COLORS["Organization"].upper()]
