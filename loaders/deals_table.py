"""A researcher's own deal table (``--deals FILE``): one row per money leg, CSV or TSV.

Columns (by header name; ``--deals-columns payer=From,payee=To`` maps other names): ``payer``,
``payee``, ``kind``, ``amount``, ``currency``, ``date``, ``status``, ``source`` (a URL or a name)
and ``quote``; optional ``confidence``, ``title`` and ``end``. Amounts are read as people write
them (``10000000000``, ``10B``, ``$10 billion``, ``10 bn USD``, ``up to $100B``, ``£500m``,
``$1.25B/month``); an empty amount is unknown, and text that is no amount ("Not disclosed",
"10GW of systems") is kept as the deal's ``amount_text``. Names resolve as the Epoch loader's do
(``loaders.resolution``): unknown ones become organizations marked with the file, ambiguous ones
are reported and the row left out. A row that matches a curated deal (same kind and parties,
dates within 90 days) becomes claims beside that deal, so ``conflicts`` shows where the table
and the curated data disagree. All or nothing: a bad row stops the load with its file, line and
column.

    dataset, report = load_deal_tables([Path("my-deals.csv")], load_curated())
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from aigraph.graph.dataset import Dataset
from aigraph.graph.model.amounts import Amount
from aigraph.graph.model.dates import PartialDate
from aigraph.graph.model.records import Citation, Deal, DealClaim, Record, Source
from aigraph.graph.model.vocabulary import (
    DEAL_KINDS,
    KIND_WORDS,
    STATUS_WORDS,
    WILDCARD_STATE,
    Confidence,
    DealKind,
    Period,
    Qualifier,
    SourceKind,
    Status,
    Unit,
)
from aigraph.loaders.contract import Hooks, Input, InputOption, RecordSet
from aigraph.loaders.csv_reading import CsvRow, read_csv
from aigraph.loaders.errors import DatasetError, LoadIssue
from aigraph.loaders.resolution import (
    MATCH_DAYS,
    OrganizationResolver,
    ResolutionReport,
    matching_deal,
    slug,
)

COLUMNS = ("payer", "payee", "kind", "amount", "currency", "date", "status", "source", "quote")
"""The columns a deal table has (``confidence``, ``title`` and ``end`` are optional)."""
OPTIONAL_COLUMNS = ("confidence", "title", "end")
ORIGIN = "deals"
_CURRENCY_SIGNS = {"$": Unit.USD, "us$": Unit.USD, "€": Unit.EUR, "£": Unit.GBP}
_CURRENCY_WORDS = {"usd": Unit.USD, "dollars": Unit.USD, "eur": Unit.EUR, "euros": Unit.EUR}
_CURRENCY_WORDS |= {"gbp": Unit.GBP, "pounds": Unit.GBP}
_SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mm": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "t": 1e12,
    "tn": 1e12,
    "trillion": 1e12,
}
_QUALIFIERS = {
    "up to": Qualifier.UP_TO,
    "as much as": Qualifier.UP_TO,
    "at least": Qualifier.AT_LEAST,
    "more than": Qualifier.AT_LEAST,
    "over": Qualifier.AT_LEAST,
    ">": Qualifier.AT_LEAST,
    "about": Qualifier.ABOUT,
    "approximately": Qualifier.ABOUT,
    "approx.": Qualifier.ABOUT,
    "approx": Qualifier.ABOUT,
    "around": Qualifier.ABOUT,
    "nearly": Qualifier.ABOUT,
    "roughly": Qualifier.ABOUT,
    "~": Qualifier.ABOUT,
}
_PERIODS = {
    "/month": Period.PER_MONTH,
    "a month": Period.PER_MONTH,
    "per month": Period.PER_MONTH,
    "/mo": Period.PER_MONTH,
    "monthly": Period.PER_MONTH,
    "/year": Period.PER_YEAR,
    "a year": Period.PER_YEAR,
    "per year": Period.PER_YEAR,
    "/yr": Period.PER_YEAR,
    "annually": Period.PER_YEAR,
}
_MONEY = re.compile(
    r"^(?:(?P<sign>us\$|\$|€|£)|(?P<prefix>usd|eur|gbp)\s)?\s*(?P<number>\d[\d,]*(?:\.\d+)?)"
    r"\s*(?P<scale>[a-z]+)?\s*(?P<currency>usd|eur|gbp|dollars|euros|pounds)?$",
    re.ASCII,  # digits are 0-9: not every character Unicode counts as a digit
)


class NotAnAmount(ValueError):
    """The text is not an amount of money (kept as the deal's amount text)."""


def read_money(text: str, currency: str = "") -> Amount | None:
    """Return the amount of money ``text`` says, None when it is empty (unknown).

    Raises :class:`NotAnAmount` when the text is not an amount of money ("Not disclosed",
    "10GW of systems"), and ``ValueError`` for a currency that is not one.

    >>> str(read_money("$10 billion")), str(read_money("up to $100B"))
    ('10B USD', 'up to 100B USD')
    >>> str(read_money("10 bn USD")), str(read_money("10000000000", "USD"))
    ('10B USD', '10B USD')
    >>> str(read_money("£500m")), str(read_money("$1.25B/month")), str(read_money("EUR 1.7B"))
    ('500M GBP', '1.25B USD/month', '1.7B EUR')
    >>> read_money("") is None
    True
    """
    raw = " ".join(text.replace("\u00a0", " ").split()).lower()
    if not raw:
        return None
    qualifier = Qualifier.EXACT
    for words, meaning in sorted(_QUALIFIERS.items(), key=lambda item: -len(item[0])):
        if raw.startswith(words):
            qualifier, raw = meaning, raw[len(words) :].strip()
            break
    period = Period.ONE_OFF
    for words, meaning in _PERIODS.items():
        if raw.endswith(words):
            period, raw = meaning, raw[: -len(words)].strip()
            break
    match = _MONEY.match(raw)
    if not match:
        raise NotAnAmount(text)
    scale_word = match.group("scale") or ""
    if scale_word and scale_word not in _SCALES:
        raise NotAnAmount(text)
    unit = _CURRENCY_SIGNS.get(match.group("sign") or "") or _CURRENCY_WORDS.get(
        match.group("currency") or match.group("prefix") or ""
    )
    given = currency.strip().lower()
    if given:
        stated = _CURRENCY_WORDS.get(given) or _CURRENCY_SIGNS.get(given)
        if stated is None:
            raise ValueError(f"unknown currency {currency!r} (USD, EUR or GBP)")
        if unit is not None and unit is not stated:
            raise ValueError(f"the amount says {unit} but the currency column says {currency}")
        unit = stated
    if unit is None:
        raise ValueError(f"no currency for {text!r} (write $, USD, EUR or GBP, or fill currency)")
    value = float(match.group("number").replace(",", "")) * _SCALES.get(scale_word, 1.0)
    return Amount(value=value, unit=unit, period=period, qualifier=qualifier)


def read_kind(text: str) -> DealKind:
    """Return the deal kind a table names (``compute-lease``, ``lease``, ``GPU purchase``)."""
    word = " ".join(text.replace("-", " ").replace("_", " ").split()).lower()
    for kind in DealKind:
        if word == kind.value.replace("-", " "):
            return kind
    if word in KIND_WORDS:
        return KIND_WORDS[word]
    names = ", ".join(k.value for k in DealKind)
    raise ValueError(f"unknown kind {text!r} (one of {names}, or lease, chips, stake, ...)")


def read_status(text: str) -> Status:
    """Return the status a table names (``signed``, ``closed``, ``rumored``); empty is
    ``reported``."""
    word = "-".join(text.strip().lower().split())
    if not word:
        return Status.REPORTED
    for status in Status:
        if word == status.value:
            return status
    if word.replace("-", " ") in STATUS_WORDS:
        return STATUS_WORDS[word.replace("-", " ")]
    raise ValueError(f"unknown status {text!r} (one of {', '.join(s.value for s in Status)})")


class LegSummary(BaseModel):
    """A new leg the table added."""

    deal: str
    payer: str
    payee: str
    kind: str
    amount: str | None
    usd: float | None


class DealTableReport(BaseModel):
    """What a deal table gave: rows, matches with curated deals, new legs, conflicts, names."""

    files: list[str] = Field(default_factory=list)
    rows: int = 0
    matched: list[str] = Field(default_factory=list)
    """Curated deals a row matched (its values became claims beside them)."""
    conflicting: list[str] = Field(default_factory=list)
    """Matched curated deals on which the row disagrees."""
    new: int = 0
    unknown_amounts: int = 0
    """Rows whose amount was empty or no amount ("Not disclosed")."""
    left_out: list[str] = Field(default_factory=list)
    """Rows left out because a name was ambiguous or generic (file:line)."""
    largest_new: list[LegSummary] = Field(default_factory=list)
    organizations: ResolutionReport = Field(default_factory=ResolutionReport)


def column_map(text: str | None) -> dict[str, str]:
    """Return {our column: the table's header} from ``payer=From,payee=To`` (or ``{}``)."""
    mapping: dict[str, str] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        ours, _, theirs = part.partition("=")
        ours = ours.strip().lower()
        if ours not in (*COLUMNS, *OPTIONAL_COLUMNS) or not theirs.strip():
            known = ", ".join((*COLUMNS, *OPTIONAL_COLUMNS))
            raise DatasetError(
                [
                    LoadIssue(
                        "--deals-columns",
                        0,
                        "(option)",
                        part.strip(),
                        f"use NAME=HEADER with NAME one of {known}",
                    )
                ]
            )
        mapping[ours] = theirs.strip()
    return mapping


class _Table:
    """The rows of one table, turned into deals, organizations, sources and claims."""

    def __init__(
        self,
        path: Path,
        columns: Mapping[str, str],
        made: RecordSet,
        resolver: OrganizationResolver,
        curated: Dataset,
        report: DealTableReport,
    ) -> None:
        self.path = path
        self.label = path.name
        self.columns = {name: columns.get(name, name) for name in (*COLUMNS, *OPTIONAL_COLUMNS)}
        self.made = made
        self.resolver = resolver
        self.curated = curated
        self.report = report
        self.claims: dict[str, list[DealClaim]] = {}
        self.origin = f"{ORIGIN}:{self.label}"

    def cell(self, row: CsvRow, name: str) -> str:
        return row.text(self.columns[name])

    def problem(self, row: CsvRow, name: str, reason: str) -> None:
        row.issues.append(
            LoadIssue(row.file, row.line, f"row {row.line}", self.columns[name], reason)
        )

    def rows(self) -> list[CsvRow]:
        delimiter = "\t" if self.path.suffix.lower() in (".tsv", ".tab") else None
        required = tuple(self.columns[name] for name in COLUMNS)
        return list(read_csv(self.path, required, self.label, delimiter=delimiter))

    def source(self, row: CsvRow, text: str) -> str:
        if text.startswith(("http://", "https://")):
            return self.made.url_source(text, slug(self.label), f"deal table {self.label}")
        source_id = f"{slug(self.label)}-src-{slug(text)[:40]}"
        return self.made.source(
            source_id,
            lambda: Source(
                id=source_id,
                title=f"{text} (as cited in {self.label})",
                kind=SourceKind.UNRATED,
                file=str(self.path),
                notes=f"Named as a source by the deal table {self.label}, line {row.line}.",
            ),
        )

    def transform(self, row: CsvRow) -> None:
        quote = self.cell(row, "quote")
        source_text = self.cell(row, "source")
        if not source_text:
            self.problem(row, "source", "every row needs a source (a URL or a name)")
        if not quote:
            self.problem(row, "quote", "every row needs a quote from its source")
        try:
            kind = read_kind(self.cell(row, "kind"))
        except ValueError as exc:
            self.problem(row, "kind", str(exc))
            return
        amount, amount_text = None, None
        try:
            amount = read_money(self.cell(row, "amount"), self.cell(row, "currency"))
        except NotAnAmount:
            amount_text = self.cell(row, "amount")
        except ValidationError as exc:  # a number the model refuses (too large, too small)
            message = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
            self.problem(row, "amount", message)
        except ValueError as exc:
            self.problem(row, "amount", str(exc))
        try:
            status = read_status(self.cell(row, "status"))
        except ValueError as exc:
            self.problem(row, "status", str(exc))
            status = Status.REPORTED
        day = self._date(row, "date")
        end = self._date(row, "end") if self.cell(row, "end") else None
        confidence_text = self.cell(row, "confidence") or Confidence.MEDIUM.value
        if confidence_text not in {c.value for c in Confidence}:
            self.problem(row, "confidence", f"unknown confidence {confidence_text!r}")
        if row.issues or not source_text or not quote:
            return
        try:
            citation = Citation(
                source=self.source(row, source_text), quote=quote, states=[WILDCARD_STATE]
            )
        except ValidationError as exc:
            self.problem(row, "quote", exc.errors()[0]["msg"])
            return
        names = {role: self.cell(row, role) for role in ("payer", "payee")}
        ids: dict[str, str] = {}
        for role, name in names.items():
            if not name:
                self.problem(row, role, f"every row needs a {role}")
                return
            found = self.resolver.resolve(name, self.origin, citation)
            if found is None:
                self.report.left_out.append(f"{self.label}:{row.line} ({name!r})")
                return
            ids[role] = found
        if amount is None:
            self.report.unknown_amounts += 1
        spec = DEAL_KINDS[kind]
        roles = (
            (spec.payer, spec.payee)
            if spec.payer is not None and spec.payee is not None
            else (*spec.required_roles, *spec.optional_roles)[:2]
        )
        parties = {roles[0].value: [ids["payer"]], roles[1].value: [ids["payee"]]}
        matched = self._match(kind, parties, day)
        if matched is not None:
            self._claims(row, matched, amount, status, end, citation)
            return
        title = self.cell(row, "title") or f"{names['payer']} to {names['payee']}: {kind.value}"
        deal_id = self.made.new_id(
            slug(f"{ids['payer']}-{ids['payee']}-{kind.value}-{day or 'undated'}")
        )
        term: dict[str, Any] = {}
        if end is not None:
            term = {"start": day, "end": end} if day is not None else {"end": end}
        deal = self.made.validate(
            row,
            lambda: Deal(
                id=deal_id,
                kind=kind,
                title=title,
                parties=parties,
                status=status,
                confidence=confidence_text,
                announced=day,
                term=term,
                value=amount,
                amount_text=amount_text,
                origin=self.origin,
                citations=[citation],
            ),
        )
        if deal is not None:
            self.made.add(deal)
            self.report.new += 1

    def _date(self, row: CsvRow, name: str) -> PartialDate | None:
        raw = self.cell(row, name)
        if not raw:
            return None
        try:
            return PartialDate.parse(raw)
        except ValueError:
            us = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", raw)
            if us:
                month, day, year = (int(part) for part in us.groups())
                try:
                    return PartialDate.parse(f"{year:04d}-{month:02d}-{day:02d}")
                except ValueError:
                    pass
            self.problem(
                row, name, f"malformed date {raw!r} (YYYY, YYYY-MM, YYYY-MM-DD or M/D/YYYY)"
            )
            return None

    def _match(
        self, kind: DealKind, parties: dict[str, list[str]], day: PartialDate | None
    ) -> Deal | None:
        """Return the curated deal of this kind and these parties within 90 days, if one."""
        return matching_deal(self.curated.deals, (kind,), parties, day, MATCH_DAYS)

    def _claims(
        self,
        row: CsvRow,
        deal: Deal,
        amount: Amount | None,
        status: Status,
        end: PartialDate | None,
        citation: Citation,
    ) -> None:
        """Keep the row's values as claims beside the curated deal."""
        claims = []
        if amount is not None:
            claims.append(DealClaim(value=amount, citations=[citation]))
        if self.cell(row, "status"):
            claims.append(DealClaim(status=status, citations=[citation]))
        if end is not None:
            start = deal.term.start
            if start is not None and end.last_day() < start.first_day():
                self.problem(
                    row, "end", f"end {end} is before the start {start} of the deal {deal.id}"
                )
                return
            claims.append(DealClaim(end=end, citations=[citation]))
        self.claims.setdefault(deal.id, []).extend(claims)
        if deal.id not in self.report.matched:
            self.report.matched.append(deal.id)
        disagrees = (
            (amount is not None and deal.value is not None and not deal.value.agrees_with(amount))
            or (bool(self.cell(row, "status")) and status is not deal.status)
            or (end is not None and deal.term.end is not None and not deal.term.end.overlaps(end))
        )
        if disagrees and deal.id not in self.report.conflicting:
            self.report.conflicting.append(deal.id)


def load_deal_tables(
    paths: Sequence[Path | str], curated: Dataset, columns: str | None = None
) -> tuple[Dataset, DealTableReport]:
    """Return the dataset with the deals of every table in ``paths``, and the report.

    Raises :class:`DatasetError` naming file, line and column when any row is bad; nothing is
    added then.
    """
    mapping = column_map(columns)
    report = DealTableReport()
    made = RecordSet(curated.records)
    resolver = OrganizationResolver(curated.organizations, set(curated.records))
    issues: list[LoadIssue] = []
    tables = []
    for path in (Path(p) for p in paths):
        table = _Table(path, mapping, made, resolver, curated, report)
        tables.append(table)
        report.files.append(path.name)
        for row in table.rows():
            if row.cells:
                report.rows += 1
                table.transform(row)
            issues.extend(row.issues)
    if issues:
        raise DatasetError(issues)
    for organization in resolver.created.values():
        made.records.setdefault(organization.id, organization)
    claims: dict[str, list[DealClaim]] = {}
    for table in tables:
        for deal_id, found in table.claims.items():
            claims.setdefault(deal_id, []).extend(found)
    merged: list[Record] = []
    for record in curated:
        if isinstance(record, Deal) and record.id in claims:
            record = record.model_copy(update={"claims": [*record.claims, *claims[record.id]]})
        merged.append(record)
    dataset = Dataset([*merged, *made.records.values()])
    report.organizations = resolver.report
    new = [r for r in made.records.values() if isinstance(r, Deal)]

    def usd(deal: Deal) -> float | None:
        total = deal.total_value()
        return total.value if total is not None and total.unit is Unit.USD else None

    new.sort(key=lambda d: (-(usd(d) or -1.0), d.id))
    report.largest_new = [
        LegSummary(
            deal=d.id,
            payer=d.payers()[0] if d.payers() else next(iter(d.parties.values()))[0],
            payee=d.payees()[0] if d.payees() else list(d.parties.values())[-1][0],
            kind=d.kind.value,
            amount=str(d.value) if d.value else d.amount_text,
            usd=usd(d),
        )
        for d in new[:10]
    ]
    return dataset, report


def _apply(
    dataset: Dataset | None, values: Mapping[str, Any], hooks: Hooks
) -> tuple[Dataset, DealTableReport | None]:
    assert dataset is not None, "deal tables load beside the curated data"
    paths = values.get("deals") or []
    if not paths:
        if values.get("deals_columns"):
            hooks.warn("--deals-columns is ignored without --deals")
        return dataset, None
    return load_deal_tables(list(paths), dataset, values.get("deals_columns"))


DEALS_INPUT = Input(
    name="deals",
    description="A researcher's own deal table (CSV or TSV, one row per money leg)",
    options=(
        InputOption(
            "--deals",
            "Also load a deal table (CSV or TSV; columns payer, payee, kind, amount, "
            "currency, date, status, source, quote). Repeatable.",
            kind=Path,
            multiple=True,
        ),
        InputOption(
            "--deals-columns",
            "Map the table's headers to ours: payer=From,payee=To,amount=Value,...",
        ),
    ),
    apply=_apply,
)
