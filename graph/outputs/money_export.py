"""The money-flow graph for Gephi: organizations (or their groups) as nodes, money as weighted
edges, written as dynamic GEXF (time spells from the flows' dates, so Gephi's timeline plays
them) or as CSV (an edge list with Gephi's ``Source``/``Target``/``Weight`` columns, and a node
list beside it).

An edge is one flow (``per="flow"``) or one payer -> payee pair (``per="pair"``); its weight is
the known USD it carries, and it counts its valued and unvalued flows (an unknown amount is
never counted as zero: it adds to ``unvalued``, not to the weight; an edge with no valued flow
has no ``usd`` value). An edge exists while its flows pay (``paid_from`` to ``paid_until``); a
flow with no date makes its edge, and its nodes, present throughout.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import quoteattr

from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.dates import PartialDate
from aigraph.graph.money import FlowFilter, MoneyFlow

Level = Literal["group", "organization"]
Per = Literal["pair", "flow"]
GEXF_NAMESPACE = "http://www.gexf.net/1.2draft"


def flow_usd(graph: EmbeddedGraph, flow: MoneyFlow) -> float | None:
    """Return the committed USD a flow carries, from ``Deal.money()`` as every command counts
    it (None: no committed figure stated, or not in USD)."""
    return flow.committed_usd


@dataclass
class MoneyEdge:
    """Money from ``payer`` to ``payee`` (organizations or groups): the known USD, how many
    flows carry a value and how many do not, the deals, and when the money moves
    (``spells``: first and last day of each flow, None while open)."""

    payer: str
    payee: str
    usd: float = 0.0
    valued: int = 0
    unvalued: int = 0
    deals: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    spells: list[tuple[date, date | None]] = field(default_factory=list)
    undated: int = 0

    @property
    def flows(self) -> int:
        """Return the number of flows on the edge."""
        return self.valued + self.unvalued

    def add(self, flow: MoneyFlow, usd: float | None) -> None:
        """Count one flow on this edge."""
        if usd is None:
            self.unvalued += 1
        else:
            self.valued += 1
            self.usd += usd
        self.deals.append(flow.deal)
        if flow.kind.value not in self.kinds:
            self.kinds.append(flow.kind.value)
        if flow.paid_from is None:
            self.undated += 1
        else:
            self.spells.append((flow.paid_from, flow.paid_until))


def money_edges(
    graph: EmbeddedGraph,
    level: Level = "group",
    per: Per = "pair",
    as_of: PartialDate | None = None,
) -> tuple[list[MoneyEdge], dict[str, str]]:
    """Return the edges of the money-flow graph (flows in force ``as_of``, active; between
    groups leaving out money inside a group) in a stable order, and the name of every node."""
    flows = graph.money_flows(FlowFilter(as_of=as_of))
    edges: dict[tuple[str, ...], MoneyEdge] = {}
    names: dict[str, str] = {}
    for flow in sorted(flows, key=lambda f: (f.payer, f.payee, f.deal)):
        if level == "group":
            payer, payee = flow.payer_group, flow.payee_group
            if payer == payee:
                continue
        else:
            payer, payee = flow.payer, flow.payee
        for node in (payer, payee):
            names.setdefault(node, getattr(graph.record(node), "name", node))
        key = (payer, payee) if per == "pair" else (payer, payee, flow.deal)
        edge = edges.setdefault(key, MoneyEdge(payer, payee))
        edge.add(flow, flow_usd(graph, flow))
    ordered = [edges[key] for key in sorted(edges)]
    return ordered, dict(sorted(names.items()))


def _merged(spells: Iterable[tuple[date, date | None]]) -> list[tuple[date, date | None]]:
    """Return the spells merged where they overlap, in order (None: open-ended)."""
    merged: list[tuple[date, date | None]] = []
    for start, end in sorted(spells, key=lambda s: (s[0], s[1] or date.max)):
        if merged and (merged[-1][1] is None or start <= merged[-1][1]):
            last_start, last_end = merged[-1]
            joined = None if last_end is None or end is None else max(last_end, end)
            merged[-1] = (last_start, joined)
        else:
            merged.append((start, end))
    return merged


def _spells_xml(spells: list[tuple[date, date | None]], indent: str) -> str:
    if not spells:
        return ""
    lines = [f"{indent}<spells>"]
    for start, end in spells:
        end_attr = f' end="{end.isoformat()}"' if end is not None else ""
        lines.append(f'{indent}  <spell start="{start.isoformat()}"{end_attr} />')
    lines.append(f"{indent}</spells>")
    return "\n".join(lines) + "\n"


def _edge_label(edge: MoneyEdge, per: Per) -> str:
    if per == "flow":
        return edge.deals[0]
    return f"{edge.flows} flow" + ("s" if edge.flows != 1 else "")


def write_money_gexf(
    graph: EmbeddedGraph,
    path: Path,
    level: Level = "group",
    per: Per = "pair",
    as_of: PartialDate | None = None,
) -> Path:
    """Write the money-flow graph as dynamic GEXF 1.2 (time spells from the flows' dates:
    an edge exists while its money moves, a node while any of its edges does); return the
    path. Edge weights are the known USD; attributes count valued and unvalued flows."""
    edges, names = money_edges(graph, level, per, as_of)
    node_spells: dict[str, list[tuple[date, date | None]]] = {n: [] for n in names}
    undated_nodes: set[str] = set()
    for edge in edges:
        for node in (edge.payer, edge.payee):
            node_spells[node] += edge.spells
            if edge.undated:
                undated_nodes.add(node)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<gexf xmlns="{GEXF_NAMESPACE}" version="1.2">\n',
        "  <meta>\n    <creator>aigraph</creator>\n",
        f"    <description>{_text(level)} money flows, weights in USD"
        f"{' as of ' + str(as_of) if as_of else ''}</description>\n  </meta>\n",
        '  <graph mode="dynamic" defaultedgetype="directed" timeformat="date">\n',
        '    <attributes class="edge">\n',
        '      <attribute id="usd" title="usd" type="double" />\n',
        '      <attribute id="valued" title="valued" type="integer" />\n',
        '      <attribute id="unvalued" title="unvalued" type="integer" />\n',
        '      <attribute id="deals" title="deals" type="string" />\n',
        '      <attribute id="kinds" title="kinds" type="string" />\n',
        "    </attributes>\n",
        "    <nodes>\n",
    ]
    for node, name in names.items():
        # a node with an undated flow is shown throughout (no spell), else while it pays
        spells = [] if node in undated_nodes else _merged(node_spells[node])
        parts.append(f"      <node id={quoteattr(node)} label={quoteattr(name)}>\n")
        parts.append(_spells_xml(spells, "        "))
        parts.append("      </node>\n")
    parts.append("    </nodes>\n    <edges>\n")
    for number, edge in enumerate(edges):
        spells = [] if edge.undated else _merged(edge.spells)
        parts.append(
            f'      <edge id="e{number}" source={quoteattr(edge.payer)} '
            f"target={quoteattr(edge.payee)} weight={quoteattr(repr(edge.usd))} "
            f"label={quoteattr(_edge_label(edge, per))}>\n"
        )
        parts.append("        <attvalues>\n")
        values = [("usd", repr(edge.usd))] if edge.valued else []  # unknown: no value
        for key, value in (
            *values,
            ("valued", str(edge.valued)),
            ("unvalued", str(edge.unvalued)),
            ("deals", ", ".join(edge.deals)),
            ("kinds", ", ".join(edge.kinds)),
        ):
            parts.append(f"          <attvalue for={quoteattr(key)} value={quoteattr(value)} />\n")
        parts.append("        </attvalues>\n")
        parts.append(_spells_xml(spells, "        "))
        parts.append("      </edge>\n")
    parts.append("    </edges>\n  </graph>\n</gexf>\n")
    path.write_text("".join(parts), encoding="utf-8")
    return path


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


EDGE_COLUMNS = [
    "Source",
    "Target",
    "Weight",
    "Label",
    "usd",
    "flows",
    "valued",
    "unvalued",
    "start",
    "end",
    "deals",
    "kinds",
]
"""The edge list's columns (Gephi reads Source, Target, Weight and Label)."""


def nodes_path(path: Path) -> Path:
    """Return where the node list of an edge list at ``path`` goes (``<stem>-nodes.csv``)."""
    return path.with_name(f"{path.stem}-nodes.csv")


def write_money_csv(
    graph: EmbeddedGraph,
    path: Path,
    level: Level = "group",
    per: Per = "pair",
    as_of: PartialDate | None = None,
) -> list[Path]:
    """Write the money-flow graph as a CSV edge list at ``path`` (``start``: the first day its
    money moves, ``end``: the last, empty while open or unknown) and its node list (Id, Label)
    beside it; return both paths."""
    edges, names = money_edges(graph, level, per, as_of)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(EDGE_COLUMNS)
        for edge in edges:
            starts = [s for s, _ in edge.spells]
            ends = [e for _, e in edge.spells]
            open_ended = edge.undated or None in ends
            writer.writerow(
                [
                    edge.payer,
                    edge.payee,
                    repr(edge.usd),
                    _edge_label(edge, per),
                    repr(edge.usd) if edge.valued else "",  # unknown is not zero
                    edge.flows,
                    edge.valued,
                    edge.unvalued,
                    min(starts).isoformat() if starts else "",
                    "" if open_ended or not ends else max(e for e in ends if e).isoformat(),
                    " ".join(edge.deals),
                    " ".join(edge.kinds),
                ]
            )
    nodes = nodes_path(path)
    with nodes.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["Id", "Label"])
        writer.writerows(names.items())
    return [path, nodes]
