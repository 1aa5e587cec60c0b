"""Loaders: read input files into a validated :class:`graph.Dataset`, all or nothing."""

from loaders.curated import CURATED_DIR, load_curated
from loaders.errors import DatasetError, LoadIssue

__all__ = ["CURATED_DIR", "DatasetError", "LoadIssue", "load_curated"]
