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

import calendar
import csv
import hashlib
import io
import math
import re
from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, ValidationError, computed_field

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
    source_kind_of_url,
)
from aigraph.loaders.contract import Hooks, Input, InputOption, RecordSet
from aigraph.loaders.csv_reading import CsvRow, read_csv
from aigraph.loaders.errors import DatasetError, LoadIssue
from aigraph.loaders.reading import InputError, parse_yaml, read_text
from aigraph.loaders.resolution import MATCH_DAYS, OrganizationResolver, ResolutionReport, slug

COLUMNS = ("payer", "payee", "kind", "amount", "date", "source")
"""The columns a deal table must have."""
OPTIONAL_COLUMNS = ("currency", "status", "quote", "confidence", "title", "end")
"""The columns it may have: an absent column reads as empty cells."""
SCOPE_RATIO = 2.0
"""A row that matches a curated deal but whose amount is more than this many times the deal's
(or less than its inverse) is probably of another scope (a programme against one contract):
kept as a claim, flagged in the report."""
NO_QUOTE = "(no quote: {where} cites this source for {what})"
"""The citation text of a row without a quote: says where the citation comes from, and that
it quotes nothing."""
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
    scale_word, currency_word = match.group("scale") or "", match.group("currency")
    if scale_word in _CURRENCY_WORDS and currency_word is None:  # "5000000 USD": no scale
        scale_word, currency_word = "", scale_word
    if scale_word and scale_word not in _SCALES:
        raise NotAnAmount(text)
    unit = _CURRENCY_SIGNS.get(match.group("sign") or "") or _CURRENCY_WORDS.get(
        currency_word or match.group("prefix") or ""
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
        raise ValueError(
            f"no currency for {text!r}: a bare number is not assumed to be dollars (write "
            "$10B, 10B USD, EUR 10B or £10B, or give the row a currency column)"
        )
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
    raise ValueError(f"unknown kind {text!r}; accepted: {accepted_kinds()}")


def accepted_kinds() -> str:
    """Return every word the kind column accepts, kind by kind.

    >>> accepted_kinds().split("; ")[-1]
    'power-purchase (ppa, power purchase, power)'
    """
    parts = []
    for kind in DealKind:
        words = [word for word, meaning in KIND_WORDS.items() if meaning is kind]
        parts.append(f"{kind.value} ({', '.join(words)})" if words else kind.value)
    return "; ".join(parts)


_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        calendar.month_name[number].lower(),
        calendar.month_abbr[number].lower(),
        calendar.month_abbr[number].lower() + ".",
    )
} | {"sept": 9, "sept.": 9}
_HUMAN_DATES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?P<month>[a-z.]+)[ ,-]+(?P<year>\d{4})"), "month"),
    (re.compile(r"(?P<month>[a-z.]+) (?P<day>\d{1,2})(?:st|nd|rd|th)?,? (?P<year>\d{4})"), "day"),
    (re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)? (?P<month>[a-z.]+),? (?P<year>\d{4})"), "day"),
    (re.compile(r"(?P<q>[qh])(?P<part>[1-4])[ ,/'-]*(?P<year>\d{4})"), "part"),
    (re.compile(r"(?P<year>\d{4})[ ,/-]*(?P<q>[qh])(?P<part>[1-4])"), "part"),
    (re.compile(r"(?P<part>[1-4])(?P<q>[qh])[ ,/'-]*(?P<year>\d{4})"), "part"),
    (re.compile(r"(?P<fy>fy|cy) ?(?P<year>\d{4})"), "year"),
    (re.compile(r"(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})"), "us"),
]
DATE_FORMS = (
    "YYYY, YYYY-MM, YYYY-MM-DD, M/D/YYYY, Dec 2025, December 2025, Dec 5 2025, 5 Dec 2025, "
    "Q3 2026, 2026-Q3, H2 2026, 2026-H2"
)


def read_date(text: str) -> PartialDate | None:
    """Return the date a table writes, keeping its precision; None when empty.

    Raises ``ValueError`` naming the forms accepted.

    >>> [str(read_date(t)) for t in ("Dec 2025", "December 2025", "Q3 2026", "H2 2026", "2025")]
    ['2025-12', '2025-12', '2026-Q3', '2026-H2', '2025']
    >>> [str(read_date(t)) for t in ("1/23/2023", "Sept. 5, 2025", "3Q 2026", "2025-12-01")]
    ['2023-01-23', '2025-09-05', '2026-Q3', '2025-12-01']
    """
    raw = " ".join(text.replace("\u00a0", " ").split())
    if not raw:
        return None
    try:
        return PartialDate.parse(raw.upper())
    except ValueError as exc:
        if re.fullmatch(r"\d{4}(-\d{2}){0,2}", raw):  # an ISO form that is out of range
            raise ValueError(f"{exc} (accepted: {DATE_FORMS})") from None
    try:
        found = _human_date(raw.lower())
    except ValueError as exc:  # a day, half or quarter that does not exist
        reason = str(exc).split(": ", 1)[-1]
        if reason.startswith("expected"):
            reason = f"accepted: {DATE_FORMS}"
        raise ValueError(f"malformed date {text!r}: {reason}") from None
    if found is None:
        raise ValueError(f"malformed date {text!r} (accepted: {DATE_FORMS})")
    return found


def _human_date(lower: str) -> PartialDate | None:
    """Return the date of a month, quarter, half or year written in words, None if none."""
    for pattern, form in _HUMAN_DATES:
        match = pattern.fullmatch(lower)
        if match is None:
            continue
        found = match.groupdict()
        year = int(found["year"])
        if form == "part":
            return PartialDate.parse(f"{year}-{found['q'].upper()}{found['part']}")
        if form == "year":
            return PartialDate.parse(str(year))
        if form == "us":
            month = int(found["month"])
        elif found["month"] in _MONTHS:
            month = _MONTHS[found["month"]]
        else:
            break
        if form == "month":
            return PartialDate.parse(f"{year:04d}-{month:02d}")
        return PartialDate.parse(f"{year:04d}-{month:02d}-{int(found['day']):02d}")
    return None


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


class RowOutcome(BaseModel):
    """What became of one row of a deal table (``aigraph build --deals FILE --rows``)."""

    row: str
    """``file:line``."""
    payer: str
    payee: str
    kind: str
    amount: str
    """The amount cell as written."""
    amount_read: bool
    """Whether the cell gave an amount (False: empty, "Not disclosed", ...)."""
    quoted: bool
    outcome: str
    """``matched`` (its values are claims beside a curated deal), ``new`` (a deal of its own)
    or ``left out`` (a name was ambiguous or generic)."""
    deal: str | None = None
    """The curated deal it matched, or the deal it became."""
    conflicts: bool = False
    """Whether it disagrees with the deal it matched."""
    scope_ratio: float | None = None
    """Its amount over the matched deal's when far apart (probably another scope)."""


class DealTableReport(BaseModel):
    """What a deal table gave: rows, matches with curated deals, new legs, conflicts, names."""

    files: list[str] = Field(default_factory=list)
    rows: int = 0
    matched: list[str] = Field(default_factory=list)
    """Curated deals a row matched (its values became claims beside them)."""
    conflicting: list[str] = Field(default_factory=list)
    """Matched curated deals on which the row disagrees."""
    different_scope: list[str] = Field(default_factory=list)
    """Rows that matched a curated deal with an amount more than twice (or under half) the
    deal's: probably a programme against one contract (kept as claims, so flagged)."""
    new: int = 0
    left_out: list[str] = Field(default_factory=list)
    """Rows left out because a name was ambiguous or generic (file:line)."""
    largest_new: list[LegSummary] = Field(default_factory=list)
    row_outcomes: list[RowOutcome] = Field(default_factory=list)
    """Every row read, in file order: matched, new or left out (``build --rows`` prints it)."""
    organizations: ResolutionReport = Field(default_factory=ResolutionReport)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def unknown_amount_rows(self) -> list[str]:
        """The rows loaded whose amount was empty or no amount ("Not disclosed"):
        ``file:line payer -> payee (what the amount cell said)``."""
        return [
            f"{row.row} {row.payer} -> {row.payee} ({row.amount or 'empty'})"
            for row in self.row_outcomes
            if row.outcome != "left out" and not row.amount_read
        ]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def unknown_amounts(self) -> int:
        """How many rows loaded have no amount (see ``unknown_amount_rows``)."""
        return len(self.unknown_amount_rows)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def without_quote(self) -> list[str]:
        """Rows with no quote (file:line): their source is cited with no quote and their
        confidence is one step lower."""
        return [row.row for row in self.row_outcomes if not row.quoted]


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
        sources: dict[str, str],
    ) -> None:
        self.path = path
        self.label = path.name
        self.columns = {name: columns.get(name, name) for name in (*COLUMNS, *OPTIONAL_COLUMNS)}
        self.made = made
        self.resolver = resolver
        self.curated = curated
        self.report = report
        self.sources = sources
        """The source id of every URL or name cited so far (by every table of the load)."""
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
        """Return the id of the source a row cites: the curated source with this URL, else
        one named after the URL's address (``reuters-com-technology-...``) or the name."""
        if text in self.sources:
            return self.sources[text]
        is_url = text.startswith(("http://", "https://"))
        base = url_slug(text) if is_url else _cut(slug(text))
        source_id = base
        if source_id in self.made.taken:  # another URL or name, or a curated record
            source_id = f"{base}-{hashlib.sha1(text.encode()).hexdigest()[:6]}"
        source_id = self.made.new_id(source_id)
        where = f"the deal table {self.label}, line {row.line}"
        if is_url:
            host = urlsplit(text).netloc.lower().removeprefix("www.") or text[:60]
            source = Source(
                id=source_id,
                title=f"{host} (cited by {self.label})",
                kind=source_kind_of_url(text),
                url=text,
                notes=f"A source URL of {where}.",
            )
        else:
            source = Source(
                id=source_id,
                title=f"{text} (as cited in {self.label})",
                kind=SourceKind.UNRATED,
                file=str(self.path),
                notes=f"Named as a source by {where}.",
            )
        self.made.add(source)
        self.sources[text] = source_id
        return source_id

    def transform(self, row: CsvRow) -> None:
        quote = self.cell(row, "quote")
        source_text = self.cell(row, "source")
        if not source_text:
            self.problem(row, "source", "every row needs a source (a URL or a name)")
        elif source_text.startswith(("http://", "https://")):
            try:
                urlsplit(source_text)
            except ValueError as exc:  # "https://a[b.org": a bracket outside an IPv6 host
                self.problem(row, "source", f"not a valid URL: {exc}")
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
        names = {role: self.cell(row, role) for role in ("payer", "payee")}
        for role, name in names.items():
            if not name:
                self.problem(row, role, f"every row needs a {role}")
        if row.issues or not source_text:
            return
        confidence = Confidence(confidence_text)
        if not quote:  # the source is cited with no quote: one step less confident
            confidence = list(Confidence)[max(confidence.rank - 1, 0)]
            said = self.cell(row, "amount") or "amount not given"
            quote = NO_QUOTE.format(
                where=f"{self.label} line {row.line}",
                what=f"{names['payer']} -> {names['payee']}, {kind.value}, {said}, "
                f"{self.cell(row, 'date') or 'undated'}",
            )[:600]
        try:
            citation = Citation(
                source=self.source(row, source_text), quote=quote, states=[WILDCARD_STATE]
            )
        except ValidationError as exc:
            self.problem(row, "quote", exc.errors()[0]["msg"])
            return
        outcome = RowOutcome(
            row=f"{self.label}:{row.line}",
            payer=names["payer"],
            payee=names["payee"],
            kind=kind.value,
            amount=self.cell(row, "amount"),
            amount_read=amount is not None,
            quoted=bool(self.cell(row, "quote")),
            outcome="left out",
        )
        self.report.row_outcomes.append(outcome)
        ids: dict[str, str] = {}
        for role, name in names.items():
            found = self.resolver.resolve(name, self.origin, citation)
            if found is None:
                self.report.left_out.append(f"{self.label}:{row.line} ({name!r})")
                return
            ids[role] = found
        spec = DEAL_KINDS[kind]
        roles = (
            (spec.payer, spec.payee)
            if spec.payer is not None and spec.payee is not None
            else (*spec.required_roles, *spec.optional_roles)[:2]
        )
        parties = {roles[0].value: [ids["payer"]], roles[1].value: [ids["payee"]]}
        matched = self._match(kind, parties, day, amount)
        if matched is not None:
            outcome.outcome, outcome.deal = "matched", matched.id
            outcome.conflicts, outcome.scope_ratio = self._claims(
                row, matched, amount, status, end, citation
            )
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
                confidence=confidence,
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
            outcome.outcome, outcome.deal = "new", deal.id

    def _date(self, row: CsvRow, name: str) -> PartialDate | None:
        try:
            return read_date(self.cell(row, name))
        except ValueError as exc:
            self.problem(row, name, str(exc))
            return None

    def _match(
        self,
        kind: DealKind,
        parties: dict[str, list[str]],
        day: PartialDate | None,
        amount: Amount | None,
    ) -> Deal | None:
        """Return the curated deal of this kind and these parties within 90 days, if one: of
        several, the one whose amount agrees, else the closest in amount, else in date."""
        found: list[tuple[tuple[int, float, int], Deal]] = []
        for deal in self.curated.deals:
            if deal.kind is not kind:
                continue
            theirs = {role.value: sorted(ids) for role, ids in deal.parties.items()}
            if any(sorted(ids) != theirs.get(role) for role, ids in parties.items()):
                continue
            began = deal.began
            if day is None or began is None:
                if day is None and began is None:
                    found.append((_closeness(deal, amount, 0), deal))
                continue
            apart = abs((day.first_day() - began.first_day()).days)
            if apart <= MATCH_DAYS or (
                day.first_day() <= began.last_day() + timedelta(days=MATCH_DAYS)
                and began.first_day() <= day.last_day() + timedelta(days=MATCH_DAYS)
            ):
                found.append((_closeness(deal, amount, apart), deal))
        return min(found, key=lambda item: (item[0], item[1].id))[1] if found else None

    def _claims(
        self,
        row: CsvRow,
        deal: Deal,
        amount: Amount | None,
        status: Status,
        end: PartialDate | None,
        citation: Citation,
    ) -> tuple[bool, float | None]:
        """Keep the row's values as claims beside the curated deal; return whether the row
        disagrees with it, and its amount's ratio to the deal's when probably another scope."""
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
                return False, None
            claims.append(DealClaim(end=end, citations=[citation]))
        self.claims.setdefault(deal.id, []).extend(claims)
        if deal.id not in self.report.matched:
            self.report.matched.append(deal.id)
        scope = _scope_ratio(deal, amount) if amount is not None else None
        if scope is not None and amount is not None:
            ours = _comparable(deal, amount)
            self.report.different_scope.append(
                f"{self.label}:{row.line} {self.cell(row, 'payer')} -> {self.cell(row, 'payee')}: "
                f"{amount} is {scope:.2g}x {deal.id} ({ours}): probably another scope (a "
                "programme against one contract); kept as a conflicting claim"
            )
        disagrees = scope is not None or (
            (amount is not None and deal.value is not None and not deal.value.agrees_with(amount))
            or (bool(self.cell(row, "status")) and status is not deal.status)
            or (end is not None and deal.term.end is not None and not deal.term.end.overlaps(end))
        )
        if disagrees and deal.id not in self.report.conflicting:
            self.report.conflicting.append(deal.id)
        return disagrees, scope


def _closeness(deal: Deal, amount: Amount | None, apart: int) -> tuple[int, float, int]:
    """Return how well a row of ``amount``, ``apart`` days from the deal, fits the deal (less
    is better): an agreeing amount first, then the nearest in amount, then in date."""
    ours = _comparable(deal, amount) if amount is not None else None
    if ours is None or amount is None:
        return (1, math.inf, apart)
    if ours.agrees_with(amount):
        return (0, 0.0, apart)
    return (1, abs(math.log(amount.value / ours.value)), apart)


def _comparable(deal: Deal, amount: Amount) -> Amount | None:
    """Return the deal's amount to set beside a row's: a rate of the same period, or for a sum
    the deal's value or total; None when there is none in the same currency (or it is zero)."""
    ours = deal.value if deal.value is not None and deal.value.period is amount.period else None
    if ours is None and amount.period is Period.ONE_OFF:
        ours = deal.total_value()
    if ours is None or ours.unit is not amount.unit or not ours.value or not amount.value:
        return None
    return ours


def _scope_ratio(deal: Deal, amount: Amount) -> float | None:
    """Return the row's amount over the deal's when it is more than :data:`SCOPE_RATIO` times
    it or less than its inverse (None when they are alike or cannot be compared): like with
    like, a rate with a rate of the same period, a sum with the deal's value or total."""
    ours = _comparable(deal, amount)
    if ours is None:
        return None
    ratio = amount.value / ours.value
    return ratio if ratio > SCOPE_RATIO or ratio < 1 / SCOPE_RATIO else None


def url_slug(url: str) -> str:
    """Return a readable id for a URL: its address without ``www.``, then its path.

    >>> url_slug("https://www.reuters.com/technology/microsoft-nscale-narvik-2025-12-01/")
    'reuters-com-technology-microsoft-nscale-narvik-2025-12-01'
    """
    parts = urlsplit(url)
    host = parts.netloc.lower().split("@")[-1].split(":")[0].removeprefix("www.")
    return _cut(slug(" ".join((host, parts.path, parts.query))))


def _cut(text: str, limit: int = 64) -> str:
    """Return a slug of at most ``limit`` characters, cut after a whole word when it can be."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    return cut.rsplit("-", 1)[0] if "-" in cut[limit // 2 :] else cut.rstrip("-")


_ORG_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def read_aliases(path: Path | str) -> dict[str, str]:
    """Return {name in a table: organization id} from a two-column CSV (``name,id``; the
    header is optional) or a YAML mapping (``Microsoft Azure: microsoft``).

    Raises :class:`DatasetError` naming the file, line and what is wrong.
    """
    path = Path(path)
    label = path.name
    issues: list[LoadIssue] = []
    pairs: list[tuple[int, str, str]] = []
    try:
        text = read_text(path)
        if path.suffix.lower() in (".yaml", ".yml"):
            data = parse_yaml(text)
            if not isinstance(data, dict):
                raise InputError(1, 0, "expected a mapping of names to organization ids")
            line = getattr(data, "line", 1)
            pairs = [(line, str(k), v if isinstance(v, str) else repr(v)) for k, v in data.items()]
        else:
            reader = csv.reader(io.StringIO(text, newline=""))
            for values in reader:
                line = reader.line_num
                cells = [value.strip() for value in values]
                if not any(cells) or (line == 1 and [c.lower() for c in cells] == ["name", "id"]):
                    continue
                if len(cells) != 2:
                    issues.append(
                        LoadIssue(label, line, f"line {line}", "", "write two cells: name,id")
                    )
                    continue
                pairs.append((line, cells[0], cells[1]))
    except OSError as exc:
        issues.append(LoadIssue(label, 0, "(file)", "", f"cannot read: {exc.strerror or exc}"))
    except (InputError, csv.Error) as exc:
        line = getattr(exc, "line", 0)
        issues.append(LoadIssue(label, line, "(file)", "", getattr(exc, "reason", str(exc))))
    aliases: dict[str, str] = {}
    for line, name, org_id in pairs:
        if not name.strip():
            issues.append(LoadIssue(label, line, f"line {line}", "name", "empty name"))
        elif not _ORG_ID.fullmatch(org_id):
            reason = f"{org_id!r} is not an organization id (lower case and hyphens: microsoft)"
            issues.append(LoadIssue(label, line, f"line {line}", "id", reason))
        elif aliases.get(name, org_id) != org_id:
            reason = f"{name!r} is already an alias of {aliases[name]}"
            issues.append(LoadIssue(label, line, f"line {line}", "name", reason))
        else:
            aliases[name] = org_id
    if issues:
        raise DatasetError(issues)
    return aliases


def load_deal_tables(
    paths: Sequence[Path | str],
    curated: Dataset,
    columns: str | None = None,
    aliases: Path | str | None = None,
) -> tuple[Dataset, DealTableReport]:
    """Return the dataset with the deals of every table in ``paths``, and the report.

    ``aliases`` is a file of names the tables use and the organization id each names (see
    :func:`read_aliases`); the cloud brands (Azure, AWS, Google Cloud, OCI) are known anyway.
    Raises :class:`DatasetError` naming file, line and column when any row is bad; nothing is
    added then.
    """
    mapping = column_map(columns)
    report = DealTableReport()
    made = RecordSet(curated.records)
    resolver = OrganizationResolver(
        curated.organizations,
        set(curated.records),
        aliases=read_aliases(aliases) if aliases else None,
        brands=True,
    )
    sources = {r.url: r.id for r in curated if isinstance(r, Source) and r.url}
    issues: list[LoadIssue] = []
    tables = []
    for path in (Path(p) for p in paths):
        table = _Table(path, mapping, made, resolver, curated, report, sources)
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
        for option in ("deals_columns", "deals_aliases"):
            if values.get(option):
                hooks.warn(f"--{option.replace('_', '-')} is ignored without --deals")
        return dataset, None
    return load_deal_tables(
        list(paths), dataset, values.get("deals_columns"), values.get("deals_aliases")
    )


DEALS_INPUT = Input(
    name="deals",
    description="A researcher's own deal table (CSV or TSV, one row per money leg)",
    options=(
        InputOption(
            "--deals",
            "Also load a deal table (CSV or TSV; columns payer, payee, kind, amount, date, "
            "source; optional currency, status, quote, confidence, title, end). Repeatable.",
            kind=Path,
            multiple=True,
        ),
        InputOption(
            "--deals-columns",
            "Map the table's headers to ours: payer=From,payee=To,amount=Value,...",
        ),
        InputOption(
            "--deals-aliases",
            "Names the deal tables use for organizations: a CSV of name,id (or a YAML "
            "mapping), e.g. 'MSFT,microsoft'.",
            kind=Path,
        ),
    ),
    apply=_apply,
)
