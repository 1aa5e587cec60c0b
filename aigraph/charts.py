"""Charts of query results, written as SVG, PNG or a self-contained HTML page (matplotlib,
the optional ``charts`` extra; the HTML page embeds the SVG and needs no network).

Every drawn element that a reader (or a test) looks for carries an SVG id: ``share-<customer>``
on the exposure chart, ``flow-<payer>-<payee>`` on the money-flow Sankey, ``deal-<id>`` on the
timeline.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from aigraph.graph.model.dates import PartialDate
from aigraph.graph.model.vocabulary import ExposureSide, Status
from aigraph.graph.money import MoneyFlow
from aigraph.graph.outputs.files import write_atomic
from aigraph.queries.library.deals import DealRow
from aigraph.queries.library.exposure import ExposureRow

CHART_SUFFIXES = (".svg", ".png", ".html")
FULL_TERM_COLOR, COMMITTED_COLOR = "#9DB4D1", "#2F5E8E"
INFLOW_COLOR, OUTFLOW_COLOR, UNKNOWN_COLOR = "#2F8E5E", "#8E2F4A", "#B0B0B0"
STATUS_COLORS = {
    Status.COMPLETED.value: "#1F3F66",
    Status.SIGNED.value: "#4F8FCF",
    Status.LETTER_OF_INTENT.value: "#7FB0DF",
    Status.ANNOUNCED.value: "#A9C4E0",
    Status.REPORTED.value: "#D1A45E",
    Status.IN_TALKS.value: "#E0C89A",
    Status.RUMOURED.value: "#E8DCC4",
    Status.ON_HOLD.value: "#999999",
    Status.TERMINATED.value: "#555555",
}
"""Firm deals dark blue, reported ones amber, talks and rumours pale, stopped ones grey."""


@contextmanager
def _pyplot() -> Iterator[Any]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text in an SVG
        matplotlib.rcParams["svg.hashsalt"] = "aigraph"  # the same ids on every run
        matplotlib.rcParams["text.parse_math"] = False  # "$30B" is money, not TeX
        from matplotlib import pyplot
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("charts need matplotlib: pip install 'aigraph[charts]'") from None
    yield pyplot


def check_suffix(output: Path) -> str:
    """Return the chart's suffix (.svg, .png or .html), or raise ValueError for another."""
    suffix = output.suffix.lower()
    if suffix not in CHART_SUFFIXES:
        raise ValueError(f"{output}: write .svg, .png or .html")
    return suffix


def _write(draw: Callable[[Any], Any], title: str, output: Path) -> Path:
    """Draw a figure with ``draw(pyplot)`` (which returns it) and write it to ``output`` as SVG,
    PNG or an HTML page around the SVG; return the path."""
    suffix = check_suffix(output)
    fmt = "png" if suffix == ".png" else "svg"
    with _pyplot() as pyplot:
        figure = draw(pyplot)
        try:
            figure.tight_layout()
            buffer = io.BytesIO()
            figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
        finally:
            pyplot.close(figure)
    if suffix == ".png":
        write_atomic(output, buffer.getvalue())
        return output
    svg = buffer.getvalue().decode("utf-8")
    if suffix == ".html":
        svg = svg[svg.index("<svg") :]
        svg = (
            f"<!doctype html>\n<html><head><meta charset='utf-8'><title>{escape(title)}"
            f"</title></head><body>\n{svg}\n</body></html>\n"
        )
    write_atomic(output, svg)
    return output


def _billions(value: float | None) -> str:
    return "amount unknown" if value is None else f"${value / 1e9:,.1f}B"


def exposure_chart(rows: list[ExposureRow], provider: str, output: Path) -> Path:
    """Write a bar chart of a provider's contracted revenue by customer (full term, committed
    minimum, share) to ``output`` (.svg, .png or .html); return the path."""
    check_suffix(output)
    revenue = [r for r in rows if r.group == provider and r.side is ExposureSide.REVENUE]
    if not revenue:
        raise ValueError(f"{provider!r} has no contracted revenue in the graph")
    top = revenue[0]
    hhi = f", HHI {top.hhi:.2f}" if top.hhi is not None else ""
    title = f"{provider}: contracted revenue by customer{hhi}"

    def draw(pyplot: Any) -> Any:
        labels = [row.counterparty for row in revenue]
        full = [(row.full_term_usd or 0.0) / 1e9 for row in revenue]
        committed = [(row.committed_usd or 0.0) / 1e9 for row in revenue]
        figure, axes = pyplot.subplots(figsize=(8, 1.2 + 0.45 * len(revenue)))
        positions = range(len(revenue))
        axes.barh(positions, full, color=FULL_TERM_COLOR, label="full term")
        axes.barh(positions, committed, height=0.4, color=COMMITTED_COLOR, label="committed")
        axes.set_yticks(list(positions), labels=labels, gid="customers")
        axes.invert_yaxis()
        axes.set_xlabel("USD billions")
        axes.set_title(title)
        for position, row in zip(positions, revenue, strict=True):
            share = f"{row.share:.0%}" if row.share is not None else "amount unknown"
            axes.annotate(
                share,
                (full[position], position),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                gid=f"share-{row.counterparty}",
            )
        axes.legend(loc="lower right")
        return figure

    return _write(draw, title, output)


@dataclass(frozen=True)
class SankeyLink:
    """The money between the charted group and one counterparty group in one direction:
    the known USD total of the flows, how many flows, and how many of them have no amount."""

    payer: str
    payee: str
    usd: float
    flows: int
    unknown: int


def _link_amount(link: SankeyLink) -> str:
    """Return the known total and how many amounts are unknown, e.g. ``$30.0B + 1 unknown``."""
    if link.unknown == link.flows:
        return "amount unknown" if link.flows == 1 else f"{link.flows} amounts unknown"
    known = _billions(link.usd)
    return f"{known} + {link.unknown} unknown" if link.unknown else known


def sankey_links(flows: list[MoneyFlow], group: str) -> tuple[list[SankeyLink], list[SankeyLink]]:
    """Return the group's inflows (payer -> group) and outflows (group -> payee), one link per
    counterparty group, each list largest known total first, then by id.

    >>> sankey_links([], "oracle")
    ([], [])
    """
    totals: dict[tuple[str, str], list[float | None]] = {}
    for flow in flows:
        pair = (flow.payer_group, flow.payee_group)
        if group in pair and pair[0] != pair[1]:
            totals.setdefault(pair, []).append(flow.usd_total())
    links = [
        SankeyLink(
            payer=payer,
            payee=payee,
            usd=sum(v for v in values if v is not None),
            flows=len(values),
            unknown=sum(1 for v in values if v is None),
        )
        for (payer, payee), values in totals.items()
    ]
    links.sort(key=lambda link: (-link.usd, link.payer, link.payee))
    return [k for k in links if k.payee == group], [k for k in links if k.payer == group]


def _ribbon(
    pyplot: Any,
    x0: float,
    x1: float,
    left: tuple[float, float],
    right: tuple[float, float],
    color: str,
    gid: str,
) -> Any:
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as CurvePath

    middle = (x0 + x1) / 2
    (l_low, l_high), (r_low, r_high) = left, right
    vertices = [
        (x0, l_low),
        (middle, l_low),
        (middle, r_low),
        (x1, r_low),
        (x1, r_high),
        (middle, r_high),
        (middle, l_high),
        (x0, l_high),
        (x0, l_low),
    ]
    codes = [CurvePath.MOVETO] + [CurvePath.CURVE4] * 3 + [CurvePath.LINETO]
    codes += [CurvePath.CURVE4] * 3 + [CurvePath.CLOSEPOLY]
    return PathPatch(
        CurvePath(vertices, codes), facecolor=color, edgecolor="none", alpha=0.55, gid=gid
    )


def flows_chart(flows: list[MoneyFlow], group: str, output: Path) -> Path:
    """Write a Sankey of a group's money: who pays it (left), who it pays (right), ribbons as
    wide as the known USD totals, to ``output`` (.svg, .png or .html); return the path.

    Flows with no known amount are drawn as thin grey ribbons and counted in the labels."""
    check_suffix(output)
    inflows, outflows = sankey_links(flows, group)
    if not inflows and not outflows:
        raise ValueError(f"{group!r} has no money flows with other groups in the graph")
    received = sum(link.usd for link in inflows)
    paid = sum(link.usd for link in outflows)
    title = f"{group}: money flows (received {_billions(received)}, paid {_billions(paid)})"
    sides = max(len(inflows), len(outflows))
    gap = 0.02
    unit = (1 - gap * max(sides - 1, 0)) / max(received, paid, 1.0)
    thin = 0.006

    def height(link: SankeyLink) -> float:
        return max(link.usd * unit, thin)

    def stack(links: list[SankeyLink], spacing: float) -> list[tuple[float, float]]:
        spans, top = [], 1.0
        for link in links:
            spans.append((top - height(link), top))
            top -= height(link) + spacing
        return spans

    def draw(pyplot: Any) -> Any:
        figure, axes = pyplot.subplots(figsize=(10, 1.5 + 0.42 * max(sides, 2)))
        axes.set_axis_off()
        axes.set_xlim(-0.45, 1.45)
        total_in = sum(height(link) for link in inflows)
        total_out = sum(height(link) for link in outflows)
        centre = (1 - max(total_in, total_out), 1.0)
        axes.add_patch(
            pyplot.Rectangle(
                (0.47, centre[0]),
                0.06,
                centre[1] - centre[0],
                color="#333333",
                gid=f"group-{group}",
            )
        )
        axes.text(0.5, 1.02, group, ha="center", va="bottom", fontweight="bold")
        for links, spans, x_node, x_text, align, color in (
            (inflows, stack(inflows, gap), 0.0, -0.02, "right", INFLOW_COLOR),
            (outflows, stack(outflows, gap), 1.0, 1.02, "left", OUTFLOW_COLOR),
        ):
            joint = 1.0  # where the next ribbon meets the group's bar
            for link, (low, high) in zip(links, spans, strict=True):
                inner = (joint - (high - low), joint)
                joint = inner[0]
                counterparty = link.payer if link.payee == group else link.payee
                tint = color if link.usd > 0 else UNKNOWN_COLOR
                ribbon_from, ribbon_to = (
                    ((0.0, (low, high)), (0.47, inner))
                    if x_node == 0.0
                    else ((0.53, inner), (1.0, (low, high)))
                )
                axes.add_patch(
                    _ribbon(
                        pyplot,
                        ribbon_from[0],
                        ribbon_to[0],
                        ribbon_from[1],
                        ribbon_to[1],
                        tint,
                        f"flow-{link.payer}-{link.payee}",
                    )
                )
                axes.add_patch(pyplot.Rectangle((x_node - 0.01, low), 0.02, high - low, color=tint))
                axes.text(
                    x_text,
                    (low + high) / 2,
                    f"{counterparty}  {_link_amount(link)}",
                    ha=align,
                    va="center",
                    fontsize=8,
                    gid=f"label-{link.payer}-{link.payee}",
                )
        axes.set_ylim(
            min(
                [0.0, centre[0]]
                + [s[0] for s in stack(inflows, gap)]
                + [s[0] for s in stack(outflows, gap)]
            )
            - 0.02,
            1.08,
        )
        axes.set_title(title + "\npays it  \u2192  group  \u2192  it pays", fontsize=10)
        return figure

    return _write(draw, title, output)


def _day(text: str | None, last: bool = False) -> date | None:
    """Return the first (or ``last``) day a partial date such as ``2025-05`` can mean."""
    if not text:
        return None
    partial = PartialDate.parse(text)
    return partial.last_day() if last else partial.first_day()


def timeline_chart(rows: list[DealRow], group: str, output: Path) -> Path:
    """Write a timeline of a group's deals to ``output`` (.svg, .png or .html): one lane per
    deal, a bar over its term (a dot at its date for a one-off), coloured by status, labelled
    with title and amount; deals with no date are counted in the title. Return the path."""
    check_suffix(output)
    dated = []
    for row in rows:
        start = _day(row.term_start) or _day(row.announced)
        if start is not None:
            dated.append((start, _day(row.term_end, last=True), row))
    if not dated:
        raise ValueError(f"{group!r} has no dated deals in the graph")
    dated.sort(key=lambda item: (item[0], item[2].id))
    undated = len(rows) - len(dated)
    title = f"{group}: {len(dated)} deals over time" + (
        f" ({undated} without a date not shown)" if undated else ""
    )

    def draw(pyplot: Any) -> Any:
        import matplotlib.dates as mdates

        figure, axes = pyplot.subplots(figsize=(11, 1.4 + 0.3 * len(dated)))
        for lane, (start, end, row) in enumerate(dated):
            color = STATUS_COLORS.get(row.status, "#777777")
            if end is not None and end > start:
                axes.barh(
                    lane,
                    mdates.date2num(end) - mdates.date2num(start),
                    left=mdates.date2num(start),
                    height=0.5,
                    color=color,
                    gid=f"deal-{row.id}",
                )
            else:
                axes.plot([mdates.date2num(start)], [lane], "o", color=color, gid=f"deal-{row.id}")
            value = f" ({row.value})" if row.value else ""
            axes.annotate(
                f"{row.title}{value}",
                (mdates.date2num(start), lane),
                xytext=(4, 7),
                textcoords="offset points",
                fontsize=7,
                gid=f"label-{row.id}",
            )
        axes.set_yticks(list(range(len(dated))), labels=[row.kind for _, _, row in dated])
        axes.invert_yaxis()
        axes.xaxis_date()
        axes.set_title(title)
        handles = [
            pyplot.Line2D([], [], color=color, marker="s", linestyle="none", label=status)
            for status, color in STATUS_COLORS.items()
            if any(row.status == status for _, _, row in dated)
        ]
        axes.legend(handles=handles, loc="lower left", fontsize=7)
        return figure

    return _write(draw, title, output)
