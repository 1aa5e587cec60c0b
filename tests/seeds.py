"""Tiny seeded graphs for the query tests: write YAML, load it, build the embedded graph."""

from __future__ import annotations

import textwrap
from pathlib import Path

from aigraph.graph import EmbeddedGraph
from aigraph.graph.model.vocabulary import DealKind
from aigraph.loaders import load_curated

SOURCES = """\
sources:
  - {id: src, title: A source, kind: trade-press, url: "https://example.org/a"}
markets:
  - {id: llm-market, name: LLMs}
  - {id: cloud-market, name: Cloud}
  - {id: chip-market, name: Chips}
"""


def org(
    org_id: str,
    *,
    parent: str | None = None,
    since: str | None = None,
    relation: str = "subsidiary-of",
    status: str | None = None,
    by_deal: str | None = None,
) -> str:
    """Return the YAML of one organization (optionally linked to ``parent``: a subsidiary by
    default, or e.g. ``relation="acquired-by"`` with the link's ``status`` and ``by_deal``)."""
    text = f"  - id: {org_id}\n    name: {org_id.title()}\n"
    if parent:
        extra = f", since: {since}" if since else ""
        extra += f", status: {status}" if status else ""
        extra += f", deal: {by_deal}" if by_deal else ""
        text += (
            f"    structure: [{{relation: {relation}, parent: {parent}{extra},"
            ' citations: [{source: src, quote: "owned"}]}]\n'
        )
    return text + '    citations: [{source: src, quote: "exists", states: [name]}]\n'


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
    announced: str | None = None,
    extra: dict[str, str] | None = None,
) -> str:
    """Return the YAML of one deal; payer and payee take the roles of the kind; ``extra``
    adds fields as written (``{"supersedes": "old-deal"}``). Its one citation states every
    fact given."""
    spec = DealKind(kind).spec
    roles = (
        (spec.payer.value, spec.payee.value)
        if spec.payer and spec.payee
        else tuple(role.value for role in spec.required_roles)
    )
    given = ["parties", "status"]
    given += ["value"] if value else []
    given += ["term"] if start or end else []
    given += ["facilities"] if facilities else []
    given += ["quantities"] if quantities else []
    given += ["announced"] if announced else []
    given += list(extra or {})
    text = (
        f"  - id: {deal_id}\n    kind: {kind}\n    title: {deal_id}\n"
        f"    parties: {{{roles[0]}: {payer}, {roles[1]}: {payee}}}\n"
        f"    status: {status}\n    confidence: {confidence}\n"
        f'    citations: [{{source: src, quote: "about {deal_id}", states: [{", ".join(given)}]}}]\n'
    )
    if announced:
        text += f"    announced: {announced}\n"
    for name, written in (extra or {}).items():
        text += f"    {name}: {written}\n"
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
        f"markets: [{', '.join(markets)}], "
        'citations: [{source: src, quote: "sells", states: [maker, markets]}]}\n'
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
