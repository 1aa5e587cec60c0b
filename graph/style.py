"""One style for every view: colours and captions per label, generated as a Neo4j Browser Graph
Style Sheet (GraSS) and used by the offline HTML view, so both look alike.

GraSS selects by label or relationship type only (not by property), so organizations share one
colour; a deal is coloured by its kind (its second label), which GraSS can do.
"""

from __future__ import annotations

from graph.schema import CLAIM_LABEL, RELATIONSHIP_TYPES, all_labels
from graph.vocabulary import DEAL_KINDS

LABEL_COLORS: dict[str, str] = {
    "Organization": "#4C8EDA",
    "Person": "#DA7194",
    "Facility": "#F79767",
    "ChipModel": "#57C7E3",
    "Fleet": "#8DCC93",
    "Product": "#FFC454",
    "Market": "#D9C8AE",
    "Competition": "#F16667",
    "Source": "#A5ABB6",
    "ReportedFigure": "#ECB5C9",
    "Milestone": "#B5D99C",
    "Deal": "#C990C0",
    CLAIM_LABEL: "#C4C4C4",
}
KIND_COLORS: dict[str, str] = {
    "ComputeLease": "#B07CC6",
    "CloudCommitment": "#8E6BBF",
    "ChipSupply": "#6D5BA8",
    "DataCenterLease": "#A58BD0",
    "Investment": "#2E9E6A",
    "EquityWarrant": "#4FB286",
    "Acquisition": "#7F7F7F",
    "Merger": "#666666",
    "JointVenture": "#9A9A9A",
    "FundingRound": "#6FC3A0",
}
LABEL_SIZES: dict[str, int] = {"Organization": 65, "Facility": 55, "Deal": 40, "Source": 30}
RELATIONSHIP_CAPTIONS: dict[str, str] = {
    "PAYS": "{amount_text}",
    "GROUP_PAYS": "{amount_text}",
    "PARTY_TO": "{role}",
}
"""Relationships captioned by a property instead of their type (where it says more)."""


def node_color(labels: tuple[str, ...] | list[str]) -> str:
    """Return the colour of a node: its deal kind's, else its label's."""
    for label in labels:
        if label in KIND_COLORS:
            return KIND_COLORS[label]
    return LABEL_COLORS.get(labels[0], "#A5ABB6") if labels else "#A5ABB6"


def relationship_caption(rel_type: str, properties: dict[str, object]) -> str:
    """Return the caption a relationship gets in views (as the style sheet says)."""
    template = RELATIONSHIP_CAPTIONS.get(rel_type)
    if template is None:
        return rel_type
    value = properties.get(template.strip("{}"))
    return str(value) if value is not None else rel_type


def _darker(color: str) -> str:
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(*(int(c * 0.8) for c in (red, green, blue)))


def grass() -> str:
    """Return the Graph Style Sheet for Neo4j Browser (apply it with ``:style``)."""
    blocks = [
        "node {\n  diameter: 50px;\n  color: #A5ABB6;\n  border-color: #9AA1AC;\n"
        "  border-width: 2px;\n  text-color-internal: #FFFFFF;\n  font-size: 10px;\n"
        "  caption: '{name}';\n}",
        "relationship {\n  color: #A5ABB6;\n  shaft-width: 1px;\n  font-size: 8px;\n"
        "  padding: 3px;\n  text-color-external: #000000;\n  text-color-internal: #FFFFFF;\n"
        "  caption: '<type>';\n}",
    ]
    for label, color in LABEL_COLORS.items():
        size = LABEL_SIZES.get(label, 50)
        blocks.append(
            f"node.{label} {{\n  color: {color};\n  border-color: {_darker(color)};\n"
            f"  diameter: {size}px;\n  caption: '{{name}}';\n}}"
        )
    for label, color in KIND_COLORS.items():
        blocks.append(
            f"node.{label} {{\n  color: {color};\n  border-color: {_darker(color)};\n"
            f"  diameter: {LABEL_SIZES['Deal']}px;\n  caption: '{{name}}';\n}}"
        )
    for rel_type, caption in RELATIONSHIP_CAPTIONS.items():
        blocks.append(f"relationship.{rel_type} {{\n  caption: '{caption}';\n}}")
    blocks.append("relationship.PAYS {\n  color: #2E9E6A;\n  shaft-width: 2px;\n}")
    return "\n\n".join(blocks) + "\n"


def style_names() -> tuple[set[str], set[str]]:
    """Return the labels and relationship types the style sheet may name (the model's)."""
    return set(all_labels()) | {spec.label for spec in DEAL_KINDS.values()}, set(RELATIONSHIP_TYPES)
