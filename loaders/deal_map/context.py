"""What the deal map's two files share while they load: its companies, name resolution against
the existing organizations, the deals it may match, the records made and the report."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field

from aigraph.graph.dataset import Dataset
from aigraph.graph.model.records import Citation, DealClaim, Source
from aigraph.graph.model.vocabulary import WILDCARD_STATE, SourceKind
from aigraph.loaders.contract import RecordSet
from aigraph.loaders.deal_map.format import (
    CREDIT,
    ID_PREFIX,
    LICENCE,
    ORIGIN,
    PUBLISHER,
    REPOSITORY,
)
from aigraph.loaders.resolution import GENERIC_NAMES, OrganizationResolver, ResolutionReport, normal

ROW_STATES = [WILDCARD_STATE]
"""A deal of the map states every value the deal made from it has."""


class DealMapReport(BaseModel):
    """What a deal-map load read, matched, added and could not resolve."""

    form: str = ""
    """``repository`` (deals/*.yml, companies.yml) or ``release`` (deals.json, companies.json)."""
    deals: int = 0
    companies: int = 0
    by_type: dict[str, int] = Field(default_factory=dict)
    matched: dict[str, str] = Field(default_factory=dict)
    """Deal of the map -> the existing deal it is (its values became claims beside it)."""
    conflicting: dict[str, str] = Field(default_factory=dict)
    """Of those, the ones whose value disagrees with the existing deal's."""
    new: list[str] = Field(default_factory=list)
    """Deals of the map that became deals (marked ``origin: deal-map``)."""
    unresolved: dict[str, str] = Field(default_factory=dict)
    """Deals left out because a party names no one ("Multiple") or several organizations:
    deal -> the name."""
    unknown_amounts: int = 0
    organizations: ResolutionReport = Field(default_factory=ResolutionReport)
    records: dict[str, int] = Field(default_factory=dict)
    credit: str = CREDIT


@dataclass(frozen=True)
class Company:
    """A company of the map, as ``companies.yml`` gives it."""

    slug: str
    name: str
    category: str


class DealMapContext:
    """Shared state of one deal-map load against the dataset so far."""

    def __init__(self, existing: Dataset, form: str) -> None:
        self.existing = existing
        self.made = RecordSet(existing.records)
        self.resolver = OrganizationResolver(existing.organizations, self.made.taken)
        self.report = DealMapReport(form=form)
        self.companies: dict[str, Company] = {}
        self.companies_file = ""
        """How problems and sources name the companies file."""
        self.resolved: dict[str, str | None] = {}
        """Company slug -> the organization it resolved to (None: generic or ambiguous)."""
        self.claims: dict[str, list[DealClaim]] = {}
        """Existing deal id -> the claims the map adds beside it."""

    def companies_source(self, file: str) -> str:
        """Return the id of the source that is the map's list of companies."""
        source_id = f"{ID_PREFIX}-companies"
        return self.made.source(
            source_id,
            lambda: Source(
                id=source_id,
                title="compute-deal-map-data, companies",
                kind=SourceKind.DATASET,
                url=f"{REPOSITORY}/blob/main/companies.yml",
                file=file,
                publisher=PUBLISHER,
                credit=CREDIT,
                notes=f"Licence {LICENCE}; read from {file}.",
            ),
        )

    @staticmethod
    def deal_source_id(deal_id: str) -> str:
        """Return the id of the source that is one deal's file."""
        return f"{ID_PREFIX}-src-{deal_id}"

    def deal_source(self, deal_id: str, file: str, url: str) -> str:
        """Return the id of the source that is one deal's file (its address the deal's
        ``source_url``, the primary source the map gives), made the first time a claim or a
        deal cites it."""
        source_id = self.deal_source_id(deal_id)
        return self.made.source(
            source_id,
            lambda: Source(
                id=source_id,
                title=f"compute-deal-map-data, deal {deal_id}",
                kind=SourceKind.DATASET,
                url=url,
                file=file,
                publisher=PUBLISHER,
                credit=CREDIT,
                notes=f"Licence {LICENCE}; read from {file}. Its address is the primary "
                "source the map gives for the deal (source_url).",
            ),
        )

    def organization(self, slug: str, file: str) -> str | None:
        """Return the organization a company resolves to (resolved once; created, marked with
        the map, when new; None when generic or ambiguous)."""
        if slug in self.resolved:
            return self.resolved[slug]
        company = self.companies[slug]
        citation = Citation(
            source=self.companies_source(file),
            quote=f"{company.name} ({company.category}), named in compute-deal-map-data",
            states=ROW_STATES,
        )
        names = [company.name, slug.replace("-", " ")]
        if normal(company.name) not in GENERIC_NAMES:
            parts = [part for part in company.name.split("/") if part.strip()]
            names.extend(parts if len(parts) > 1 else [])
        found = self.resolver.resolve_any(names, ORIGIN, citation)
        self.resolved[slug] = found
        return found
