"""Epoch AI's format: file names, dataset titles, and the words its columns use, each mapped to
the project's controlled words (``graph.model.vocabulary``)."""

from __future__ import annotations

import re

from aigraph.graph.model.vocabulary import ChipCategory, Confidence, FacilityStatus, Status
from aigraph.loaders.reading import parse_number

FILES = {
    "gpu_clusters": "gpu_clusters.csv",
    "data_centers": "data_centers.csv",
    "timelines": "data_center_timelines.csv",
    "funding_rounds": "ai_companies_funding_rounds.csv",
}
"""The four files, by kind, under the names Epoch publishes them."""
DATASET_TITLES = {
    "gpu_clusters": "Epoch AI, 'Data on GPU clusters'",
    "data_centers": "Epoch AI, 'Frontier Data Centers'",
    "timelines": "Epoch AI, 'Frontier Data Centers' (timelines)",
    "funding_rounds": "Epoch AI, 'AI Companies' (funding rounds)",
}
PUBLISHER = "Epoch AI"
LICENCE = "CC BY 4.0"
ID_PREFIX = "epoch"

CERTAINTY = {"confirmed": Confidence.HIGH, "likely": Confidence.MEDIUM, "unlikely": Confidence.LOW}
"""The GPU clusters' Certainty column."""
CLUSTER_STATUS = {
    "existing": FacilityStatus.OPERATING,
    "planned": FacilityStatus.PLANNED,
    "decommissioned": FacilityStatus.DECOMMISSIONED,
}
"""The GPU clusters' Status column."""
ROUND_STATUS = {
    "closed": Status.COMPLETED,
    "late discussions": Status.IN_TALKS,
    "early discussions": Status.RUMOURED,
    "announced": Status.ANNOUNCED,
}
"""The funding rounds' Status column."""
ROUND_CONFIDENCE = {
    "confident": Confidence.HIGH,
    "likely": Confidence.MEDIUM,
    "uncertain": Confidence.LOW,
}
"""The funding rounds' Confidence column."""
ASIC_WORDS = ("trainium", "cerebras", "lpu", "dojo", "maia", "pezy", "gaudi", "ascend", "mtia")
"""Words in a chip type that mark a custom accelerator rather than a GPU."""
TPU_WORD = "tpu"


def chip_category(name: str) -> ChipCategory:
    """Return the category of a chip type Epoch names: ``Google TPU v5p`` -> tpu."""
    lower = name.lower()
    if any(word in lower for word in ASIC_WORDS):
        return ChipCategory.ASIC
    return ChipCategory.TPU if TPU_WORD in lower else ChipCategory.GPU


PHASE = re.compile(r"\s+phase\s+\d+\s*$", re.IGNORECASE)
"""A cluster phase's suffix: ``xAI Colossus Memphis Phase 2``."""
MAX_QUOTE = 600
SOURCE_COLUMNS = ("Source 1", "Source 2", "Source 3", "Source 4", "Source 5")
CHIP_COLUMNS = (
    ("Chip type (primary)", "Chip quantity (primary)", "GPU Supplier (primary)"),
    ("Chip type (secondary)", "Chip quantity (secondary)", "GPU supplier (secondary)"),
)
"""(type, quantity, supplier) columns of a cluster's primary and secondary chips."""
DEGREES = re.compile(r"(\d+)°\s*(\d+)'\s*([\d.]+)\"?\s*([NSEW])", re.ASCII)


def quote(text: str, fallback: str) -> str:
    """Return a cell as a quote (single spaces, at most 600 characters), else ``fallback``."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) < 3:
        text = fallback
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 3] + "..."


def degrees(text: str) -> float | None:
    """Return decimal degrees of ``32°35'25"N`` (or a plain number), None when unreadable.

    >>> degrees('35°3\\'43"N'), degrees("-89.9")
    (35.061944, -89.9)
    """
    text = text.strip()
    if not text:
        return None
    try:
        return parse_number(text)
    except ValueError:
        pass
    match = DEGREES.fullmatch(text)
    if not match:
        return None
    value = int(match.group(1)) + int(match.group(2)) / 60 + float(match.group(3)) / 3600
    return round(-value if match.group(4) in "SW" else value, 6)
