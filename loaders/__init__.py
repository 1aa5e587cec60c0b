"""Loaders: read input files into a validated :class:`~aigraph.graph.Dataset`, all or nothing.

Each follows one contract (``loaders.contract``: read -> transform -> records); the inputs the
command line offers are listed in ``loaders.registry``.
"""

from aigraph.loaders.curated import CURATED_DIR, load_curated
from aigraph.loaders.errors import DatasetError, LoadIssue
from aigraph.loaders.registry import INPUTS, build_dataset

__all__ = ["CURATED_DIR", "INPUTS", "DatasetError", "LoadIssue", "build_dataset", "load_curated"]
