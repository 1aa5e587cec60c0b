"""The map's companies (``companies.yml`` or a release's ``companies.json``): slug, name and
category, kept for the deals to name their parties by (resolved when a deal uses one)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from aigraph.loaders.contract import FileLoader, Progress
from aigraph.loaders.csv_reading import CsvRow
from aigraph.loaders.deal_map.context import Company, DealMapContext
from aigraph.loaders.deal_map.format import (
    CATEGORY_ROLES,
    COMPANIES_JSON,
    COMPANIES_YML,
    COMPANY_FIELDS,
    SLUG,
)
from aigraph.loaders.deal_map.rows import MapRow, json_rows, yaml_rows


class Companies(FileLoader):
    """Records of ``companies.yml`` (or ``companies.json``) -> the map's companies by slug."""

    file_name: ClassVar[str] = COMPANIES_YML
    required: ClassVar[tuple[str, ...]] = COMPANY_FIELDS
    description: ClassVar[str] = "the companies deals name by slug"

    def __init__(self, context: DealMapContext) -> None:
        self.context = context

    def read(self, path: Path, label: str, progress: Progress | None = None) -> list[CsvRow]:
        """Return one row per company (a JSON array when the file is ``.json``)."""
        if path.suffix == ".json":
            return list(json_rows(path, label, "company"))
        return list(yaml_rows(path, label, "company", many=True))

    def transform(self, row: CsvRow) -> None:
        """Keep one company; every missing or malformed field is a problem on its row."""
        assert isinstance(row, MapRow)
        for name in self.required:
            if not row.text(name):
                row.problem(name, "required field is missing")
        slug, category = row.text("slug"), row.text("category")
        if slug and not SLUG.fullmatch(slug):
            row.problem("slug", f"not a kebab-case slug: {slug!r}")
        if category and category not in CATEGORY_ROLES:
            known = ", ".join(CATEGORY_ROLES)
            row.problem("category", f"unknown category {category!r} (one of {known})")
        if slug in self.context.companies:
            row.problem("slug", f"company {slug!r} is listed twice")
        if row.issues:
            return
        self.context.companies[slug] = Company(slug, row.text("name"), category)


COMPANY_FILES = (COMPANIES_YML, COMPANIES_JSON)
