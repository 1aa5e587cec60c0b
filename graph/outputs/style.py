"""One style for every view: colours and captions per label, generated as a Neo4j Browser Graph
Style Sheet (GraSS) and used by the offline HTML view, so both look alike.

Colours and sizes are declared on the record types and deal kinds, captions on the relationship
declarations (``graph.model``); this module only writes them out. GraSS selects by label or
relationship type only (not by property), so organizations share one colour; a deal is coloured by
its kind (its second label), which GraSS can do.
"""

from __future__ import annotations

from aigraph.graph.model.records import RECORD_TYPES, Deal
from aigraph.graph.model.schema import RELATIONSHIP_TYPES, all_labels, label_colors
from aigraph.graph.model.vocabulary import DEAL_KINDS, FlowCategory

DEFAULT_COLOR = "#A5ABB6"
MONEY_FLOW_COLOR = DEAL_KINDS[
    next(kind for kind, spec in DEAL_KINDS.items() if spec.flow is FlowCategory.INVESTMENT)
].color
"""``PAYS`` is drawn in the colour of money (the investment kind's)."""

LABEL_COLORS: dict[str, str] = label_colors()
"""The colour of every label (record types, deal kinds, claims), from the declarations."""
KIND_LABELS = frozenset(spec.label for spec in DEAL_KINDS.values())
LABEL_SIZES: dict[str, int] = {record.label: record.size for record in RECORD_TYPES}
RELATIONSHIP_CAPTIONS: dict[str, str] = {
    name: rel.caption for name, rel in RELATIONSHIP_TYPES.items() if rel.caption
}
"""Relationships captioned by a property instead of their type (where it says more)."""


def node_color(labels: tuple[str, ...] | list[str]) -> str:
    """Return the colour of a node: its deal kind's, else its label's."""
    for label in labels:
        if label in KIND_LABELS:
            return LABEL_COLORS[label]
    return LABEL_COLORS.get(labels[0], DEFAULT_COLOR) if labels else DEFAULT_COLOR


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


def _node_block(label: str, color: str, size: int) -> str:
    return (
        f"node.{label} {{\n  color: {color};\n  border-color: {_darker(color)};\n"
        f"  diameter: {size}px;\n  caption: '{{name}}';\n}}"
    )


def grass() -> str:
    """Return the Graph Style Sheet for Neo4j Browser (apply it with ``:style``)."""
    blocks = [
        f"node {{\n  diameter: 50px;\n  color: {DEFAULT_COLOR};\n  border-color: #9AA1AC;\n"
        "  border-width: 2px;\n  text-color-internal: #FFFFFF;\n  font-size: 10px;\n"
        "  caption: '{name}';\n}",
        f"relationship {{\n  color: {DEFAULT_COLOR};\n  shaft-width: 1px;\n  font-size: 8px;\n"
        "  padding: 3px;\n  text-color-external: #000000;\n  text-color-internal: #FFFFFF;\n"
        "  caption: '<type>';\n}",
    ]
    for label, color in LABEL_COLORS.items():
        if label in KIND_LABELS:
            continue
        blocks.append(_node_block(label, color, LABEL_SIZES.get(label, 50)))
    for label in sorted(KIND_LABELS, key=list(LABEL_COLORS).index):
        blocks.append(_node_block(label, LABEL_COLORS[label], Deal.size))
    for rel_type, caption in RELATIONSHIP_CAPTIONS.items():
        blocks.append(f"relationship.{rel_type} {{\n  caption: '{caption}';\n}}")
    blocks.append(f"relationship.PAYS {{\n  color: {MONEY_FLOW_COLOR};\n  shaft-width: 2px;\n}}")
    return "\n\n".join(blocks) + "\n"


def grass_one_line() -> str:
    """Return the style sheet on one line (no line break at all): the form Neo4j Browser takes
    after ``:style`` typed or pasted into its editor, which reads only a one-line argument (a
    sheet over several lines there gives "No styles yet"). Dragged onto Browser or fetched
    with ``:style <url>`` it works as well."""
    return " ".join(" ".join(line.strip() for line in grass().splitlines() if line.strip()).split())


def style_names() -> tuple[set[str], set[str]]:
    """Return the labels and relationship types the style sheet may name (the model's)."""
    return set(all_labels()), set(RELATIONSHIP_TYPES)
