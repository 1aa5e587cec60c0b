"""The offline interactive view: one self-contained HTML file, no request at view time.

It draws with vis-network, whose JavaScript and CSS ship inside the ``pyvis`` package and are
embedded in the file (pyvis's own page template is not used: even its "in_line" mode still
links Bootstrap from a CDN). Colours and captions are those of the Neo4j Browser style
(``graph.style``); a legend lists the labels shown, and clicking a node or relationship shows its
properties. The page exposes ``window.aigraph = {network, nodes, edges, ready}`` for tests.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.outputs.style import LABEL_COLORS, node_color, relationship_caption
from aigraph.queries.flows import FlowRef

if TYPE_CHECKING:
    import networkx as nx

HIDDEN_TYPES = frozenset({"GROUP_PAYS", "IN_GROUP"})
"""Projection duplicates of what PAYS and the structure relationships already draw."""
SOURCE_TYPES = frozenset({"CITES"})
VIS_DIR = "templates/lib/vis-9.1.2"


class ViewNode(BaseModel):
    """A node as the page draws it."""

    id: str
    label: str
    kind: str
    color: str
    title: str
    properties: dict[str, Any]


class ViewEdge(BaseModel):
    """A relationship as the page draws it."""

    id: str
    source: str
    target: str
    type: str
    label: str
    properties: dict[str, Any]


class View(BaseModel):
    """What one page shows."""

    title: str
    subtitle: str
    nodes: list[ViewNode]
    edges: list[ViewEdge]
    credits: list[str] = []
    """The credit lines of the public datasets in the graph (shown under the title)."""


def _kind(labels: tuple[str, ...] | list[str]) -> str:
    return labels[-1] if len(labels) > 1 else labels[0]


def _node(graph: EmbeddedGraph, node_id: str) -> ViewNode:
    data = graph.graph.nodes[node_id]
    labels = list(data["labels"])
    properties = {k: v for k, v in sorted(data.items()) if k != "labels"}
    lines = [f"{data.get('name', node_id)} ({':'.join(labels)})"]
    lines += [f"{k}: {v}" for k, v in properties.items() if k not in ("name",)][:12]
    return ViewNode(
        id=node_id,
        label=str(data.get("name", node_id)),
        kind=_kind(labels),
        color=node_color(labels),
        title="\n".join(lines),
        properties=properties,
    )


def _edge(key: str, source: str, target: str, data: dict[str, Any]) -> ViewEdge:
    properties = {k: v for k, v in sorted(data.items()) if k != "type"}
    return ViewEdge(
        id=key,
        source=source,
        target=target,
        type=data["type"],
        label=relationship_caption(data["type"], properties),
        properties=properties,
    )


def _visible(graph: EmbeddedGraph, with_sources: bool) -> nx.MultiDiGraph:
    import networkx as nx

    hidden = set(HIDDEN_TYPES) | (set() if with_sources else set(SOURCE_TYPES))
    view = nx.MultiDiGraph()
    for node_id, data in graph.graph.nodes(data=True):
        if with_sources or "Source" not in data["labels"]:
            view.add_node(node_id)
    for source, target, key, data in graph.graph.edges(keys=True, data=True):
        if data["type"] not in hidden and source in view and target in view:
            view.add_edge(source, target, key=key)
    return view


def _induced(graph: EmbeddedGraph, visible: nx.MultiDiGraph, ids: set[str]) -> list[ViewEdge]:
    edges = []
    for source, target, key in visible.subgraph(ids).edges(keys=True):
        edges.append(_edge(key, source, target, graph.graph.edges[source, target, key]))
    return edges


def whole_view(graph: EmbeddedGraph, with_sources: bool = False) -> View:
    """Return the whole graph (sources and their CITES only when asked)."""
    visible = _visible(graph, with_sources)
    nodes = [_node(graph, n) for n in visible.nodes]
    counts = f"{len(nodes)} nodes, {visible.number_of_edges()} relationships"
    return View(
        title="aigraph: the whole graph",
        subtitle=counts + ("" if with_sources else " (sources hidden)"),
        nodes=nodes,
        edges=_induced(graph, visible, set(visible.nodes)),
        credits=graph.dataset.credits(),
    )


def focus_view(graph: EmbeddedGraph, focus: str, depth: int = 1) -> View:
    """Return the neighbourhood of ``focus`` up to ``depth`` relationships away (either way)."""
    import networkx as nx

    visible = _visible(graph, with_sources=False)
    if focus not in visible:
        visible.add_node(focus)
    around = nx.ego_graph(visible.to_undirected(as_view=True), focus, radius=depth)
    ids = set(around.nodes)
    return View(
        title=f"aigraph: {graph.graph.nodes[focus].get('name', focus)} and its neighbours",
        subtitle=f"{len(ids)} nodes within {depth} relationship(s) of {focus}",
        nodes=[_node(graph, n) for n in sorted(ids)],
        edges=_induced(graph, visible, ids),
        credits=graph.dataset.credits(),
    )


def _mentioned(value: Any, known: set[str]) -> set[str]:
    if isinstance(value, str):
        return {value} if value in known else set()
    if isinstance(value, BaseModel):
        return _mentioned(value.model_dump(), known)
    if isinstance(value, dict):
        return set().union(*(_mentioned(v, known) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_mentioned(v, known) for v in value)) if value else set()
    return set()


def _flow_edge(flow: FlowRef) -> ViewEdge:
    amount = flow.amount or "amount undisclosed"
    return ViewEdge(
        id=f"{flow.deal}|{flow.payer}->{flow.payee}",
        source=flow.payer_group,
        target=flow.payee_group,
        type="PAYS",
        label=f"{flow.deal}: {amount}",
        properties=flow.model_dump(),
    )


def query_view(graph: EmbeddedGraph, title: str, rows: list[BaseModel]) -> View:
    """Return the elements of a query's rows.

    Rows with money flows (loops, paths, competitor-customer links, contracted revenue) draw
    exactly those flows between groups, plus the products and markets a row names; other rows
    draw the records they name and the relationships between them.
    """
    known = set(graph.graph.nodes)
    visible = _visible(graph, with_sources=False)
    ids: set[str] = set()
    flow_edges: dict[str, ViewEdge] = {}
    for row in rows:
        flows = getattr(row, "flows", None)
        if isinstance(flows, list) and flows and isinstance(flows[0], FlowRef):
            for flow in flows:
                edge = _flow_edge(flow)
                flow_edges[edge.id] = edge
                ids |= {flow.payer_group, flow.payee_group}
            for field in (
                "members",
                "customer",
                "provider",
                "markets",
                "customer_products",
                "provider_products",
            ):
                ids |= _mentioned(getattr(row, field, None), known)
        else:
            ids |= _mentioned(row, known)
    edges = list(flow_edges.values())
    if flow_edges:
        products = {i for i in ids if "Product" in graph.graph.nodes[i]["labels"]}
        for product in sorted(products):
            maker = graph.group_of(str(graph.record(product).maker))  # type: ignore[attr-defined]
            edges.append(
                ViewEdge(
                    id=f"{product}|made-by",
                    source=product,
                    target=maker,
                    type="MADE_BY",
                    label="MADE_BY (group)",
                    properties={},
                )
            )
            ids.add(maker)
        edges += [e for e in _induced(graph, visible, ids) if e.type == "IN_MARKET"]
    else:
        edges = _induced(graph, visible, ids)
    return View(
        title=f"aigraph: {title}",
        subtitle=f"{len(rows)} rows, {len(ids)} nodes",
        nodes=[_node(graph, n) for n in sorted(ids)],
        edges=edges,
        credits=graph.dataset.credits(),
    )


def _vis_asset(name: str) -> str:
    return (resources.files("pyvis") / VIS_DIR / name).read_text(encoding="utf-8")


def _script_json(value: Any) -> str:
    """Return ``value`` as JSON that cannot end or comment out the script holding it: every
    ``<`` (``</script``, ``<!--``, ``<script``), ``>`` and ``&`` as a unicode escape, and the
    line separators JavaScript does not allow in strings."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


PAGE_STYLE = """
body { margin: 0; font-family: system-ui, sans-serif; color: #222; }
header { padding: 8px 16px; border-bottom: 1px solid #ddd; }
header h1 { font-size: 18px; margin: 0; } header p { margin: 2px 0 0; color: #666; }
header p.credits { font-size: 11px; }
main { display: flex; height: calc(100vh - 64px); }
#graph { flex: 1; min-width: 0; }
aside { width: 320px; overflow: auto; border-left: 1px solid #ddd; padding: 8px 12px;
        font-size: 12px; }
aside h2 { font-size: 14px; margin: 4px 0 8px; }
#legend ul { list-style: none; padding: 0; margin: 0 0 12px; }
#legend li { margin: 2px 0; } .swatch { display: inline-block; width: 12px; height: 12px;
  border-radius: 50%; margin-right: 6px; vertical-align: middle; }
#details table { border-collapse: collapse; width: 100%; }
#details td { border-bottom: 1px solid #eee; padding: 2px 4px; vertical-align: top;
  word-break: break-word; }
#details td:first-child { color: #666; white-space: nowrap; }
"""

PAGE_SCRIPT = """
const DATA = JSON.parse(document.getElementById('aigraph-data').textContent);
const nodes = new vis.DataSet(DATA.nodes.map(n => ({
  id: n.id, label: n.label, title: n.title, group: n.kind,
  color: {background: n.color, border: n.color}, shape: 'dot',
  size: n.kind === 'Organization' ? 18 : 10, font: {size: 12}, aigraph: n })));
const edges = new vis.DataSet(DATA.edges.map(e => ({
  id: e.id, from: e.source, to: e.target, label: e.label, arrows: 'to',
  font: {size: 9, align: 'middle'}, color: {color: e.type === 'PAYS' ? '#2E9E6A' : '#A5ABB6'},
  aigraph: e })));
const container = document.getElementById('graph');
const network = new vis.Network(container, {nodes, edges}, {
  physics: {solver: 'forceAtlas2Based', stabilization: {iterations: 250}},
  interaction: {hover: true, tooltipDelay: 150},
  edges: {smooth: {type: 'dynamic'}}
});
window.aigraph = {network, nodes, edges, ready: false, clicked: null};
network.once('stabilizationIterationsDone', () => { network.fit(); });
network.once('afterDrawing', () => { window.aigraph.ready = true; });
function show(title, properties) {
  const panel = document.getElementById('details');
  panel.replaceChildren();
  const heading = document.createElement('h2');
  heading.textContent = title;
  panel.appendChild(heading);
  const table = document.createElement('table');
  for (const [key, value] of Object.entries(properties)) {
    const row = table.insertRow();
    row.insertCell().textContent = key;
    row.insertCell().textContent = Array.isArray(value) ? value.join(', ') : String(value);
  }
  panel.appendChild(table);
}
network.on('click', params => {
  if (params.nodes.length) {
    const n = nodes.get(params.nodes[0]).aigraph;
    window.aigraph.clicked = n.id;
    show(n.label + ' (' + n.kind + ')', n.properties);
  } else if (params.edges.length) {
    const e = edges.get(params.edges[0]).aigraph;
    window.aigraph.clicked = e.id;
    show(e.type + ': ' + e.source + ' -> ' + e.target, e.properties);
  }
});
"""


def render_html(view: View) -> str:
    """Return the page: vis-network, the data, a legend and a details panel, all inline."""
    kinds = sorted({node.kind: node.color for node in view.nodes}.items())
    order = {label: index for index, label in enumerate(LABEL_COLORS)}
    kinds.sort(key=lambda item: (order.get(item[0], len(order)), item[0]))
    legend = "".join(
        f'<li><span class="swatch" style="background:{color}"></span>{html.escape(kind)}</li>'
        for kind, color in kinds
    )
    credits = (
        f'<p class="credits">Data: {html.escape("; ".join(view.credits))}</p>'
        if view.credits
        else ""
    )
    data = {
        "nodes": [n.model_dump() for n in view.nodes],
        "edges": [e.model_dump() for e in view.edges],
    }
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(view.title)}</title>
<style>{_vis_asset("vis-network.css")}</style>
<style>{PAGE_STYLE}</style>
<script>{_vis_asset("vis-network.min.js")}</script>
</head>
<body>
<header><h1>{html.escape(view.title)}</h1><p>{html.escape(view.subtitle)}</p>{credits}</header>
<main>
<div id="graph"></div>
<aside>
<div id="legend"><h2>Legend</h2><ul>{legend}</ul></div>
<div id="details"><h2>Details</h2><p>Click a node or a relationship.</p></div>
</aside>
</main>
<script type="application/json" id="aigraph-data">{_script_json(data)}</script>
<script>{PAGE_SCRIPT}</script>
</body>
</html>
"""
