"""The Neo4j Browser kit: the style sheet names only the model's labels and types, the committed
kit is the generated one, and every ready query is one of the library's and runs on the server."""

import re
from html import escape, unescape
from pathlib import Path

import pytest

from aigraph.browser_kit import (
    GUIDE_FILE,
    GUIDE_QUESTIONS,
    QUERIES_FILE,
    STYLE_FILE,
    guide_html,
    kit_queries,
    queries_file,
    style_file,
)
from aigraph.graph import EmbeddedGraph
from aigraph.graph.outputs.neo4j import write_graph
from aigraph.graph.outputs.style import grass, style_names
from aigraph.loaders import load_curated
from aigraph.queries import QUERIES

KIT = Path(__file__).resolve().parents[1] / "browser"


def test_style_names_only_labels_and_types_of_the_model():
    labels, types = style_names()
    selectors = re.findall(r"^(node|relationship)\.(\w+)\s*\{", grass(), flags=re.MULTILINE)
    assert selectors, "the style sheet has no selectors"
    for kind, name in selectors:
        assert name in (labels if kind == "node" else types), f"{kind}.{name}"
    assert ("node", "Organization") in selectors and ("node", "ComputeLease") in selectors
    assert "caption: '{name}'" in grass()


def test_the_committed_kit_is_the_generated_one():
    assert (KIT / STYLE_FILE).read_text() == style_file(), "run: aigraph browser-kit -o browser"
    assert (KIT / QUERIES_FILE).read_text() == queries_file(), "run: aigraph browser-kit"
    assert (KIT / GUIDE_FILE).read_text() == guide_html(), "run: aigraph browser-kit"


def test_the_guide_has_a_slide_per_question_with_the_kit_query_to_run():
    guide = guide_html()
    assert guide.count("<slide ") == 1 + len(GUIDE_QUESTIONS)
    visual = {query_id: (cypher, parameters) for query_id, cypher, parameters in kit_queries()}
    for number, (query_id, question) in enumerate(GUIDE_QUESTIONS, start=1):
        slide = guide.split("<slide ")[number + 1]
        assert f"<h3>{number}. {escape(question)}</h3>" in slide
        runnable = re.findall(r'<pre mode="cypher" class="[^"]*runnable">(.*?)</pre>', slide, re.S)
        param_line, query = (unescape(text) for text in runnable)
        assert param_line.startswith(":param {") and "limit: 100" in param_line
        assert query.split("LIMIT $limit")[0] in visual[query_id][0]
    assert "provider: 'oracle'" in unescape(guide)  # the exposure question asks about Oracle


def test_the_style_file_is_the_style_sheet_on_one_line():
    """Browser reads ``:style <sheet>`` only when the sheet has no line break (its editor
    passes the rest of a multi-line command to nothing): the file is one line."""
    text = style_file()
    assert text.endswith("}\n") and text.count("\n") == 1
    assert text.split() == grass().split()


def test_every_kit_query_is_a_library_visual_query_with_a_limit():
    kit = kit_queries()
    assert [query_id for query_id, _, _ in kit][:3] == [
        "circular-financing",
        "competitor-customers",
        "conflicts",
    ]
    for query_id, cypher, parameters in kit:
        assert cypher == QUERIES[query_id].visual_cypher_path.read_text()
        assert "limit" in parameters and re.search(r"LIMIT \$limit\s*$", cypher)
        assert set(re.findall(r"\$(\w+)", cypher)) == set(parameters)


@pytest.mark.neo4j
def test_every_kit_query_runs_on_the_bolt_server(bolt_driver, bolt_settings):
    write_graph(bolt_driver, EmbeddedGraph(load_curated()), database=bolt_settings.database)
    for query_id, cypher, parameters in kit_queries():
        with bolt_driver.session(database=bolt_settings.database) as session:
            rows = session.execute_read(lambda tx, c=cypher, p=parameters: list(tx.run(c, p)))
        assert rows, f"{query_id}: the ready query draws nothing on the curated data"
        assert len(rows) <= parameters["limit"]


def test_every_label_and_deal_kind_has_a_colour():
    from aigraph.graph.model.schema import all_labels
    from aigraph.graph.outputs.style import LABEL_COLORS

    assert set(LABEL_COLORS) == set(all_labels())
    assert all(re.fullmatch(r"#[0-9A-F]{6}", color) for color in LABEL_COLORS.values())
    assert f"node.ComputeLease {{\n  color: {LABEL_COLORS['ComputeLease']};" in grass()


@pytest.mark.neo4j
def test_the_guide_draws_the_loops_of_the_report(bolt_driver, bolt_settings):
    """The Browser's loop query draws the groups of the report's loops (time-respecting only),
    not those of every loop whatever the order of its flows."""
    graph = EmbeddedGraph(load_curated())
    write_graph(bolt_driver, graph, database=bolt_settings.database)
    cypher, parameters = next((c, p) for q, c, p in kit_queries() if q == "circular-financing")
    query = QUERIES["circular-financing"]

    def drawn(**changes) -> set[str]:
        with bolt_driver.session(database=bolt_settings.database) as session:
            rows = list(session.run(cypher, parameters | changes))
        return {node["id"] for row in rows for node in row["groups"]}

    def listed(**params) -> set[str]:
        return {member for row in query.run(graph, **params) for member in row.members}

    report = listed()
    every = listed(any_order=True)
    assert report, "the curated data has loops"
    assert drawn() == report
    assert drawn(any_order=True) == every
