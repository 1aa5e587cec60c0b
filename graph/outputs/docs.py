"""The schema reference (docs/schema.md), generated from the model so it cannot drift."""

from __future__ import annotations

from aigraph.graph.model.amounts import Period, Qualifier, Unit
from aigraph.graph.model.records import RECORD_TYPES, DealClaim, claim_fields
from aigraph.graph.model.schema import (
    CLAIM_LABEL,
    CLAIM_PROPERTIES,
    RELATIONSHIP_TYPES,
    property_names,
)
from aigraph.graph.model.vocabulary import (
    DEAL_KINDS,
    Confidence,
    OrgRole,
    Status,
    StructureRelation,
)


def _words(values: object) -> str:
    return ", ".join(f"`{v.value}`" for v in values)  # type: ignore[attr-defined]


def schema_markdown() -> str:
    """Return the Markdown reference of labels, properties, relationship types and words."""
    lines = [
        "# Graph schema",
        "",
        "Generated from the model by `aigraph schema`; a test keeps this file in sync.",
        "Every node has `id` (unique per label, a lowercase slug) and `name` (its caption).",
        "",
        "## Node labels and properties",
        "",
        "| label | section in the dataset | properties |",
        "|---|---|---|",
    ]
    for record_type in RECORD_TYPES:
        props = ", ".join(f"`{p}`" for p in property_names(record_type))
        lines.append(f"| `{record_type.label}` | `{record_type.section}` | {props} |")
    lines.append(
        f"| `{CLAIM_LABEL}` | (claims of a deal or facility) | "
        + ", ".join(f"`{p}`" for p in CLAIM_PROPERTIES)
        + " |"
    )
    lines += [
        "",
        "A `Deal` node also carries the label of its kind:",
        "",
        "| kind | label | roles (required; optional) | money flow | the customer pays for |",
        "|---|---|---|---|---|",
    ]
    for kind, spec in DEAL_KINDS.items():
        roles = ", ".join(spec.required_roles)
        if spec.optional_roles:
            roles += "; " + ", ".join(spec.optional_roles)
        flow = f"{spec.flow.value}: {spec.payer} -> {spec.payee}" if spec.payer else "none"
        offering = spec.offering.value if spec.offering else ""
        lines.append(f"| `{kind.value}` | `{spec.label}` | {roles} | {flow} | {offering} |")
    lines += [
        "",
        "## Relationship types",
        "",
        "| type | from | to | properties | meaning |",
        "|---|---|---|---|---|",
    ]
    for rel in RELATIONSHIP_TYPES.values():
        sources = ", ".join(f"`{s}`" for s in rel.sources)
        if len(rel.sources) > 4:
            sources = "any record"
        targets = ", ".join(f"`{t}`" for t in rel.targets)
        props = ", ".join(f"`{p}`" for p in rel.properties)
        lines.append(f"| `{rel.name}` | {sources} | {targets} | {props} | {rel.description} |")
    lines += [
        "",
        "## Controlled words",
        "",
        f"- deal status (weakest to firmest): {_words(sorted(Status, key=lambda s: s.rank))}",
        f"- confidence: {_words(Confidence)}",
        f"- organization roles: {_words(OrgRole)}",
        f"- corporate structure: {_words(StructureRelation)}",
        f"- amount units: {_words(Unit)}; periods: {_words(Period)}; "
        f"qualifiers: {_words(Qualifier)}",
        "",
        "Amounts are written `150M USD/month`, `at least 220000 GPU`, `up to 10B USD`,",
        "`about 1000000 sqft`. Dates are written `2026`, `2026-H2`, `2026-Q3`, `2026-07` or",
        "`2026-07-01`. A deal's `derived_total` is its rate x term; `reported_total` is what a",
        f"source states. Deal claims may set one of: {', '.join(_claim_fields())}.",
        "",
    ]
    return "\n".join(lines)


def _claim_fields() -> list[str]:
    return [f"`{name}`" for name in claim_fields(DealClaim)]
