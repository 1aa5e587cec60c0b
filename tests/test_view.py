"""The offline view: what each page holds, that it needs no network, and (in headless Chromium)
that it draws the expected nodes, shows details on click and requests nothing."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from headless import chromium_path, open_page
from typer.testing import CliRunner

from aigraph.cli import app
from aigraph.graph import EmbeddedGraph
from aigraph.loaders import load_curated
from aigraph.queries import QUERIES, circular_financing
from aigraph.view import focus_view, query_view, render_html, whole_view

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
SEED_NODES = ["spacex", "anthropic", "google", "reflection-ai"]
runner = CliRunner()


def ids(view):
    return {node.id for node in view.nodes}


def test_whole_view_holds_the_graph_without_sources_by_default(curated):
    view = whole_view(curated)
    assert set(SEED_NODES) <= ids(view)
    assert not any(node.kind == "Source" for node in view.nodes)
    assert not {edge.type for edge in view.edges} & {"CITES", "GROUP_PAYS", "IN_GROUP"}
    with_sources = whole_view(curated, with_sources=True)
    assert "seed-000" in ids(with_sources)


def test_loop_view_shows_only_the_loops(curated):
    rows = circular_financing(curated)
    view = query_view(curated, "Circular financing", rows)
    members = {m for row in rows for m in row.members}
    assert ids(view) == members
    assert {edge.type for edge in view.edges} == {"PAYS"}
    assert len(view.edges) == len({(f.deal, f.payer, f.payee) for r in rows for f in r.flows})


def test_focus_view_is_the_neighbourhood(curated):
    view = focus_view(curated, "colossus-2", depth=1)
    assert {"colossus-2", "xai", "reflection-spacex-colossus-lease"} <= ids(view)
    assert "openai" not in ids(view)


def test_page_requests_nothing_and_escapes_hostile_text(curated):
    view = focus_view(curated, "spacex")
    hostile = '</script><script>alert("x")</script>'
    view.nodes[0].properties["name"] = hostile
    page = render_html(view)
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page)
    assert hostile not in page and "\\u003c/script\\u003e" in page
    assert "vis.Network" in page and 'id="legend"' in page


def test_a_name_that_opens_a_comment_or_a_script_cannot_blank_the_view(curated):
    view = focus_view(curated, "spacex")
    view.nodes[0].properties["name"] = "<!--<script>"
    page = render_html(view)
    start = page.index('id="aigraph-data">') + len('id="aigraph-data">')
    block = page[start : page.index("</script>", start)]
    assert "<" not in block and ">" not in block
    assert "<!--<script>" in json.dumps(json.loads(block), ensure_ascii=False)


def test_view_command_writes_the_file(tmp_path):
    target = tmp_path / "loops.html"
    result = runner.invoke(
        app, ["view", "--query", "circular-financing", "--max-length", "3", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert target.exists() and "Circular financing" in target.read_text()
    both = runner.invoke(app, ["view", "--query", "deals", "--focus", "spacex", "-o", str(target)])
    assert both.exit_code == 2


def browser_required() -> None:
    if chromium_path() is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed in CI (.ci/run installs Debian's chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")


DRAWN = """(() => {
  const a = window.aigraph, positions = a.network.getPositions();
  return {nodes: a.nodes.getIds(), drawn: Object.keys(positions),
          canvas: !!document.querySelector('#graph canvas'),
          legend: document.querySelectorAll('#legend li').length};
})()"""


@pytest.mark.browser
def test_the_whole_view_renders_offline_in_chromium(tmp_path):
    browser_required()
    page = tmp_path / "view.html"
    assert runner.invoke(app, ["view", "-o", str(page)]).exit_code == 0
    result = open_page(page, DRAWN, screenshot=ARTIFACTS / "view.png")
    assert result.requests == [page.resolve().as_uri()], "the page requested the network"
    assert result.errors == []
    assert set(SEED_NODES) <= set(result.state["drawn"])
    assert result.state["canvas"] and result.state["legend"] >= 8
    assert (ARTIFACTS / "view.png").stat().st_size > 10_000


@pytest.mark.browser
def test_the_loop_view_draws_only_loop_members_and_shows_details_on_click(tmp_path):
    browser_required()
    page = tmp_path / "loops.html"
    assert (
        runner.invoke(app, ["view", "--query", "circular-financing", "-o", str(page)]).exit_code
        == 0
    )
    result = open_page(page, DRAWN, screenshot=ARTIFACTS / "loops.png")
    assert result.requests == [page.resolve().as_uri()]
    query = QUERIES["circular-financing"]
    members = {
        m for row in query.run(EmbeddedGraph(load_curated()), query.params()) for m in row.members
    }
    assert {"microsoft", "openai", "amazon", "anthropic"} <= members
    assert set(result.state["drawn"]) == members
    # Intel and Humain are parties to deals, but in no loop
    assert not {"intel", "humain"} & set(result.state["drawn"])
    node_on_page = """(() => {
      const network = window.aigraph.network;
      const spot = network.canvasToDOM(network.getPositions(['amazon']).amazon);
      const box = document.getElementById('graph').getBoundingClientRect();
      return {x: box.left + spot.x, y: box.top + spot.y};
    })()"""
    clicked = open_page(
        page,
        "({clicked: window.aigraph.clicked, panel: document.getElementById('details').textContent})",
        click_at=node_on_page,
    ).state
    assert clicked["clicked"] == "amazon" and "hyperscaler" in clicked["panel"]
