"""compute-deal-map-data's format: its files, its credit line, and its words (deal types,
company categories, ``value_display``) mapped to the project's controlled words
(``graph.model.vocabulary``).

A deal of the map is a directed edge ``source_slug -> target_slug``. Its README says the
direction is "the flow of money / chips / equity"; read against the deals' descriptions, the
edge follows what is sold for the commercial types (the seller is the source, the buyer the
target) and money for the financial ones (the investor or acquirer is the source). :data:`TYPES`
says, type by type, which end pays; where the map's own records go both ways (cloud capacity,
GPU purchases) the company categories decide, as each :class:`TypeSpec` states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aigraph.graph.model.amounts import Amount
from aigraph.graph.model.vocabulary import DealKind, OrgRole, Period, Qualifier, Unit

PUBLISHER = "Justin Wang (compute-deal-map-data)"
LICENCE = "CC BY 4.0"
CREDIT = "compute-deal-map-data by Justin Wang, CC BY 4.0"
"""The attribution its licence asks for, shown wherever its data is."""
REPOSITORY = "https://github.com/jstwng/compute-deal-map-data"
LATEST_RELEASE = f"{REPOSITORY}/releases/latest/download/"
"""The base URL of the newest release's ``deals.json`` and ``companies.json``."""
ID_PREFIX = "dealmap"
ORIGIN = "deal-map"
"""What the deals and organizations the map adds are marked with."""
DEALS_DIR = "deals"
COMPANIES_YML = "companies.yml"
DEALS_JSON = "deals.json"
COMPANIES_JSON = "companies.json"

DEAL_FIELDS = (
    "id",
    "source_slug",
    "source_name",
    "target_slug",
    "target_name",
    "deal_type",
    "date",
    "date_display",
    "description",
    "source_url",
)
"""The fields every deal has (``schema/deal.schema.json``); ``value_billions`` and
``value_display`` may be null or absent. Other fields (a release adds ``source_category`` and
``target_category``) are ignored."""
COMPANY_FIELDS = ("slug", "name", "category")
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*", re.ASCII)
DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?", re.ASCII)

CATEGORY_ROLES: dict[str, OrgRole] = {
    "chip_designer": OrgRole.CHIPMAKER,
    "hyperscaler": OrgRole.HYPERSCALER,
    "neocloud": OrgRole.NEOCLOUD,
    "ai_lab": OrgRole.AI_LAB,
    "data_center": OrgRole.DATA_CENTER_DEVELOPER,
    "investor": OrgRole.INVESTOR,
    "memory": OrgRole.CHIPMAKER,
    "foundry": OrgRole.CHIPMAKER,
    "networking": OrgRole.HARDWARE,
    "server_oem": OrgRole.HARDWARE,
    "power": OrgRole.ENERGY,
    "equipment": OrgRole.HARDWARE,
    "packaging": OrgRole.HARDWARE,
}
"""The company categories (``schema/company.schema.json``), as the role a new organization
gets."""

SOURCE_SELLS, SOURCE_PAYS, SELF = "source sells", "source pays", "self"
"""How a type's edge reads: the source sells to the target (the target pays), the source pays
the target (an investor, an acquirer), or a company's own round (source = target)."""


@dataclass(frozen=True)
class TypeSpec:
    """One deal type of the map: the deal kind it becomes, which end pays, and the kinds an
    existing deal may have to be the same deal."""

    kind: DealKind
    direction: str
    why: str
    sellers: frozenset[str] = frozenset()
    """Categories whose member is the seller when exactly one party has one (the map writes
    these types both ways); otherwise the source sells."""
    matches: tuple[DealKind, ...] = ()

    @property
    def same_kinds(self) -> tuple[DealKind, ...]:
        """Return the kinds an existing deal may have to be this deal."""
        return (self.kind, *self.matches)


_RENTALS = (DealKind.COMPUTE_LEASE, DealKind.CLOUD_COMMITMENT, DealKind.DATA_CENTER_LEASE)
TYPES: dict[str, TypeSpec] = {
    "gpu_purchase": TypeSpec(
        DealKind.CHIP_SUPPLY,
        SOURCE_SELLS,
        "chips flow source -> target: 'amd -> openai' is OpenAI buying 6 GW of MI450s, so the "
        "target pays; four records name the buyer first ('oracle -> nvidia': Oracle's GB200 "
        "order; Dell, HPE, Foxconn, Supermicro -> nvidia), so the chip designer is the seller "
        "when only one party is one",
        sellers=frozenset({"chip_designer"}),
    ),
    "custom_asic": TypeSpec(
        DealKind.CHIP_SUPPLY,
        SOURCE_SELLS,
        "the designer, foundry, memory or IP house (source) supplies the customer (target): "
        "'broadcom -> openai', 'tsmc -> apple', 'sk-hynix -> nvidia'; the target pays",
    ),
    "equipment_supply": TypeSpec(
        DealKind.CHIP_SUPPLY,
        SOURCE_SELLS,
        "the tool, network or packaging supplier (source) sells to the fab or cloud (target): "
        "'asml -> tsmc', 'arista -> microsoft'; the target pays (the model has no equipment "
        "kind: chip-supply is 'chips or systems')",
    ),
    "cloud_capacity": TypeSpec(
        DealKind.COMPUTE_LEASE,
        SOURCE_SELLS,
        "mostly provider -> customer ('coreweave -> openai', 'oracle -> openai', "
        "'google -> anthropic'), but seven records name the customer first "
        "('openai -> amazon-aws' $38B, 'anthropic -> microsoft' $30B, 'nvidia -> coreweave' "
        "$6.3B of unused capacity NVIDIA buys): the hyperscaler, neocloud or data-center "
        "company is the provider when only one party is one, else the source is",
        sellers=frozenset({"hyperscaler", "neocloud", "data_center"}),
        matches=_RENTALS,
    ),
    "power_ppa": TypeSpec(
        DealKind.POWER_PURCHASE,
        SOURCE_SELLS,
        "power flows source -> target: 'constellation -> microsoft' is Microsoft buying Crane's "
        "output; the target pays",
    ),
    "equity_investment": TypeSpec(
        DealKind.INVESTMENT,
        SOURCE_PAYS,
        "money flows source -> target: 'nvidia -> anthropic' is NVIDIA investing $10B; with "
        "'Multiple' investors it is the target's funding round (investors unnamed)",
        matches=(DealKind.FUNDING_ROUND,),
    ),
    "m_and_a": TypeSpec(
        DealKind.ACQUISITION,
        SOURCE_PAYS,
        "the acquirer (source) buys the target: 'amd -> zt-systems'; no money flow in the "
        "model, and no change of structure (the map gives no completion status)",
        matches=(DealKind.MERGER,),
    ),
    "funding_round": TypeSpec(
        DealKind.FUNDING_ROUND,
        SELF,
        "a company's own round ('openai -> openai', investors in the description only): the "
        "investee alone, no money flow between named parties",
        matches=(DealKind.INVESTMENT,),
    ),
}
"""Every ``deal_type`` of ``schema/deal.schema.json``, checked against the descriptions of the
snapshot's 266 deals."""

RENTAL_KIND_BY_PROVIDER = {
    "data_center": DealKind.DATA_CENTER_LEASE,
    "hyperscaler": DealKind.CLOUD_COMMITMENT,
}
"""Cloud capacity by its provider's category: a data-center company leases a building or
campus, a hyperscaler sells cloud commitments, the others (neoclouds) rent compute."""


def deal_kind(deal_type: str, provider_category: str | None) -> DealKind:
    """Return the deal kind of a type (cloud capacity by its provider's category).

    >>> deal_kind("cloud_capacity", "hyperscaler").value, deal_kind("gpu_purchase", None).value
    ('cloud-commitment', 'chip-supply')
    """
    spec = TYPES[deal_type]
    if spec.kind is DealKind.COMPUTE_LEASE and provider_category in RENTAL_KIND_BY_PROVIDER:
        return RENTAL_KIND_BY_PROVIDER[provider_category]
    return spec.kind


def seller_is_source(deal_type: str, source_category: str, target_category: str) -> bool:
    """Return True when the edge's source sells (or, for financial types, pays).

    >>> seller_is_source("cloud_capacity", "ai_lab", "hyperscaler")
    False
    >>> seller_is_source("cloud_capacity", "neocloud", "hyperscaler")
    True
    >>> seller_is_source("gpu_purchase", "hyperscaler", "chip_designer")
    False
    """
    spec = TYPES[deal_type]
    source, target = source_category in spec.sellers, target_category in spec.sellers
    return not (target and not source)


# -- value_display ----------------------------------------------------------------------------

_FIGURE = r"[$€£]\s*(\d[\d,]*(?:\.\d+)?)\s*([KMBT])?"
_FIGURES = re.compile(_FIGURE, re.IGNORECASE)
_RANGE = re.compile(
    r"[$€£]\s*(\d[\d,]*(?:\.\d+)?)\s*([KMBT])?\s*[-\u2013]\s*[$€£]?(\d[\d,]*(?:\.\d+)?)\s*([KMBT])",
    re.IGNORECASE,
)
_SCALE = {"": 1.0, "K": 1e-6, "M": 1e-3, "B": 1.0, "T": 1e3}
"""A figure's suffix, in billions."""
_PER_YEAR = re.compile(r"^\s*(?:/\s*(?:yr|year)\b|per year|a year)", re.IGNORECASE)
ESTIMATE_WORDS = re.compile(r"\best(?:\.|imated?\b)|\b(?:FY)?\d{4}E\b", re.IGNORECASE)
""""est." anywhere, or a forecast year ("FY2026E"): the figure is an estimate."""
BEFORE_WORDS: tuple[tuple[re.Pattern[str], Qualifier], ...] = (
    (re.compile(r"\bup to\s*~?\s*$", re.IGNORECASE), Qualifier.UP_TO),
    (
        re.compile(r"(?:\bat least|\bmore than|\bover|>)\s*~?\s*$", re.IGNORECASE),
        Qualifier.AT_LEAST,
    ),
    (re.compile(r"(?:~|\babout|\bapprox\.?|\baround)\s*$", re.IGNORECASE), Qualifier.ABOUT),
)
"""The words right before the figure that is the value: "Up to $60B" a ceiling, "more than"
a floor, "~$4B" about (a "+" right after it, "$5B+", is a floor too)."""


def _billions(number: str, suffix: str | None) -> float:
    return float(number.replace(",", "")) * _SCALE[(suffix or "B").upper()]


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 0.005 * max(abs(a), abs(b), 1e-9)


def read_value(billions: float | None, display: str | None) -> Amount | None:
    """Return the amount a deal states: ``value_billions`` (USD) with the certainty the words
    of its ``value_display`` give it, None when the map gives no value.

    The words are read around the figure that is the value ("$7B (up to ~$11B w/
    extensions)" is 7B, exactly). A range ("$150-200B") is a floor when the value is its low
    end, a ceiling at its high end, else the map's estimate; a value the display does not
    state ("Multi-$B" given as 3, a sum in euros given in dollars) is the map's estimate; "/yr"
    right after the figure makes it a rate.

    >>> [str(read_value(b, d)) for b, d in ((60, "Up to $60B"), (100, "~$100B (6GW)"),
    ...     (5, "$5B+"), (175, "$150-200B (10GW)"), (17.4, "$17.4-19B"), (3, "Multi-$B"),
    ...     (1.4, "~$1.4B/yr (20% of rev)"), (9.7, "$9.7B / 5-yr"), (10, "est. $10B"),
    ...     (7, "$7B (up to ~$11B w/ extensions)"), (3, "3GW / $3B+"))]
    ... # doctest: +NORMALIZE_WHITESPACE
    ['up to 60B USD', 'about 100B USD', 'at least 5B USD', 'est. 175B USD',
     'at least 17.4B USD', 'est. 3B USD', 'about 1.4B USD/year', '9.7B USD', 'est. 10B USD',
     '7B USD', 'at least 3B USD']
    """
    if billions is None:
        return None
    text = display or ""
    period = Period.ONE_OFF
    span = _RANGE.search(text)
    figure = next(
        (
            found
            for found in _FIGURES.finditer(text)
            if found.group(0).startswith("$")
            and _close(billions, _billions(found.group(1), found.group(2)))
        ),
        None,
    )
    if span:
        low = _billions(span.group(1), span.group(2) or span.group(4))
        high = _billions(span.group(3), span.group(4))
        qualifier = (
            Qualifier.AT_LEAST
            if _close(billions, low)
            else Qualifier.UP_TO
            if _close(billions, high)
            else Qualifier.ESTIMATE
        )
    elif figure is None:
        qualifier = Qualifier.ESTIMATE
    else:
        before, after = text[: figure.start()], text[figure.end() :]
        qualifier = next(
            (q for pattern, q in BEFORE_WORDS if pattern.search(before)),
            Qualifier.AT_LEAST if after.startswith("+") else Qualifier.EXACT,
        )
        if qualifier is not Qualifier.UP_TO and ESTIMATE_WORDS.search(text):
            qualifier = Qualifier.ESTIMATE
        if _PER_YEAR.search(after):
            period = Period.PER_YEAR
    return Amount(value=billions * 1e9, unit=Unit.USD, period=period, qualifier=qualifier)
