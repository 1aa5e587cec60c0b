"""Epoch AI's public datasets (CC BY 4.0) beside the curated data: GPU clusters, frontier data
centers, data-center timelines and AI companies' funding rounds.

Read by header name (Epoch adds and reorders columns), validated into the same records as the
curated data, with names resolved to curated records (``loaders.resolution``). Where Epoch and a
curated record describe the same facility, both are kept: Epoch's cluster phases become
facilities that are ``part_of`` the curated site (with their own fleets, so fleet counts that
disagree show up as conflicts), and Epoch's data-center figures become claims on the curated
facility. All or nothing: any bad row raises :class:`DatasetError` naming file, line and column.

    dataset, report = load_epoch(Path("downloads/epoch"), load_curated())
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from aigraph.graph.dataset import Dataset
from aigraph.graph.model.records import Facility, Record
from aigraph.loaders.contract import (
    FileLoader,
    Hooks,
    Input,
    InputOption,
    Progress,
    download_files,
    input_directory,
)
from aigraph.loaders.epoch.clusters import GpuClusters
from aigraph.loaders.epoch.context import EpochContext, EpochReport
from aigraph.loaders.epoch.data_centers import DataCenters
from aigraph.loaders.epoch.format import FILES
from aigraph.loaders.epoch.funding_rounds import FundingRounds
from aigraph.loaders.epoch.timelines import Timelines
from aigraph.loaders.errors import DatasetError, LoadIssue

FILE_LOADERS: tuple[Callable[[EpochContext], FileLoader], ...] = (
    GpuClusters,
    DataCenters,
    Timelines,
    FundingRounds,
)
"""The file kinds, in load order (timelines refer to the data centers)."""


def _directory_issue(directory: Path, reason: str) -> DatasetError:
    return DatasetError([LoadIssue(str(directory), 0, "(directory)", "", reason)])


def _merged(context: EpochContext) -> Dataset:
    for organization in context.resolver.created.values():
        context.made.records.setdefault(organization.id, organization)
    merged: list[Record] = []
    for record in context.curated:
        updates = context.facility_updates.get(record.id)
        if updates and isinstance(record, Facility):
            record = record.model_copy(
                update={
                    "claims": [*record.claims, *updates["claims"]],
                    "parties": [*record.parties, *updates["parties"]],
                }
            )
        merged.append(record)
    return Dataset([*merged, *context.made.records.values()])


def load_epoch(
    directory: Path | str, curated: Dataset, progress: Progress | None = None
) -> tuple[Dataset, EpochReport]:
    """Return the curated dataset merged with the Epoch files in ``directory``, and a report of
    what was resolved, created and ambiguous. Raises :class:`DatasetError` (file, line, column)
    when any row is bad; nothing is merged then."""
    directory = Path(directory)
    if not directory.is_dir():
        raise _directory_issue(directory, "no such directory")
    if not any((directory / name).exists() for name in FILES.values()):
        raise _directory_issue(directory, f"none of {', '.join(FILES.values())} is here")
    context = EpochContext(directory, curated)
    issues: list[LoadIssue] = []
    for make in FILE_LOADERS:
        loader = make(context)
        kind = next(kind for kind, name in FILES.items() if name == loader.file_name)
        path = directory / loader.file_name
        if not path.exists():
            continue
        rows, found = loader.load(path, context.label(kind), progress)
        context.report.rows[kind] = rows
        issues.extend(found)
    if issues:
        raise DatasetError(issues)
    dataset = _merged(context)
    report = context.report
    report.organizations = context.resolver.report
    counts: dict[str, int] = {}
    for record in context.made.records.values():
        counts[record.label] = counts.get(record.label, 0) + 1
    report.records = dict(sorted(counts.items()))
    return dataset, report


def download(base_url: str, warn: Callable[[str], None]) -> Path:
    """Return a temporary directory holding the Epoch files downloaded from ``base_url``; a file
    that cannot be fetched is a warning, none at all a :class:`DatasetError`."""
    target, failed = download_files(base_url, FILES.values(), "--epoch-url", "aigraph-epoch-")
    for url, reason in failed.items():
        warn(f"cannot download {url}: {reason}")
    if len(failed) == len(FILES):
        raise DatasetError(
            [LoadIssue(base_url, 0, "(download)", "", "no Epoch file could be downloaded")]
        )
    return target


def _apply(
    dataset: Dataset | None, values: Mapping[str, Any], hooks: Hooks
) -> tuple[Dataset, EpochReport | None]:
    assert dataset is not None, "the Epoch datasets load beside the curated data"
    directory = input_directory(
        values, "epoch_dir", "epoch_url", lambda url: download(url, hooks.warn)
    )
    if directory is None:
        return dataset, None
    return load_epoch(directory, dataset, hooks.progress)


EPOCH_INPUT = Input(
    name="epoch",
    description="Epoch AI's public datasets (CC BY 4.0)",
    options=(
        InputOption(
            "--epoch-dir",
            "Also load Epoch AI's CSV files (gpu_clusters, data_centers, "
            "data_center_timelines, ai_companies_funding_rounds) from this directory.",
            kind=Path,
            envvar="AIGRAPH_EPOCH_DIR",
        ),
        InputOption(
            "--epoch-url",
            "Download Epoch's live files from this base URL (e.g. https://epoch.ai/data/) "
            "when you have a network.",
        ),
    ),
    apply=_apply,
)
