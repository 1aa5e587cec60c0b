"""The inputs a graph is built from, and the options that name them.

The curated data is always read (``--data``, default the bundled dataset); every other input
adds to it when one of its options is given (``--epoch-dir``, ``--deal-map-dir``,
``--deals``). The command line takes its loader options from :data:`INPUTS` and builds the
dataset with :func:`build_dataset`; adding a loader means adding its :class:`Input` here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from aigraph.graph.dataset import Dataset
from aigraph.loaders.contract import Hooks, Input, InputOption
from aigraph.loaders.curated import CURATED_INPUT
from aigraph.loaders.deal_map import DEAL_MAP_INPUT
from aigraph.loaders.deals_table import DEALS_INPUT
from aigraph.loaders.epoch.source import EPOCH_INPUT

INPUTS: tuple[Input, ...] = (CURATED_INPUT, EPOCH_INPUT, DEAL_MAP_INPUT, DEALS_INPUT)
"""Every input, in load order: the curated data first."""


def input_options() -> list[InputOption]:
    """Return the options of every input, in order."""
    return [option for entry in INPUTS for option in entry.options]


def build_dataset(
    values: Mapping[str, Any] | None = None, hooks: Hooks | None = None
) -> tuple[Dataset, dict[str, BaseModel]]:
    """Return the dataset of every input the option ``values`` ask for (keyed by
    :attr:`InputOption.dest`; missing ones are unset), with the reports of the inputs that ran.

    Raises :class:`~aigraph.loaders.errors.DatasetError` listing every problem of an input.

    >>> dataset, reports = build_dataset({})
    >>> dataset.get("spacex").name, reports
    ('SpaceX', {})
    """
    chosen = dict(values or {})
    hooks = hooks or Hooks()
    dataset: Dataset | None = None
    reports: dict[str, BaseModel] = {}
    for entry in INPUTS:
        dataset, report = entry.apply(dataset, chosen, hooks)
        if report is not None:
            reports[entry.name] = report
    assert dataset is not None
    return dataset, reports
