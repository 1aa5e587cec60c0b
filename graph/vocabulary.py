"""The controlled words of the model: statuses, confidence levels, roles and deal kinds.

Each word is declared once here; validation, the money-flow projection, Neo4j labels and the
documentation all read these declarations.
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
        return list(Confidence).index(self)

    def at_least(self, minimum: Confidence) -> bool:
        """Return True when this confidence is at least ``minimum``."""
        return self.rank >= minimum.rank


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


class Instrument(StrEnum):
    """What an investment buys."""

    EQUITY = "equity"
    DEBT = "debt"
    CONVERTIBLE = "convertible"
    WARRANT = "warrant"
    COMMITMENT = "commitment"


@dataclass(frozen=True)
class DealKindSpec:
    """What a deal kind means: its Neo4j label, its roles and the money flow it implies."""

    label: str
    required_roles: tuple[PartyRole, ...]
    optional_roles: tuple[PartyRole, ...]
    flow: FlowCategory
    payer: PartyRole | None = None
    payee: PartyRole | None = None
    description: str = ""


class DealKind(StrEnum):
    """The kinds of deal. ``spec`` says the roles and who pays whom."""

    COMPUTE_LEASE = "compute-lease"
    CLOUD_COMMITMENT = "cloud-commitment"
    CHIP_SUPPLY = "chip-supply"
    DATA_CENTER_LEASE = "data-center-lease"
    INVESTMENT = "investment"
    EQUITY_WARRANT = "equity-warrant"
    ACQUISITION = "acquisition"
    MERGER = "merger"
    JOINT_VENTURE = "joint-venture"
    FUNDING_ROUND = "funding-round"

    @property
    def spec(self) -> DealKindSpec:
        """Return the declaration of this kind."""
        return DEAL_KINDS[self]


_C, _P, _S = PartyRole.CUSTOMER, PartyRole.PROVIDER, PartyRole.SUPPLIER
DEAL_KINDS: dict[DealKind, DealKindSpec] = {
    DealKind.COMPUTE_LEASE: DealKindSpec(
        "ComputeLease",
        (_C, _P),
        (),
        FlowCategory.COMMERCIAL,
        _C,
        _P,
        "The customer rents compute (GPUs, capacity in a facility) from the provider.",
    ),
    DealKind.CLOUD_COMMITMENT: DealKindSpec(
        "CloudCommitment",
        (_C, _P),
        (_S,),
        FlowCategory.COMMERCIAL,
        _C,
        _P,
        "The customer commits to spend on the provider's cloud.",
    ),
    DealKind.CHIP_SUPPLY: DealKindSpec(
        "ChipSupply",
        (_C, _S),
        (),
        FlowCategory.COMMERCIAL,
        _C,
        _S,
        "The customer buys chips or systems from the supplier.",
    ),
    DealKind.DATA_CENTER_LEASE: DealKindSpec(
        "DataCenterLease",
        (PartyRole.LESSEE, PartyRole.LESSOR),
        (),
        FlowCategory.COMMERCIAL,
        PartyRole.LESSEE,
        PartyRole.LESSOR,
        "The lessee rents a data-center building or campus from the lessor.",
    ),
    DealKind.INVESTMENT: DealKindSpec(
        "Investment",
        (PartyRole.INVESTOR, PartyRole.INVESTEE),
        (),
        FlowCategory.INVESTMENT,
        PartyRole.INVESTOR,
        PartyRole.INVESTEE,
        "The investor puts money (equity, debt, convertible) into the investee.",
    ),
    DealKind.EQUITY_WARRANT: DealKindSpec(
        "EquityWarrant",
        (PartyRole.ISSUER, PartyRole.HOLDER),
        (),
        FlowCategory.INVESTMENT,
        PartyRole.ISSUER,
        PartyRole.HOLDER,
        "The issuer grants the holder the right to its shares: value flows issuer -> holder.",
    ),
    DealKind.ACQUISITION: DealKindSpec(
        "Acquisition",
        (PartyRole.ACQUIRER, PartyRole.TARGET),
        (),
        FlowCategory.NONE,
        description="The acquirer buys the target; corporate structure, not a money flow.",
    ),
    DealKind.MERGER: DealKindSpec(
        "Merger",
        (PartyRole.ACQUIRER, PartyRole.TARGET),
        (),
        FlowCategory.NONE,
        description="The target merges into the acquirer.",
    ),
    DealKind.JOINT_VENTURE: DealKindSpec(
        "JointVenture",
        (PartyRole.PARTNER,),
        (PartyRole.VENTURE,),
        FlowCategory.NONE,
        description="Partners form or fund a venture together.",
    ),
    DealKind.FUNDING_ROUND: DealKindSpec(
        "FundingRound",
        (PartyRole.INVESTEE,),
        (PartyRole.INVESTOR,),
        FlowCategory.INVESTMENT,
        PartyRole.INVESTOR,
        PartyRole.INVESTEE,
        "A company raises a round; investors, when named, pay the investee.",
    ),
}


class FacilityRole(StrEnum):
    """How an organization is tied to a facility (besides its owner and operator fields)."""

    OWNER = "owner"
    USER = "user"
    INVESTOR = "investor"
    CONSTRUCTION = "construction"
    ENERGY = "energy"
