"""compute-deal-map-data (CC BY 4.0) beside the curated data: 266 public AI-infrastructure deals
between 81 companies, from the repository (``deals/*.yml``, ``companies.yml``) or a release
(``deals.json``, ``companies.json``).

The loader contract as Epoch's: each file read into rows with their file and line, each row
transformed into records (problems recorded on it, never raised), all kept only when no row had
a problem. Deals that are existing ones become claims beside them (so ``conflicts`` shows where
the map disagrees); the others deals marked ``origin: deal-map``.

    dataset, report = load_deal_map(Path("compute-deal-map-data"), load_curated())
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from aigraph.graph.dataset import Dataset
from aigraph.graph.model.records import Deal, Record
from aigraph.loaders.contract import (
    Hooks,
    Input,
    InputOption,
    Progress,
    download_files,
    input_directory,
)
from aigraph.loaders.deal_map.companies import Companies
from aigraph.loaders.deal_map.context import DealMapContext, DealMapReport
from aigraph.loaders.deal_map.deals import Deals
from aigraph.loaders.deal_map.format import (
    CATEGORY_ROLES,
    COMPANIES_JSON,
    COMPANIES_YML,
    DEALS_DIR,
    DEALS_JSON,
    LATEST_RELEASE,
)
from aigraph.loaders.errors import DatasetError, LoadIssue

FORMS = {
    "repository": (DEALS_DIR, COMPANIES_YML),
    "release": (DEALS_JSON, COMPANIES_JSON),
}
"""The two forms of the map: (deals, companies) as each names them."""


def _issue(where: str, record: str, reason: str, field: str = "") -> DatasetError:
    return DatasetError([LoadIssue(where, 0, record, field, reason)])


def form_of(directory: Path) -> str:
    """Return ``repository`` or ``release`` by the files in ``directory``; raise
    :class:`DatasetError` when it holds neither, or only half of one."""
    if not directory.is_dir():
        raise _issue(str(directory), "(directory)", "no such directory")
    for form, (deals, companies) in FORMS.items():
        if (directory / deals).exists():
            if not (directory / companies).is_file():
                raise _issue(str(directory / companies), "(file)", f"missing beside {deals}")
            return form
    wanted = " or ".join(f"{d} and {c}" for d, c in FORMS.values())
    raise _issue(str(directory), "(directory)", f"holds neither {wanted}")


def _merged(context: DealMapContext) -> Dataset:
    created = context.resolver.created
    for slug, org_id in context.resolved.items():
        if org_id in created:
            role = CATEGORY_ROLES[context.companies[slug].category]
            created[org_id] = created[org_id].model_copy(update={"roles": [role]})
    for organization in created.values():
        context.made.records[organization.id] = organization
    merged: list[Record] = []
    for record in context.existing:
        claims = context.claims.get(record.id)
        if claims and isinstance(record, Deal):
            record = record.model_copy(update={"claims": [*record.claims, *claims]})
        merged.append(record)
    return Dataset([*merged, *context.made.records.values()])


def load_deal_map(
    directory: Path | str, existing: Dataset, progress: Progress | None = None
) -> tuple[Dataset, DealMapReport]:
    """Return ``existing`` merged with the deal map in ``directory`` (either form), and a report
    of what matched, conflicted, was new and could not be resolved. Raises
    :class:`DatasetError` (file, line, record, field) when any record is bad; nothing is
    merged then."""
    directory = Path(directory)
    form = form_of(directory)
    deals_name, companies_name = FORMS[form]
    context = DealMapContext(existing, form)
    issues: list[LoadIssue] = []
    companies = Companies(context)
    context.companies_file = str(Path(directory.name) / companies_name)
    rows, found = companies.load(directory / companies_name, context.companies_file, progress)
    context.report.companies = rows
    issues.extend(found)
    if issues:  # deals name companies: a bad companies file would make every deal look bad
        raise DatasetError(issues)
    deals = Deals(context)
    label = str(Path(directory.name) / deals_name)
    rows, found = deals.load(directory / deals_name, label, progress)
    context.report.deals = rows
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
    report.by_type = dict(sorted(report.by_type.items()))
    return dataset, report


def download(base_url: str) -> Path:
    """Return a temporary directory holding a release's ``deals.json`` and ``companies.json``
    downloaded from ``base_url`` (a release's download folder); both are needed, so a file that
    cannot be fetched is a :class:`DatasetError`."""
    target, failed = download_files(
        base_url, (DEALS_JSON, COMPANIES_JSON), "--deal-map-url", "aigraph-deal-map-"
    )
    for url, reason in failed.items():
        raise _issue(url, "(download)", f"cannot download: {reason}")
    return target


def _apply(
    dataset: Dataset | None, values: Mapping[str, Any], hooks: Hooks
) -> tuple[Dataset, DealMapReport | None]:
    assert dataset is not None, "the deal map loads beside the curated data"
    directory = input_directory(values, "deal_map_dir", "deal_map_url", download)
    if directory is None:
        return dataset, None
    return load_deal_map(directory, dataset, hooks.progress)


DEAL_MAP_INPUT = Input(
    name="deal_map",
    description="compute-deal-map-data, public AI-infrastructure deals (CC BY 4.0)",
    options=(
        InputOption(
            "--deal-map-dir",
            "Also load compute-deal-map-data from this directory: the repository "
            "(deals/*.yml, companies.yml) or a release (deals.json, companies.json).",
            kind=Path,
            envvar="AIGRAPH_DEAL_MAP_DIR",
        ),
        InputOption(
            "--deal-map-url",
            "Download a release's deals.json and companies.json from this URL (the latest: "
            f"{LATEST_RELEASE}) when you have a network.",
        ),
    ),
    apply=_apply,
)
