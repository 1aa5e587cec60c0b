"""Entity resolution: names from a public dataset -> the curated records, by id, name or alias.

A name that matches one curated organization resolves to it; a name that matches none becomes a
new organization marked with the dataset it came from; a name that matches several is reported
as ambiguous and left unlinked (never guessed); generic words ("Cloud") are reported and skipped.

Aliases that are no curated name can be given (``aliases``: a name -> an organization id, from
the user; they win over everything), and the cloud brands of the hyperscalers are known
(:data:`BRAND_ALIASES`: "Azure" is Microsoft's) when a loader asks for them: a brand resolves to
the curated organization, or to one organization created under the company's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta

from pydantic import BaseModel, Field

from aigraph.graph.model.dates import PartialDate
from aigraph.graph.model.records import Citation, Deal, Organization, Record
from aigraph.graph.model.vocabulary import DealKind

GENERIC_NAMES = frozenset(
    {
        "cloud",
        "various",
        "unknown",
        "anonymized",
        "undisclosed",
        "n/a",
        "na",
        "other",
        "others",
        "public",
        "private",
        "government",
        "multiple",
    }
)
"""Words that appear where a name should be but name no one."""
BRAND_ALIASES: dict[str, tuple[str, tuple[str, ...]]] = {
    "microsoft": ("Microsoft", ("Microsoft Azure", "Azure")),
    "amazon": ("Amazon", ("AWS", "Amazon Web Services", "Amazon AWS")),
    "google": ("Google", ("Google Cloud", "Google Cloud Platform", "GCP")),
    "oracle": ("Oracle", ("OCI", "Oracle Cloud", "Oracle Cloud Infrastructure")),
}
"""A company's id -> its name and the cloud brands that name it (a deal with "AWS" is a deal
with Amazon). Tried after the curated names, before a new organization is made."""
_SUFFIXES = re.compile(
    r"\b(ai|inc|corp|corporation|co|ltd|llc|plc|group|holdings|systems|labs|technologies)\.?$"
)


def normal(name: str) -> str:
    """Return the comparison form of a name: lower case, single spaces, no trailing dots."""
    return re.sub(r"\s+", " ", name).strip().strip(".").casefold()


def variants(name: str) -> list[str]:
    """Return the forms tried in order: as written, without a parenthetical, without a
    corporate suffix ("Nebius AI" -> "nebius")."""
    first = normal(name)
    forms = [first]
    bare = normal(re.sub(r"\([^)]*\)", "", name))
    if bare and bare not in forms:
        forms.append(bare)
    for form in list(forms):
        stripped = _SUFFIXES.sub("", form).strip(" ,")
        if stripped and stripped not in forms:
            forms.append(stripped)
    return forms


def slug(text: str) -> str:
    """Return a lowercase slug: "Meta AI (Hyperion)" -> "meta-ai-hyperion"."""
    ascii_text = text.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "unnamed"


class ResolutionReport(BaseModel):
    """What became of every name a dataset used."""

    resolved: dict[str, str] = Field(default_factory=dict)
    created: dict[str, str] = Field(default_factory=dict)
    ambiguous: dict[str, list[str]] = Field(default_factory=dict)
    generic: list[str] = Field(default_factory=list)
    aliased: dict[str, str] = Field(default_factory=dict)
    """Names resolved by an alias given by the user or a known brand (also in ``resolved`` or
    ``created``)."""


class NameIndex:
    """Records of one kind by every normalized name and alias."""

    def __init__(self, records: Iterable[Record]) -> None:
        self.ids: dict[str, set[str]] = {}
        self.bare: dict[str, set[str]] = {}
        """Names without a parenthetical or a corporate suffix ("Atlas Inc" -> "atlas")."""
        for record in records:
            self.add(record)

    def add(self, record: Record) -> None:
        """Index a record's id, name and aliases (and their bare forms)."""
        names = [record.id, getattr(record, "name", None), *getattr(record, "aliases", [])]
        for name in names:
            if name:
                forms = variants(name)
                self.ids.setdefault(forms[0], set()).add(record.id)
                for form in forms[1:]:
                    self.bare.setdefault(form, set()).add(record.id)

    def candidates(self, name: str) -> set[str]:
        """Return the ids the first matching form of ``name`` names (empty when none): names
        as written first, then their bare forms (two records can share one: ambiguous)."""
        for index in (self.ids, self.bare):
            for form in variants(name):
                found = index.get(form)
                if found:
                    return set(found)
        return set()


class OrganizationResolver:
    """Resolves organization names of one dataset, creating the organizations it must."""

    def __init__(
        self,
        organizations: Iterable[Organization],
        taken_ids: set[str],
        aliases: Mapping[str, str] | None = None,
        brands: bool = False,
    ) -> None:
        organizations = list(organizations)
        self.index = NameIndex(organizations)
        self.ids = {organization.id for organization in organizations}
        self.taken = taken_ids
        self.created: dict[str, Organization] = {}
        self.report = ResolutionReport()
        self.aliases = {normal(name): (org_id, None) for name, org_id in (aliases or {}).items()}
        """Aliases the user gave (normal name -> (id, None)) and, after them, the brands
        (normal name -> (id, the company's name))."""
        if brands:
            for org_id, (company, names) in BRAND_ALIASES.items():
                for name in names:
                    self.aliases.setdefault(normal(name), (org_id, company))
        self.given = {normal(name) for name in aliases or {}}

    def new_id(self, name: str) -> str:
        """Return a free id for a new record named ``name``."""
        base = slug(name)
        candidate, number = base, 2
        while candidate in self.taken:
            candidate, number = f"{base}-{number}", number + 1
        self.taken.add(candidate)
        return candidate

    def resolve_any(self, names: Sequence[str], origin: str, citation: Citation) -> str | None:
        """Return the organization the first of ``names`` that matches one names ("Amazon/AWS",
        then its slug "amazon aws", then its parts); when none matches any, resolve the first
        (generic, or a new organization marked with ``origin``). A name that matches several
        organizations is ambiguous: reported, and None returned (never guessed from the next)."""
        first = names[0]
        if normal(first) in GENERIC_NAMES or not first.strip():
            return self.resolve(first, origin, citation)
        for name in names:
            found = self.index.candidates(name) if name.strip() else set()
            if len(found) > 1:
                return self.resolve(name, origin, citation)
            if len(found) == 1:
                (org_id,) = found
                if org_id in self.created:
                    self.report.created.setdefault(first, org_id)
                else:
                    self.report.resolved[first] = org_id
                return org_id
        return self.resolve(first, origin, citation)

    def resolve(self, name: str, origin: str, citation: Citation) -> str | None:
        """Return the organization id for ``name``, or None (generic or ambiguous); a name that
        matches nothing becomes an organization marked with ``origin`` and citing ``citation``.
        """
        if normal(name) in GENERIC_NAMES or not name.strip():
            if name not in self.report.generic:
                self.report.generic.append(name)
            return None
        if normal(name) in self.given:
            return self._alias(name, origin, citation)
        found = self.index.candidates(name)
        if not found and normal(name) in self.aliases:
            return self._alias(name, origin, citation)
        if len(found) == 1:
            (org_id,) = found
            if org_id in self.created:
                self.report.created.setdefault(name, org_id)
            else:
                self.report.resolved[name] = org_id
            return org_id
        if len(found) > 1:
            self.report.ambiguous[name] = sorted(found)
            return None
        return self._create(name, name.strip(), origin, citation)

    def _alias(self, name: str, origin: str, citation: Citation) -> str:
        """Return the organization an alias names: the one with its id, else the one its
        company's name resolves to, else one created under that id."""
        org_id, company = self.aliases[normal(name)]
        self.report.aliased[name] = org_id
        if org_id not in self.ids and org_id not in self.created and company is not None:
            found = self.index.candidates(company)
            if len(found) == 1:
                org_id = found.pop()
        if org_id in self.ids:
            self.report.resolved[name] = org_id
            return org_id
        if org_id in self.created:
            self.report.created.setdefault(name, org_id)
            return org_id
        return self._create(name, company or name.strip(), origin, citation, org_id)

    def _create(
        self, name: str, title: str, origin: str, citation: Citation, org_id: str | None = None
    ) -> str:
        """Return the id of a new organization named ``title`` (``name`` as the table wrote
        it, kept as an alias when it differs)."""
        organization = Organization(
            id=self.new_id(org_id or title),
            name=title,
            aliases=[name.strip()] if normal(name) != normal(title) else [],
            origin=origin,
            citations=[citation],
        )
        self.created[organization.id] = organization
        self.index.add(organization)
        self.report.created[name] = organization.id
        return organization.id


MATCH_DAYS = 90
"""A deal from a table or dataset and an existing deal of the same kind and parties are one
deal when their dates are this close."""


def matching_deal(
    deals: Iterable[Deal],
    kinds: Iterable[DealKind],
    parties: Mapping[str, Sequence[str]],
    day: PartialDate | None,
    days: int = MATCH_DAYS,
    nearest: bool = False,
) -> Deal | None:
    """Return the deal of ``deals`` of one of ``kinds`` with these ``parties`` (role -> ids; an
    empty list: no one in that role) whose date (announcement, else start) is within ``days``
    of ``day`` (partial dates as intervals; undated matches only undated), or None: the first
    such deal, or with ``nearest`` the one nearest in date (of those equally near, the first).
    """
    allowed = set(kinds)
    best: tuple[int, Deal] | None = None
    for deal in deals:
        if deal.kind not in allowed:
            continue
        theirs = {role.value: sorted(ids) for role, ids in deal.parties.items()}
        if any(sorted(ids) != theirs.get(role, []) for role, ids in parties.items()):
            continue
        began = deal.began
        if day is None or began is None:
            if day is None and began is None:
                return deal
            continue
        apart = abs((day.first_day() - began.first_day()).days)
        near = apart <= days or (
            day.first_day() <= began.last_day() + timedelta(days=days)
            and began.first_day() <= day.last_day() + timedelta(days=days)
        )
        if near and not nearest:
            return deal
        if near and (best is None or apart < best[0]):
            best = (apart, deal)
    return best[1] if best else None
