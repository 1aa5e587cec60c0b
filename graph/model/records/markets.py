"""Markets, the products sold in them, and sourced statements of who competes."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field, model_validator

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
    evidenced: ClassVar[tuple[str, ...]] = ("maker", "markets")

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
    evidenced: ClassVar[tuple[str, ...]] = ("parties", "subject", "market")

    parties: Annotated[list[CompetitorRef], Edge("BETWEEN", "A competitor.")] = Field(min_length=2)
    subject: CompetitorRef | None = None
    """When set, the record says that the subject competes with each other party (a comparison
    of Grok with Claude, GPT and Gemini), not that the others compete among themselves."""
    market: Annotated[MarketRef | None, Edge("IN_MARKET", "Sold or contested in a market.")] = None
    basis: str | None = None
    confidence: Confidence

    @model_validator(mode="after")
    def _subject_is_a_party(self) -> Competition:
        if self.subject is not None and self.subject not in self.parties:
            raise ValueError(f"subject {self.subject!r} is not one of the parties")
        return self

    def pairs(self) -> list[tuple[str, str]]:
        """Return the pairs of parties the record says compete, each sorted.

        >>> Competition(id="c", parties=["grok", "claude", "gpt"], subject="grok",
        ...     confidence="high", citations=[{"source": "s", "quote": "Grok vs the rest",
        ...     "states": ["parties", "subject"]}]).pairs()
        [('claude', 'grok'), ('gpt', 'grok')]
        """
        return competing_pairs(self.parties, self.subject)

    @property
    def caption(self) -> str:
        """Return e.g. 'claude vs grok'."""
        return " vs ".join(self.parties)


def competing_pairs(parties: list[str], subject: str | None = None) -> list[tuple[str, str]]:
    """Return the sorted pairs of ``parties`` a competition statement says compete: every
    pair, or with a ``subject`` only the pairs that include it.

    >>> competing_pairs(["grok", "claude", "gemini"], subject="grok")
    [('claude', 'grok'), ('gemini', 'grok')]
    """
    unique = list(dict.fromkeys(parties))
    found = {
        tuple(sorted((a, b)))
        for i, a in enumerate(unique)
        for b in unique[i + 1 :]
        if subject is None or subject in (a, b)
    }
    return sorted(found)  # type: ignore[arg-type]
