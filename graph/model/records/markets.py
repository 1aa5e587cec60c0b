"""Markets, the products sold in them, and sourced statements of who competes."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field

from aigraph.graph.model.records.base import (
    CompetitorRef,
    MarketRef,
    OrgRef,
    Record,
)
from aigraph.graph.model.relations import Edge
from aigraph.graph.model.vocabulary import (
    Confidence,
)


class Market(Record):
    """A market in which products compete (a category, so citations are optional)."""

    label: ClassVar[str] = "Market"
    section: ClassVar[str] = "markets"
    requires_citation: ClassVar[bool] = False
    color: ClassVar[str] = "#D9C8AE"

    name: str
    description: str | None = None


class Product(Record):
    """A model, app or service an organization makes, and the markets it sells in."""

    label: ClassVar[str] = "Product"
    section: ClassVar[str] = "products"
    color: ClassVar[str] = "#FFC454"

    name: str
    aliases: list[str] = Field(default_factory=list)
    maker: Annotated[OrgRef, Edge("MADE_BY", "Who makes it.")]
    markets: Annotated[list[MarketRef], Edge("IN_MARKET", "Sold or contested in a market.")] = (
        Field(default_factory=list)
    )


class Competition(Record):
    """A sourced statement that products or organizations compete (in a market)."""

    label: ClassVar[str] = "Competition"
    section: ClassVar[str] = "competition"
    color: ClassVar[str] = "#F16667"

    parties: Annotated[list[CompetitorRef], Edge("BETWEEN", "A competitor.")] = Field(min_length=2)
    market: Annotated[MarketRef | None, Edge("IN_MARKET", "Sold or contested in a market.")] = None
    basis: str | None = None
    confidence: Confidence

    @property
    def caption(self) -> str:
        """Return e.g. 'claude vs grok'."""
        return " vs ".join(self.parties)
