"""Tiny seeded graphs for the query tests: write YAML, load it, build the embedded graph."""

from __future__ import annotations

import textwrap
from pathlib import Path

from aigraph.graph import EmbeddedGraph
from aigraph.graph.model.vocabulary import DealKind
from aigraph.loaders import load_curated

SOURCES = """\
sources:
  - {id: src, title: A source, kind: article, url: "https://example.org/a"}
markets:
  - {id: llm-market, name: LLMs}
  - {id: cloud-market, name: Cloud}
  - {id: chip-market, name: Chips}
"""


def org(org_id: str, *, parent: str | None = None, since: str | None = None) -> str:
    """Return the YAML of one organization (optionally a subsidiary of ``parent``)."""
    text = f"  - id: {org_id}\n    name: {org_id.title()}\n"
    if parent:
        since_text = f", since: {since}" if since else ""
        text += (
            f"    structure: [{{relation: subsidiary-of, parent: {parent}{since_text},"
            ' citations: [{source: src, quote: "owned"}]}]\n'
        )
    return text + '    citations: [{source: src, quote: "exists"}]\n'


def deal(
    deal_id: str,
    kind: str,
    payer: str,
    payee: str,
    *,
    value: str | None = "1B USD",
    status: str = "signed",
    confidence: str = "high",
    start: str | None = None,
    end: str | None = None,
    facilities: list[str] | None = None,
    quantities: list[str] | None = None,
) -> str:
    """Return the YAML of one deal; payer and payee take the roles of the kind."""
    spec = DealKind(kind).spec
    roles = (spec.payer.value, spec.payee.value)
    text = (
        f"  - id: {deal_id}\n    kind: {kind}\n    title: {deal_id}\n"
        f"    parties: {{{roles[0]}: {payer}, {roles[1]}: {payee}}}\n"
        f"    status: {status}\n    confidence: {confidence}\n"
        f'    citations: [{{source: src, quote: "about {deal_id}"}}]\n'
    )
    if value:
        text += f"    value: {value}\n"
    if start or end:
        parts = [f"start: {start}"] if start else []
        parts += [f"end: {end}"] if end else []
        text += f"    term: {{{', '.join(parts)}}}\n"
    if facilities:
        text += f"    facilities: [{', '.join(facilities)}]\n"
    if quantities:
        text += f"    quantities: [{', '.join(quantities)}]\n"
    return text


def product(product_id: str, maker: str, *markets: str) -> str:
    """Return the YAML of one product."""
    return (
        f"  - {{id: {product_id}, name: {product_id}, maker: {maker}, "
        f'markets: [{", ".join(markets)}], citations: [{{source: src, quote: "sells"}}]}}\n'
    )


def seeded(
    tmp_path: Path,
    organizations: list[str],
    deals: list[str] = (),
    products: list[str] = (),
    extra: str = "",
) -> EmbeddedGraph:
    """Return the embedded graph of a tiny dataset written under ``tmp_path``."""
    directory = tmp_path / "seed"
    directory.mkdir(parents=True, exist_ok=True)
    text = SOURCES + "organizations:\n" + "".join(organizations)
    if deals:
        text += "deals:\n" + "".join(deals)
    if products:
        text += "products:\n" + "".join(products)
    (directory / "seed.yaml").write_text(text + textwrap.dedent(extra))
    return EmbeddedGraph(load_curated(directory))
