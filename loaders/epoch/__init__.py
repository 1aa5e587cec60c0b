"""Epoch AI's public datasets (CC BY 4.0): one module per file kind, loaded together by
:func:`load_epoch` beside the curated data."""

from aigraph.loaders.epoch.context import EpochReport
from aigraph.loaders.epoch.format import FILES
from aigraph.loaders.epoch.source import EPOCH_INPUT, load_epoch

__all__ = ["EPOCH_INPUT", "FILES", "EpochReport", "load_epoch"]
