"""The map's deals (``deals/<id>.yml``, or a release's ``deals.json``): each a deal beside the
existing ones, or claims on the existing deal it is.

A deal's type gives its kind and which end pays (``format.TYPES``); its parties resolve through
the shared resolver; one that matches an existing deal (the same parties in the same roles, a
kind that can be the same deal, dates within 90 days) becomes a value claim beside it, the
others new deals marked ``origin: deal-map``. Every value cites the deal's own file, a source
of kind ``dataset`` whose address is the deal's ``source_url``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from aigraph.graph.model.amounts import Amount
from aigraph.graph.model.dates import PartialDate
from aigraph.graph.model.records import Citation, Deal, DealClaim
from aigraph.graph.model.vocabulary import Confidence, DealKind, PartyRole, Period, Status
from aigraph.loaders.contract import FileLoader, Progress
from aigraph.loaders.csv_reading import CsvRow
from aigraph.loaders.deal_map.context import ROW_STATES, DealMapContext
from aigraph.loaders.deal_map.format import (
    DATE,
    DEAL_FIELDS,
    DEALS_DIR,
    DEALS_JSON,
    ID_PREFIX,
    ORIGIN,
    SELF,
    SLUG,
    SOURCE_PAYS,
    TYPES,
    deal_kind,
    read_value,
    seller_is_source,
)
from aigraph.loaders.deal_map.rows import MapRow, json_rows, yaml_rows
from aigraph.loaders.resolution import matching_deal

MAX_QUOTE = 600
STATUS = Status.REPORTED
"""The map gives no status: every deal it lists is public and sourced (reported)."""
CONFIDENCE = Confidence.MEDIUM


def roles_of(kind: DealKind) -> tuple[PartyRole, PartyRole]:
    """Return the (paying or acting, paid or acted-on) roles of a kind: customer and supplier,
    investor and investee, acquirer and target."""
    spec = kind.spec
    if spec.payer is not None and spec.payee is not None:
        return spec.payer, spec.payee
    first, *rest = (*spec.required_roles, *spec.optional_roles)
    return first, rest[0]


_MONTHS = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|q[1-4]|h[12]", re.I)


def year_only(display: str, raw_date: str) -> bool:
    """Return True when the record's ``date_display`` gives only the year of its ``date``
    ("2025", "Late 2025"): its month is then a placeholder and the date is read as that year.

    >>> year_only("2025", "2025-06"), year_only("Late 2025", "2025-12")
    (True, True)
    >>> year_only("Jun 2025", "2025-06"), year_only("FY2024", "2024-01"), year_only("", "2025-06")
    (False, False, False)
    """
    year = raw_date[:4]
    return (
        bool(display)
        and year in display
        and not _MONTHS.search(display)
        and "fy" not in display.lower()
        and not re.search(r"\d{4}-\d{2}", display)
    )


def _quote(row: MapRow) -> str:
    head = ", ".join(part for part in (row.text("value_display"), row.text("date_display")) if part)
    text = re.sub(r"\s+", " ", f"{head}: {row.text('description')}" if head else "").strip()
    text = text or row.text("description") or row.text("id")
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 3] + "..."


class Deals(FileLoader):
    """Deal records -> deals, or claims beside the existing deal each one is."""

    file_name: ClassVar[str] = DEALS_DIR
    required: ClassVar[tuple[str, ...]] = DEAL_FIELDS
    description: ClassVar[str] = "one deal a record: a directed, typed, dated, sourced edge"

    def __init__(self, context: DealMapContext) -> None:
        self.context = context
        self.seen: set[str] = set()

    def read(self, path: Path, label: str, progress: Progress | None = None) -> list[CsvRow]:
        """Return one row per deal: every ``*.yml`` of the directory ``path`` (sorted), or the
        records of ``deals.json``."""
        if path.is_file():
            return list(json_rows(path, label, "deal"))
        rows: list[CsvRow] = []
        files = sorted(p for p in path.glob("*.y*ml") if p.is_file())
        for number, file in enumerate(files, start=1):
            rows.extend(yaml_rows(file, f"{label}/{file.name}", "deal", many=False))
            if progress:
                progress(f"{DEALS_DIR}/", number, len(files))
        return rows

    def _check(self, row: MapRow) -> tuple[PartialDate | None, Amount | None]:
        """Record every problem of the row's fields; return its date and amount."""
        for name in self.required:
            if not row.text(name):
                row.problem(name, "required field is missing")
        deal_id = row.text("id")
        if deal_id and not SLUG.fullmatch(deal_id):
            row.problem("id", f"not a kebab-case slug: {deal_id!r}")
        stem = Path(row.file).stem
        if row.file.endswith((".yml", ".yaml")) and deal_id and stem != deal_id:
            row.problem("id", f"the file of deal {deal_id!r} is named {stem!r}")
        if deal_id in self.seen:
            row.problem("id", f"deal {deal_id!r} is listed twice")
        self.seen.add(deal_id)
        for name in ("source_slug", "target_slug"):
            slug = row.text(name)
            if slug and slug not in self.context.companies:
                row.problem(name, f"no company {slug!r} in the companies file")
        deal_type = row.text("deal_type")
        if deal_type and deal_type not in TYPES:
            row.problem("deal_type", f"unknown deal type {deal_type!r} (one of {', '.join(TYPES)})")
        url = row.text("source_url")
        if url and not url.startswith("https://"):
            row.problem("source_url", f"not an https:// address: {url!r}")
        day = None
        raw_date = row.text("date")
        if raw_date:
            try:
                if not DATE.fullmatch(raw_date):
                    raise ValueError
                day = PartialDate.parse(raw_date)
                if year_only(row.text("date_display"), raw_date):
                    day = PartialDate.parse(raw_date[:4])
            except ValueError:
                row.problem("date", f"malformed date {raw_date!r} (YYYY-MM or YYYY-MM-DD)")
        amount = None
        value = row.values.get("value_billions")
        if value is not None:
            if isinstance(value, bool) or not isinstance(value, int | float):
                row.problem("value_billions", f"not a number: {value!r}")
            elif value < 0 or value != value or value in (float("inf"), float("-inf")):
                row.problem("value_billions", f"not a finite amount of 0 or more: {value!r}")
            else:
                display = row.values.get("value_display")
                if display is not None and not isinstance(display, str):
                    row.problem("value_display", f"not text: {display!r}")
                try:
                    amount = read_value(float(value), row.text("value_display"))
                except ValueError as exc:  # the model refuses the figure (too large)
                    row.problem("value_billions", str(exc).splitlines()[-1].strip())
        return day, amount

    def transform(self, row: CsvRow) -> None:
        """Make the deal of one record, or its claims beside the existing deal it is."""
        assert isinstance(row, MapRow)
        context, made, report = self.context, self.context.made, self.context.report
        day, amount = self._check(row)
        if row.issues:
            return
        deal_id, deal_type = row.text("id"), row.text("deal_type")
        report.by_type[deal_type] = report.by_type.get(deal_type, 0) + 1
        spec = TYPES[deal_type]
        source = context.companies[row.text("source_slug")]
        target = context.companies[row.text("target_slug")]
        citation = Citation(
            source=context.deal_source_id(deal_id), quote=_quote(row), states=ROW_STATES
        )
        companies_file = context.companies_file
        if spec.direction == SELF or source.slug == target.slug:
            kind = DealKind.FUNDING_ROUND
            payer, payee = (None, target) if source.slug == target.slug else (source, target)
        elif spec.direction == SOURCE_PAYS:
            kind, payer, payee = spec.kind, source, target
        elif seller_is_source(deal_type, source.category, target.category):
            payer, payee = target, source
            kind = deal_kind(deal_type, source.category)
        else:
            payer, payee = source, target
            kind = deal_kind(deal_type, target.category)
        payee_id = context.organization(payee.slug, companies_file)
        payer_id = context.organization(payer.slug, companies_file) if payer else None
        if payer is not None and payer_id is None and kind is DealKind.INVESTMENT:
            kind, payer = DealKind.FUNDING_ROUND, None  # investors unnamed ("Multiple")
        missing = [c for c, found in ((payer, payer_id), (payee, payee_id)) if c and not found]
        if missing or payee_id is None:
            report.unresolved[deal_id] = ", ".join(c.name for c in missing or [payee])
            return
        first, second = roles_of(kind)
        parties = {second.value: [payee_id]} | ({first.value: [payer_id]} if payer_id else {})
        matched = None
        for candidate in dict.fromkeys((kind, *spec.same_kinds)):
            mine, theirs = roles_of(candidate)
            wanted = {theirs.value: [payee_id], mine.value: [payer_id] if payer_id else []}
            matched = matched or matching_deal(
                context.existing.deals, (candidate,), wanted, day, nearest=True
            )
        if matched is not None:
            self._claim(deal_id, matched, amount, citation)
            if amount is not None:  # the claim cites the deal's file
                context.deal_source(deal_id, row.file, row.text("source_url"))
            return
        made_deal = made.validate(
            row,
            lambda: Deal(
                id=made.new_id(f"{ID_PREFIX}-{deal_id}"),
                kind=kind,
                title=f"{source.name} -> {target.name}: {deal_type.replace('_', ' ')}"
                f" ({row.text('date_display')})",
                parties=parties,
                status=STATUS,
                confidence=CONFIDENCE,
                announced=day,
                value=amount,
                amount_text=None if amount else (row.text("value_display") or None),
                origin=ORIGIN,
                notes=f"compute-deal-map-data deal {deal_id}: {deal_type}, "
                f"{source.slug} -> {target.slug}.",
                citations=[citation],
            ),
        )
        if made_deal is not None:
            context.deal_source(deal_id, row.file, row.text("source_url"))
            made.add(made_deal)
            report.new.append(made_deal.id)
            if amount is None:
                report.unknown_amounts += 1

    def _claim(self, deal_id: str, deal: Deal, amount: Amount | None, citation: Citation) -> None:
        """Keep the map's value as a claim beside the existing deal it is: on its value, or,
        when that is a rate and the map's a sum, on its total."""
        report = self.context.report
        report.matched[deal_id] = deal.id
        if amount is None:
            return
        as_total = (
            deal.value is not None
            and deal.value.period is not Period.ONE_OFF
            and amount.period is Period.ONE_OFF
        )
        claim = DealClaim(reported_total=amount, citations=[citation]) if as_total else None
        self.context.claims.setdefault(deal.id, []).append(
            claim or DealClaim(value=amount, citations=[citation])
        )
        theirs = [deal.reported_total, deal.derived_total()] if as_total else [deal.value]
        known = [value for value in theirs if value is not None]
        if known and not any(value.agrees_with(amount) for value in known):
            report.conflicting[deal_id] = deal.id


DEAL_FILES = (DEALS_DIR, DEALS_JSON)
