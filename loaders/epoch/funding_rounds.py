"""Epoch's AI companies' funding rounds (``ai_companies_funding_rounds.csv``): each row a
funding-round deal of the investee (the file names no investors, so no money flow)."""

from __future__ import annotations

from typing import ClassVar

from aigraph.graph.model.amounts import Amount, Unit
from aigraph.graph.model.records import Citation, Deal, Term
from aigraph.graph.model.vocabulary import Confidence, DealKind, Instrument, PartyRole, Status
from aigraph.loaders.contract import FileLoader
from aigraph.loaders.csv_reading import CsvRow
from aigraph.loaders.epoch.context import ROW_STATES, EpochContext
from aigraph.loaders.epoch.format import FILES, ID_PREFIX, ROUND_CONFIDENCE, ROUND_STATUS, quote
from aigraph.loaders.resolution import slug

KIND = "funding_rounds"


class FundingRounds(FileLoader):
    """Rows of ``ai_companies_funding_rounds.csv`` -> funding-round deals."""

    file_name: ClassVar[str] = FILES[KIND]
    required: ClassVar[tuple[str, ...]] = ("Company", "Funding (equity)")

    def __init__(self, context: EpochContext) -> None:
        self.context = context

    def transform(self, row: CsvRow) -> None:
        """Make the deal of one funding-round row."""
        context, made = self.context, self.context.made
        company = row.text("Company")
        investee = context.organization(KIND, company) if company else None
        if investee is None:
            row.problem("Company", f"cannot resolve company {company!r}")
            return
        equity, debt = row.number("Funding (equity)"), row.number("Funding (debt)")
        valuation = row.number("Valuation (post-money)")
        closed, reported = row.date("Close date"), row.date("Report date")
        status = ROUND_STATUS.get(row.text("Status").lower(), Status.REPORTED)
        confidence = ROUND_CONFIDENCE.get(row.text("Confidence").lower(), Confidence.MEDIUM)
        total = (equity or 0) + (debt or 0)
        label = row.text("Id") or str(closed or reported or row.line)
        notes = quote(row.text("Notes"), f"{company} {label}")
        deal = made.validate(
            row,
            lambda: Deal(
                id=made.new_id(f"{ID_PREFIX}-round-" + slug(f"{company} {label}")[:60]),
                kind=DealKind.FUNDING_ROUND,
                title=f"{company} funding round ({label})",
                parties={PartyRole.INVESTEE: [investee]},
                status=status,
                confidence=confidence,
                announced=closed or reported,
                term=Term(start=closed) if closed else Term(),
                value=Amount(value=total, unit=Unit.USD) if total else None,
                valuation=Amount(value=valuation, unit=Unit.USD) if valuation else None,
                instrument=Instrument.DEBT if not equity and debt else Instrument.EQUITY,
                origin=f"{ID_PREFIX}:{KIND}",
                notes=(
                    f"Equity {equity or 0:,.0f} USD, debt {debt or 0:,.0f} USD. "
                    f"Type: {row.text('Type') or 'n/a'}."
                ),
                citations=[
                    Citation(source=context.dataset_source(KIND), quote=notes, states=ROW_STATES)
                ],
            ),
        )
        if deal is not None:
            made.add(deal)
