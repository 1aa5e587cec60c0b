"""compute-deal-map-data (CC BY 4.0): its companies and deals, loaded together by
:func:`load_deal_map` beside the curated data."""

from aigraph.loaders.deal_map.context import DealMapReport
from aigraph.loaders.deal_map.format import CREDIT, TYPES
from aigraph.loaders.deal_map.source import DEAL_MAP_INPUT, load_deal_map

__all__ = ["CREDIT", "DEAL_MAP_INPUT", "TYPES", "DealMapReport", "load_deal_map"]
