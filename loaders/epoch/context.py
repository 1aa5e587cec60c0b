"""What the four Epoch files share while they load: the records made so far, name resolution
against the curated records, the report, and the facilities later files refer to."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from aigraph.graph.dataset import Dataset
from aigraph.graph.model.records import ChipModel, Citation, Source
from aigraph.graph.model.vocabulary import WILDCARD_STATE, SourceKind
from aigraph.loaders.contract import RecordSet
from aigraph.loaders.epoch.format import (
    DATASET_TITLES,
    FILES,
    ID_PREFIX,
    LICENCE,
    PHASE,
    PUBLISHER,
    chip_category,
    quote,
)
from aigraph.loaders.resolution import NameIndex, OrganizationResolver, ResolutionReport, slug

ROW_STATES = [WILDCARD_STATE]
"""A dataset row states every value it gives (its citations say so)."""


class EpochReport(BaseModel):
    """What an Epoch load read, created and could not resolve."""

    rows: dict[str, int] = Field(default_factory=dict)
    clusters_by_status: dict[str, int] = Field(default_factory=dict)
    facilities_linked: dict[str, str] = Field(default_factory=dict)
    """Epoch facility (or data center) -> the curated facility it is part of or describes."""
    organizations: ResolutionReport = Field(default_factory=ResolutionReport)
    chip_models_created: list[str] = Field(default_factory=list)
    dangling_chains: dict[str, str] = Field(default_factory=dict)
    """Clusters whose "Builds Upon" names a cluster that is not in the file (left unlinked)."""
    looping_chains: dict[str, str] = Field(default_factory=dict)
    """Clusters whose "Builds Upon" closed a loop of phases (the link was dropped): the loop."""
    records: dict[str, int] = Field(default_factory=dict)


class EpochContext:
    """Shared state of one Epoch load against a curated dataset."""

    def __init__(self, directory: Path, curated: Dataset) -> None:
        self.directory = directory
        self.curated = curated
        self.made = RecordSet(curated.records)
        self.report = EpochReport()
        self.curated_facilities = NameIndex(curated.facilities)
        self.chip_index = NameIndex(curated.of_type(ChipModel))
        self.resolver = OrganizationResolver(curated.organizations, self.made.taken)
        self.data_center_ids: dict[str, str] = {}
        """A data center's handle -> the facility it became (or the curated one it describes)."""
        self.facility_updates: dict[str, dict[str, list[Any]]] = {}
        """Curated facility id -> claims and parties Epoch adds to it."""

    def label(self, kind: str) -> str:
        """Return how problems name the file of ``kind`` (``epoch/gpu_clusters.csv``)."""
        return str(Path(self.directory.name) / FILES[kind])

    def dataset_source(self, kind: str) -> str:
        """Return the id of the source that is Epoch's dataset of ``kind``."""
        source_id = f"{ID_PREFIX}-{kind.replace('_', '-')}"
        return self.made.source(
            source_id,
            lambda: Source(
                id=source_id,
                title=DATASET_TITLES[kind],
                kind=SourceKind.DATASET,
                url=f"https://epoch.ai/data/{FILES[kind]}",
                publisher=PUBLISHER,
                credit=f"{DATASET_TITLES[kind]}, epoch.ai, {LICENCE}",
                notes=f"Licence {LICENCE}; read from {FILES[kind]}.",
            ),
        )

    def url_source(self, url: str) -> str:
        """Return the id of a source for a URL an Epoch record cites."""
        return self.made.url_source(url, ID_PREFIX, PUBLISHER)

    def organization(self, kind: str, name: str) -> str | None:
        """Return the organization ``name`` resolves to (created when new; None when generic
        or ambiguous)."""
        citation = Citation(
            source=self.dataset_source(kind),
            quote=f"Named in {DATASET_TITLES[kind]} ({LICENCE})",
            states=ROW_STATES,
        )
        return self.resolver.resolve(name, f"{ID_PREFIX}:{kind}", citation)

    def curated_facility(self, *names: str) -> str | None:
        """Return the curated facility one of ``names`` (or its name without a phase) names."""
        for name in names:
            if not name:
                continue
            for form in (name, PHASE.sub("", name)):
                found = self.curated_facilities.candidates(form)
                if len(found) == 1:
                    return found.pop()
        return None

    def chip_model(self, chip_type: str, supplier: str, kind: str) -> str | None:
        """Return the chip model ``chip_type`` names, creating it (made by ``supplier``)."""
        name = chip_type or (f"Unspecified chips ({supplier})" if supplier else "")
        if not name:
            return None
        found = self.chip_index.candidates(name)
        if len(found) == 1:
            return found.pop()
        maker = self.organization(kind, supplier) if supplier else None
        if maker is None:
            maker = self.organization(kind, f"Unknown chip maker ({PUBLISHER})")
        chip = self.made.add(
            ChipModel(
                id=self.made.new_id("chip-" + slug(name)),
                name=name,
                maker=maker or "",
                category=chip_category(name),
                notes=f"Chip type named by {PUBLISHER}.",
                citations=[
                    Citation(
                        source=self.dataset_source(kind),
                        quote=quote(f"Chip type: {name}", "Chip type named"),
                        states=ROW_STATES,
                    )
                ],
            )
        )
        self.chip_index.add(chip)
        self.report.chip_models_created.append(chip.id)
        return chip.id
