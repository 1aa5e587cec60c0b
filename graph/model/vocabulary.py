"""The controlled words of the model, declared once: statuses, confidence levels, roles, deal
kinds (with what each means), units, periods and qualifiers of amounts, kinds of source.

Validation, the money-flow projection, Neo4j labels, the Browser style and the documentation all
read these declarations; no other module spells a controlled word.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    """How firm a deal is, as reported. ``rank`` orders them for ``--min-status`` filters."""

    RUMOURED = "rumoured"
    IN_TALKS = "in-talks"
    REPORTED = "reported"
    ON_HOLD = "on-hold"
    ANNOUNCED = "announced"
    LETTER_OF_INTENT = "letter-of-intent"
    SIGNED = "signed"
    COMPLETED = "completed"
    TERMINATED = "terminated"

    @property
    def rank(self) -> int:
        """Return the firmness rank; a terminated deal ranks below everything (-1)."""
        return _STATUS_RANK[self]

    def at_least(self, minimum: Status) -> bool:
        """Return True when this status is at least as firm as ``minimum``."""
        return self.rank >= minimum.rank


_STATUS_RANK = {
    Status.TERMINATED: -1,
    Status.RUMOURED: 0,
    Status.IN_TALKS: 1,
    Status.ON_HOLD: 1,
    Status.REPORTED: 2,
    Status.ANNOUNCED: 3,
    Status.LETTER_OF_INTENT: 3,
    Status.SIGNED: 4,
    Status.COMPLETED: 5,
}


class Confidence(StrEnum):
    """How far the sources support a fact, as the research notes grade it."""

    LOW = "low"
    LOW_MEDIUM = "low-medium"
    MEDIUM = "medium"
    MEDIUM_HIGH = "medium-high"
    HIGH = "high"

    @property
    def rank(self) -> int:
        """Return 0 (low) to 4 (high)."""
        return _CONFIDENCE_RANKS[self]

    def at_least(self, minimum: Confidence) -> bool:
        """Return True when this confidence is at least ``minimum``."""
        return self.rank >= minimum.rank


_CONFIDENCE_RANKS = {confidence: rank for rank, confidence in enumerate(Confidence)}


class OrgRole(StrEnum):
    """What an organization does in this graph (an organization can have several)."""

    AI_LAB = "ai-lab"
    HYPERSCALER = "hyperscaler"
    CLOUD = "cloud"
    NEOCLOUD = "neocloud"
    CHIPMAKER = "chipmaker"
    INVESTOR = "investor"
    FUND = "fund"
    BANK = "bank"
    JOINT_VENTURE = "joint-venture"
    DATA_CENTER_DEVELOPER = "data-center-developer"
    SOFTWARE = "software"
    CONGLOMERATE = "conglomerate"
    AEROSPACE = "aerospace"
    ENERGY = "energy"
    CONSTRUCTION = "construction"
    HARDWARE = "hardware"
    RESEARCH = "research"
    GOVERNMENT = "government"
    OTHER = "other"


class StructureRelation(StrEnum):
    """How an organization sits inside another one's group."""

    SUBSIDIARY_OF = "subsidiary-of"
    MERGED_INTO = "merged-into"
    ACQUIRED_BY = "acquired-by"
    DIVISION_OF = "division-of"


class FacilityStatus(StrEnum):
    """Where a facility or fleet stands."""

    PLANNED = "planned"
    ANNOUNCED = "announced"
    UNDER_CONSTRUCTION = "under-construction"
    DEPLOYING = "deploying"
    OPERATING = "operating"
    DECOMMISSIONED = "decommissioned"
    ESTIMATE = "estimate"


class FlowCategory(StrEnum):
    """Whether a deal moves money, and how: circular financing needs both categories on a loop."""

    INVESTMENT = "investment"
    COMMERCIAL = "commercial"
    NONE = "none"


class Mechanism(StrEnum):
    """How a circular-financing loop works, in the words of the vendor-financing literature."""

    SUPPLIER_FINANCES_CUSTOMER = "supplier-finances-customer"
    """The investee pays the investor for what it sells: the investment comes back as
    purchases."""
    INVESTOR_IS_CUSTOMER = "investor-is-customer"
    """The investor also buys from the investee, and began buying with or after investing."""
    CUSTOMER_FINANCES_SUPPLIER = "customer-finances-supplier"
    """The investor bought from the investee before it invested in it."""
    INDIRECT = "indirect"
    """The investor and its investee trade with each other on no hop of the loop: the money
    comes back through third parties."""
    MIXED = "mixed"
    """The loop's investments work in different ways, or in none of the above."""


class ExposureSide(StrEnum):
    """Which side of a group's books an exposure row is on."""

    REVENUE = "revenue"
    """Contracted revenue from a customer group (commercial flows into the group)."""
    FUNDING = "funding"
    """Investment received from an investor group."""
    CONTINGENT = "contingent"
    """A guarantee or backstop in the group's favour: no money until called."""


class PartyRole(StrEnum):
    """The role of an organization in a deal."""

    CUSTOMER = "customer"
    PROVIDER = "provider"
    SUPPLIER = "supplier"
    INVESTOR = "investor"
    INVESTEE = "investee"
    ISSUER = "issuer"
    HOLDER = "holder"
    ACQUIRER = "acquirer"
    TARGET = "target"
    PARTNER = "partner"
    VENTURE = "venture"
    LESSOR = "lessor"
    LESSEE = "lessee"
    GUARANTOR = "guarantor"
    BENEFICIARY = "beneficiary"
    OBLIGOR = "obligor"


class Instrument(StrEnum):
    """What an investment buys."""

    EQUITY = "equity"
    DEBT = "debt"
    CONVERTIBLE = "convertible"
    WARRANT = "warrant"
    COMMITMENT = "commitment"


class Offering(StrEnum):
    """What a customer pays a provider for in a commercial deal."""

    COMPUTE = "compute"
    CLOUD = "cloud"
    CHIPS = "chips"
    DATA_CENTER = "data-center"
    POWER = "power"


CUSTOMER_OFFERINGS = frozenset({Offering.COMPUTE, Offering.CLOUD, Offering.CHIPS})
"""What a competitor-customer link is about: paying a rival for compute, cloud or chips."""
RENTED_OFFERINGS = frozenset({Offering.COMPUTE, Offering.CLOUD, Offering.DATA_CENTER})
"""Offerings whose customer becomes a tenant of the deal's facilities."""


class FlowShape(StrEnum):
    """How a deal's money flows in time.

    - ``term``: over the deal's term (a lease or commitment); open while no end is known;
    - ``delivery``: over the delivery period when the term gives one, else at its date (a chip
      purchase);
    - ``tranche``: paid at its date (or over its term, tranche by tranche), and then a holding
      from closing until an exit is recorded (an investment, a warrant, shares);
    - ``none``: no money flow (structure, ventures).
    """

    TERM = "term"
    DELIVERY = "delivery"
    TRANCHE = "tranche"
    NONE = "none"


DEFAULT_DELIVERY_MONTHS = 12
"""A chip supply whose sources give no delivery period is paid over this many months from its
date (an order of racks is delivered over quarters, not on the day it is announced)."""
DEFAULT_WINDOW_YEARS = 4
"""How long a loop may take to close, and how long a one-off payment counts at an as-of date."""
DEFAULT_MIN_STATUS = Status.REPORTED
"""The evidence policy's default: a deal counts from ``reported`` up (reported, announced, a
letter of intent, signed, completed); rumoured and in-talks deals never count unless asked for
(``--min-status rumoured``)."""
INACTIVE_STATUSES = frozenset({Status.ON_HOLD, Status.TERMINATED})
"""Deals in these states (and deals another deal supersedes) are inactive: left out of loops,
totals and links unless asked for."""
STRUCTURE_STATUS = Status.COMPLETED
"""A merger or acquisition changes groups only once completed (from its completion date)."""


@dataclass(frozen=True)
class DealKindSpec:
    """What a deal kind means: its Neo4j label, its roles, the money flow it implies and its
    shape in time, what a customer pays for (``offering``), the sentence a story tells about
    it, and its colour in every view."""

    label: str
    required_roles: tuple[PartyRole, ...]
    optional_roles: tuple[PartyRole, ...]
    flow: FlowCategory
    payer: PartyRole | None = None
    payee: PartyRole | None = None
    description: str = ""
    offering: Offering | None = None
    color: str = "#C990C0"
    shape: FlowShape = FlowShape.NONE
    story: str = "{payer} and {payee} make a deal"
    """A story sentence: ``{payer}``, ``{payee}`` and ``{amount}`` are filled in."""


class DealKind(StrEnum):
    """The kinds of deal. ``spec`` says the roles and who pays whom."""

    COMPUTE_LEASE = "compute-lease"
    CLOUD_COMMITMENT = "cloud-commitment"
    CHIP_SUPPLY = "chip-supply"
    DATA_CENTER_LEASE = "data-center-lease"
    INVESTMENT = "investment"
    EQUITY_WARRANT = "equity-warrant"
    EQUITY_GRANT = "equity-grant"
    ACQUISITION = "acquisition"
    MERGER = "merger"
    JOINT_VENTURE = "joint-venture"
    FUNDING_ROUND = "funding-round"
    GUARANTEE = "guarantee"
    POWER_PURCHASE = "power-purchase"

    @property
    def spec(self) -> DealKindSpec:
        """Return the declaration of this kind."""
        return DEAL_KINDS[self]


_C, _P, _S = PartyRole.CUSTOMER, PartyRole.PROVIDER, PartyRole.SUPPLIER
_INVESTOR, _INVESTEE = PartyRole.INVESTOR, PartyRole.INVESTEE
_ISSUER, _HOLDER = PartyRole.ISSUER, PartyRole.HOLDER
DEAL_KINDS: dict[DealKind, DealKindSpec] = {
    DealKind.COMPUTE_LEASE: DealKindSpec(
        "ComputeLease",
        (_C, _P),
        (),
        FlowCategory.COMMERCIAL,
        _C,
        _P,
        "The customer rents compute (GPUs, capacity in a facility) from the provider.",
        offering=Offering.COMPUTE,
        color="#B07CC6",
        shape=FlowShape.TERM,
        story="{payer} rents compute from {payee}{for_amount}",
    ),
    DealKind.CLOUD_COMMITMENT: DealKindSpec(
        "CloudCommitment",
        (_C, _P),
        (_S,),
        FlowCategory.COMMERCIAL,
        _C,
        _P,
        "The customer commits to spend on the provider's cloud.",
        offering=Offering.CLOUD,
        color="#8E6BBF",
        shape=FlowShape.TERM,
        story="{payer} commits to spend{amount_} on {payee}'s cloud",
    ),
    DealKind.CHIP_SUPPLY: DealKindSpec(
        "ChipSupply",
        (_C, _S),
        (),
        FlowCategory.COMMERCIAL,
        _C,
        _S,
        "The customer buys chips or systems from the supplier.",
        offering=Offering.CHIPS,
        color="#6D5BA8",
        shape=FlowShape.DELIVERY,
        story="{payer} buys{amount_of} chips from {payee}",
    ),
    DealKind.DATA_CENTER_LEASE: DealKindSpec(
        "DataCenterLease",
        (PartyRole.LESSEE, PartyRole.LESSOR),
        (),
        FlowCategory.COMMERCIAL,
        PartyRole.LESSEE,
        PartyRole.LESSOR,
        "The lessee rents a data-center building or campus from the lessor.",
        offering=Offering.DATA_CENTER,
        color="#A58BD0",
        shape=FlowShape.TERM,
        story="{payer} leases a data center from {payee}{for_amount}",
    ),
    DealKind.INVESTMENT: DealKindSpec(
        "Investment",
        (_INVESTOR, _INVESTEE),
        (),
        FlowCategory.INVESTMENT,
        _INVESTOR,
        _INVESTEE,
        "The investor puts money (equity, debt, convertible) into the investee.",
        color="#2E9E6A",
        shape=FlowShape.TRANCHE,
        story="{payer} invests{amount_} in {payee}",
    ),
    DealKind.EQUITY_WARRANT: DealKindSpec(
        "EquityWarrant",
        (_ISSUER, _HOLDER),
        (),
        FlowCategory.INVESTMENT,
        _ISSUER,
        _HOLDER,
        "The issuer grants the holder the right to its shares: value flows issuer -> holder.",
        color="#4FB286",
        shape=FlowShape.TRANCHE,
        story="{payer} grants {payee} a warrant on its shares{worth}",
    ),
    DealKind.EQUITY_GRANT: DealKindSpec(
        "EquityGrant",
        (_ISSUER, _HOLDER),
        (),
        FlowCategory.INVESTMENT,
        _ISSUER,
        _HOLDER,
        "The issuer gives the holder its shares (a customer receiving a supplier's equity "
        "alongside a contract): value flows issuer -> holder.",
        color="#3FA57A",
        shape=FlowShape.TRANCHE,
        story="{payer} gives {payee}{amount_of} its shares",
    ),
    DealKind.ACQUISITION: DealKindSpec(
        "Acquisition",
        (PartyRole.ACQUIRER, PartyRole.TARGET),
        (),
        FlowCategory.NONE,
        description="The acquirer buys the target; corporate structure, not a money flow.",
        color="#7F7F7F",
        story="{payer} acquires {payee}",
    ),
    DealKind.MERGER: DealKindSpec(
        "Merger",
        (PartyRole.ACQUIRER, PartyRole.TARGET),
        (),
        FlowCategory.NONE,
        description="The target merges into the acquirer.",
        color="#666666",
        story="{payee} merges into {payer}",
    ),
    DealKind.JOINT_VENTURE: DealKindSpec(
        "JointVenture",
        (PartyRole.PARTNER,),
        (PartyRole.VENTURE,),
        FlowCategory.NONE,
        description="Partners form, fund or build something together (no money between them "
        "is recorded).",
        color="#9A9A9A",
    ),
    DealKind.GUARANTEE: DealKindSpec(
        "Guarantee",
        (PartyRole.GUARANTOR, PartyRole.BENEFICIARY),
        (PartyRole.OBLIGOR,),
        FlowCategory.NONE,
        description="The guarantor backs the obligor's payments to the beneficiary (a "
        "backstop): a contingent obligation, listed as exposure but no money flow until called.",
        color="#C9A227",
        story="{payer} guarantees{amount_} to {payee}",
    ),
    DealKind.POWER_PURCHASE: DealKindSpec(
        "PowerPurchase",
        (_C, _S),
        (),
        FlowCategory.COMMERCIAL,
        _C,
        _S,
        "The customer buys electricity (a power purchase agreement) or power capacity for its "
        "data centers from the supplier.",
        offering=Offering.POWER,
        color="#D98C3F",
        shape=FlowShape.TERM,
        story="{payer} buys power from {payee}{for_amount}",
    ),
    DealKind.FUNDING_ROUND: DealKindSpec(
        "FundingRound",
        (_INVESTEE,),
        (_INVESTOR,),
        FlowCategory.INVESTMENT,
        _INVESTOR,
        _INVESTEE,
        "A company raises a round; investors, when named, pay the investee.",
        color="#6FC3A0",
        shape=FlowShape.TRANCHE,
        story="{payer} invests{amount_} in {payee}",
    ),
}


KIND_WORDS: dict[str, DealKind] = {
    "lease": DealKind.COMPUTE_LEASE,
    "compute lease": DealKind.COMPUTE_LEASE,
    "compute": DealKind.COMPUTE_LEASE,
    "compute capacity": DealKind.COMPUTE_LEASE,
    "gpu capacity": DealKind.COMPUTE_LEASE,
    "tpu capacity": DealKind.COMPUTE_LEASE,
    "gpu rental": DealKind.COMPUTE_LEASE,
    "gpu lease": DealKind.COMPUTE_LEASE,
    "gpu cloud": DealKind.COMPUTE_LEASE,
    "cloud": DealKind.CLOUD_COMMITMENT,
    "cloud commitment": DealKind.CLOUD_COMMITMENT,
    "cloud contract": DealKind.CLOUD_COMMITMENT,
    "cloud deal": DealKind.CLOUD_COMMITMENT,
    "cloud services": DealKind.CLOUD_COMMITMENT,
    "chips": DealKind.CHIP_SUPPLY,
    "chip supply": DealKind.CHIP_SUPPLY,
    "chip purchase": DealKind.CHIP_SUPPLY,
    "chip order": DealKind.CHIP_SUPPLY,
    "gpu purchase": DealKind.CHIP_SUPPLY,
    "gpu order": DealKind.CHIP_SUPPLY,
    "gpu supply": DealKind.CHIP_SUPPLY,
    "data center lease": DealKind.DATA_CENTER_LEASE,
    "colocation": DealKind.DATA_CENTER_LEASE,
    "investment": DealKind.INVESTMENT,
    "equity": DealKind.INVESTMENT,
    "equity investment": DealKind.INVESTMENT,
    "stake": DealKind.INVESTMENT,
    "funding": DealKind.INVESTMENT,
    "loan": DealKind.INVESTMENT,
    "debt": DealKind.INVESTMENT,
    "debt financing": DealKind.INVESTMENT,
    "credit facility": DealKind.INVESTMENT,
    "convertible": DealKind.INVESTMENT,
    "warrant": DealKind.EQUITY_WARRANT,
    "warrants": DealKind.EQUITY_WARRANT,
    "share grant": DealKind.EQUITY_GRANT,
    "acquisition": DealKind.ACQUISITION,
    "takeover": DealKind.ACQUISITION,
    "buyout": DealKind.ACQUISITION,
    "merger": DealKind.MERGER,
    "joint venture": DealKind.JOINT_VENTURE,
    "jv": DealKind.JOINT_VENTURE,
    "guarantee": DealKind.GUARANTEE,
    "backstop": DealKind.GUARANTEE,
    "ppa": DealKind.POWER_PURCHASE,
    "power purchase": DealKind.POWER_PURCHASE,
    "power": DealKind.POWER_PURCHASE,
}
"""What people write in a deal table's kind column, beside the kinds' own names (lower case,
hyphens and underscores read as spaces). A loan or a credit facility is an investment (debt is
one of its instruments); capacity rented by the GPU or TPU is a compute lease."""


NON_CASH_KINDS = frozenset({DealKind.EQUITY_WARRANT, DealKind.EQUITY_GRANT})
"""Kinds that give value without cash (shares, warrants): in loops only when asked for."""


class FacilityRole(StrEnum):
    """How an organization is tied to a facility (besides its owner and operator fields)."""

    OWNER = "owner"
    USER = "user"
    INVESTOR = "investor"
    CONSTRUCTION = "construction"
    ENERGY = "energy"


class SourceKind(StrEnum):
    """What kind of document a source is, best first: ``rank`` orders them (0 is best) and
    ``citable`` says whether a researcher can put it in a paper on its own."""

    FILING = "filing"
    """A regulatory filing or court record (SEC 10-K/10-Q/8-K, 6-K, S-1, a court filing)."""
    PRESS_RELEASE = "press-release"
    """A party's own announcement (its newsroom, a wire such as PR Newswire or Business Wire)."""
    COMPANY_PAGE = "company-page"
    """A party's own page: investor relations, blog, earnings call remarks, a post by an officer."""
    NEWS = "news"
    """An established outlet with its own reporting (see ``ESTABLISHED_OUTLETS``)."""
    TRADE_PRESS = "trade-press"
    """A specialist outlet of the industry (DatacenterDynamics, The Register, SiliconANGLE ...)."""
    RESEARCH = "research"
    """An analyst's or researcher's report, a book or a research note."""
    DATASET = "dataset"
    """A published dataset (Epoch AI, compute-deal-map): a row of it."""
    AGGREGATOR = "aggregator"
    """A site that rewrites others' reporting: kept only beside a better source."""
    UNRATED = "unrated"
    """A source no one has rated yet (a URL in a user's table or a dataset's row): not citable
    until someone says what it is."""

    @property
    def rank(self) -> int:
        """Return 0 for the best kind of source (a filing) up to 8 (unrated)."""
        return _SOURCE_RANKS[self]

    @property
    def citable(self) -> bool:
        """Return True for the kinds a deal of $1B or more must have one of (a filing, a press
        release, a company page or an established outlet)."""
        return self in CITABLE_SOURCE_KINDS


_SOURCE_RANKS = {kind: rank for rank, kind in enumerate(SourceKind)}
CITABLE_SOURCE_KINDS = frozenset(
    {SourceKind.FILING, SourceKind.PRESS_RELEASE, SourceKind.COMPANY_PAGE, SourceKind.NEWS}
)
"""The sources a researcher can name in print: what a large deal must cite at least one of."""
CITABLE_FROM_USD = 1e9
"""Deals of this many USD or more must cite a source of a citable kind."""
ESTABLISHED_OUTLETS = frozenset(
    {
        "Associated Press",
        "Axios",
        "Barron's",
        "BBC",
        "Bloomberg",
        "Business Insider",
        "Business Standard",
        "Chosun Biz",
        "CNBC",
        "CNN",
        "Dow Jones Newswires",
        "Financial Times",
        "Finansavisen",
        "Fortune",
        "Handelsblatt",
        "Hindustan Times",
        "Korea JoongAng Daily",
        "Los Angeles Times",
        "MarketWatch",
        "Mint",
        "NDTV Profit",
        "Nikkei Asia",
        "NPR",
        "Reuters",
        "Semafor",
        "South China Morning Post",
        "The Business Times",
        "The Economist",
        "The Edge Singapore",
        "The Globe and Mail",
        "The Guardian",
        "The Information",
        "The New York Times",
        "The Straits Times",
        "The Telegraph (India)",
        "The Wall Street Journal",
        "The Washington Post",
        "United Press International",
    }
)
"""Publishers a source of kind ``news`` may have: outlets with their own reporting and
corrections, whose stories researchers cite (a test holds every ``news`` source to this list)."""
SOURCE_DOMAINS: dict[str, SourceKind] = {
    "sec.gov": SourceKind.FILING,
    "prnewswire.com": SourceKind.PRESS_RELEASE,
    "businesswire.com": SourceKind.PRESS_RELEASE,
    "globenewswire.com": SourceKind.PRESS_RELEASE,
    "reuters.com": SourceKind.NEWS,
    "bloomberg.com": SourceKind.NEWS,
    "ft.com": SourceKind.NEWS,
    "wsj.com": SourceKind.NEWS,
    "cnbc.com": SourceKind.NEWS,
    "theinformation.com": SourceKind.NEWS,
    "apnews.com": SourceKind.NEWS,
    "nytimes.com": SourceKind.NEWS,
    "washingtonpost.com": SourceKind.NEWS,
    "axios.com": SourceKind.NEWS,
    "semafor.com": SourceKind.NEWS,
    "fortune.com": SourceKind.NEWS,
    "businessinsider.com": SourceKind.NEWS,
    "datacenterdynamics.com": SourceKind.TRADE_PRESS,
    "theregister.com": SourceKind.TRADE_PRESS,
    "datacenterfrontier.com": SourceKind.TRADE_PRESS,
    "tomshardware.com": SourceKind.TRADE_PRESS,
    "techcrunch.com": SourceKind.TRADE_PRESS,
    "theverge.com": SourceKind.TRADE_PRESS,
    "siliconangle.com": SourceKind.TRADE_PRESS,
    "epoch.ai": SourceKind.DATASET,
}
"""The kind of a source known by its address alone (a URL in a deal table or a dataset's row);
any other address is ``unrated``."""


def source_kind_of_url(url: str) -> SourceKind:
    """Return the kind of a source known by its domain (``www.`` and subdomains count), else
    ``unrated``.

    >>> source_kind_of_url("https://www.reuters.com/x").value, source_kind_of_url("https://a.b/c").value
    ('news', 'unrated')
    """
    from urllib.parse import urlsplit

    host = urlsplit(url).netloc.lower().split("@")[-1].split(":")[0]
    while host:
        if host in SOURCE_DOMAINS:
            return SOURCE_DOMAINS[host]
        host = host.partition(".")[2]
    return SourceKind.UNRATED


class EventKind(StrEnum):
    """What kind of happening an event is."""

    LISTING = "listing"
    """A company goes public (an IPO, a direct listing) or joins an index."""
    LAWSUIT = "lawsuit"
    """A court case or a regulator's action between parties."""
    STATEMENT = "statement"
    """What an executive or a company said (a plan, a denial, a commitment in words)."""
    PLAN = "plan"
    """A project announced but not yet a deal or a facility (a fab, a programme)."""
    LEADERSHIP = "leadership"
    """Founders or executives leaving or joining."""
    OTHER = "other"


class ChipCategory(StrEnum):
    """What kind of chip a chip model is."""

    GPU = "gpu"
    TPU = "tpu"
    ASIC = "asic"
    CPU = "cpu"
    SYSTEM = "system"


class Metric(StrEnum):
    """What a reported figure measures."""

    REVENUE = "revenue"
    OPERATING_LOSS = "operating-loss"
    CONTRACTED_REVENUE = "contracted-revenue"
    FORECAST_REVENUE = "forecast-revenue"
    CAPEX = "capex"
    BACKLOG = "backlog"
    """What a company reports it is owed under signed contracts at a date: remaining
    performance obligations (RPO) or revenue backlog. The denominator of a provider's
    customer shares."""
    FUNDING_RAISED = "funding-raised"
    """What a company has raised from investors in all up to a date, as a source sums it. The
    denominator of a funded company's investor shares."""
    INVESTED_TOTAL = "invested-total"
    """What an investor has put into a company in all, as a source sums it (its tranches are
    deals; the figure covers them, so nothing is counted twice)."""


class Unit(StrEnum):
    """What an amount counts. Only the currencies are money."""

    USD = "USD"
    EUR = "EUR"
    GBP = "GBP"
    GW = "GW"
    MW = "MW"
    GPU = "GPU"
    CHIPS = "chips"
    SHARES = "shares"
    PERCENT = "percent"
    SQFT = "sqft"
    ACRES = "acres"
    YEARS = "years"
    H100E = "H100e"

    @property
    def is_money(self) -> bool:
        """Return True for currencies."""
        return self in (Unit.USD, Unit.EUR, Unit.GBP)


UNIT_SYNONYMS = {"gpus": Unit.GPU}
"""Other spellings of units accepted in amounts (lower case)."""
POWER_UNITS = frozenset({Unit.MW, Unit.GW})
AREA_UNITS = frozenset({Unit.SQFT, Unit.ACRES})
COUNT_UNITS = frozenset({Unit.GPU, Unit.CHIPS})


class Period(StrEnum):
    """How often an amount is paid: once, or as a rate."""

    ONE_OFF = "one-off"
    PER_MONTH = "per-month"
    PER_YEAR = "per-year"

    @property
    def months(self) -> int | None:
        """Return the months one period lasts, or None for a one-off amount."""
        return {Period.PER_MONTH: 1, Period.PER_YEAR: 12}.get(self)

    @property
    def suffix(self) -> str:
        """Return how the period is written after an amount: '', '/month' or '/year'."""
        return {Period.ONE_OFF: "", Period.PER_MONTH: "/month", Period.PER_YEAR: "/year"}[self]


PERIOD_WORDS = {"month": Period.PER_MONTH, "year": Period.PER_YEAR}
"""The words after '/' in an amount's short form."""


class Qualifier(StrEnum):
    """How exact the reported value is."""

    EXACT = "exact"
    ABOUT = "about"
    AT_LEAST = "at-least"
    UP_TO = "up-to"
    ESTIMATE = "estimate"
    """Not a term of the deal but someone's estimate of it (a tracker's "est.", an analyst's
    valuation of a deal whose amount was not disclosed)."""

    @property
    def prefix(self) -> str:
        """Return how the qualifier is written before an amount ('' when exact)."""
        return {
            Qualifier.EXACT: "",
            Qualifier.ABOUT: "about ",
            Qualifier.AT_LEAST: "at least ",
            Qualifier.UP_TO: "up to ",
            Qualifier.ESTIMATE: "est. ",
        }[self]


class Certainty(StrEnum):
    """How certain an amount of money is, as its sources state it (best first).

    Only ``firm`` and ``at-least`` money is *committed* (its stated value, or its floor, is
    owed unconditionally); an estimate, a ceiling and contingent money are counted only when a
    query is asked to (``include_uncommitted``).
    """

    FIRM = "firm"
    """Stated as the deal's value, exactly or about (about X: X, compared within 10 %)."""
    AT_LEAST = "at-least"
    """A floor: at least the value is committed; how much more is unknown."""
    ESTIMATE = "estimate"
    """Someone's estimate, not a term of the deal."""
    UP_TO = "up-to"
    """A ceiling ("up to", "could be worth as much as"): the committed part is unknown."""
    CONTINGENT = "contingent"
    """Owed only when a condition is met (milestones, an IPO, an option exercised)."""

    @property
    def committed(self) -> bool:
        """Return True when the stated value (or floor) is owed unconditionally."""
        return self in (Certainty.FIRM, Certainty.AT_LEAST)


QUALIFIER_WORDS = {
    "about": Qualifier.ABOUT,
    "approx": Qualifier.ABOUT,
    "~": Qualifier.ABOUT,
    "at least": Qualifier.AT_LEAST,
    "more than": Qualifier.AT_LEAST,
    ">": Qualifier.AT_LEAST,
    "up to": Qualifier.UP_TO,
    "<": Qualifier.UP_TO,
    "exact": Qualifier.EXACT,
    "est.": Qualifier.ESTIMATE,
    "estimated": Qualifier.ESTIMATE,
}
"""The words that may open an amount's short form, and the qualifier each means."""


class EvidenceKind(StrEnum):
    """Why two groups are said to compete."""

    SHARED_MARKET = "shared-market"
    """Products of both groups sell in one market."""
    COMPETITION_RECORD = "competition-record"
    """A sourced competition record names both (or their products)."""


class ExitRight(StrEnum):
    """Who may end a deal early under its exit clause."""

    EITHER = "either"
    CUSTOMER = "customer"
    PROVIDER = "provider"


STATUS_WORDS: dict[str, Status] = {
    "rumored": Status.RUMOURED,
    "talks": Status.IN_TALKS,
    "loi": Status.LETTER_OF_INTENT,
    "closed": Status.COMPLETED,
    "done": Status.COMPLETED,
    "paused": Status.ON_HOLD,
    "cancelled": Status.TERMINATED,
    "canceled": Status.TERMINATED,
}
"""What people write in a deal table's status column, beside the statuses' own names."""
QUARTER_DAYS = 92
"""Dated figures (power, H100e, capital cost, fleet counts) conflict only within a quarter of
each other; further apart they form a series."""
WILDCARD_STATE = "*"
"""A citation that states every value of its record: a row of a dataset (Epoch's files)."""
