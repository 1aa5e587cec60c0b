"""Charts of query results (matplotlib, the optional ``charts`` extra): each function returns
the matplotlib Figure (shown inline in a notebook, restyled at will) and also writes it when
given a path: SVG, PDF, PNG (300 dpi unless told) or a self-contained HTML page around the SVG.
Organizations are labelled by name (``names``: id -> name); a ``footnote`` (see
:func:`chart_footnote`: the data's date and content hash, the evidence policy, the number of
sources) is printed under the figure.

Every drawn element that a reader (or a test) looks for carries an SVG id: ``share-<customer>``
on the exposure chart, ``flow-<payer>-<payee>`` on the money-flow Sankey, ``deal-<id>`` on the
timeline.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from aigraph.graph.dataset import Dataset
from aigraph.graph.model.dates import PartialDate
from aigraph.graph.model.vocabulary import ExposureSide, Status
from aigraph.graph.money import MoneyFlow
from aigraph.graph.outputs.files import write_atomic
from aigraph.queries.library.deals import DealRow
from aigraph.queries.library.exposure import ExposureRow

CHART_SUFFIXES = (".svg", ".pdf", ".png", ".html")
DEFAULT_DPI = 300
"""Resolution of PNG charts (print quality); SVG and PDF are vector."""
CHARTS_HINT = "charts need matplotlib: pip install 'aigraph[charts]'"
"""The one-line message when the charts extra is not installed (the README's install form)."""
EVIDENCE_POLICY = (
    "Evidence: every amount, date and status cites a source with a verbatim quote; "
    "an unknown amount is never counted as zero."
)
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
def _matplotlib() -> Iterator[Any]:
    """Yield matplotlib with the settings of every chart (no pyplot: figures are plain
    objects, so no backend is switched and a notebook shows the returned figure once)."""
    try:
        import matplotlib
    except ImportError:  # depends on the environment
        raise ImportError(CHARTS_HINT) from None
    with matplotlib.rc_context(
        {
            "svg.fonttype": "none",  # text stays text in an SVG
            "svg.hashsalt": "aigraph",  # the same ids on every run
            "text.parse_math": False,  # "$30B" is money, not TeX
            "pdf.fonttype": 42,  # TrueType in PDFs (editable text)
        }
    ):
        yield matplotlib


def _figure(width: float, height: float) -> tuple[Any, Any]:
    """Return a new figure and its axes (outside pyplot): a matplotlib ``Figure`` that Jupyter
    shows inline as a PNG whatever the backend (it has ``_repr_png_``)."""
    from matplotlib.figure import Figure

    class ChartFigure(Figure):
        """A matplotlib figure that renders itself for Jupyter's rich display."""

        def _repr_png_(self) -> bytes:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
            return buffer.getvalue()

    figure = ChartFigure(figsize=(width, height))
    return figure, figure.subplots()


def _name(names: Mapping[str, str] | None, record_id: str) -> str:
    return (names or {}).get(record_id, record_id)


def names_of(dataset: Dataset) -> dict[str, str]:
    """Return the name of every organization by id (the labels of the charts)."""
    return {org.id: org.name for org in dataset.organizations}


def chart_footnote(dataset: Dataset, policy: str = EVIDENCE_POLICY) -> str:
    """Return the footnote of a chart of ``dataset``: the date of its latest source, a hash of
    its content, the evidence policy and the number of sources, "sources: aigraph", and the
    credit lines of the public datasets in it."""
    sources = [r for r in dataset if r.label == "Source"]
    published = sorted(str(p) for r in sources if (p := getattr(r, "published", None)))
    digest = hashlib.sha256()
    for record in sorted(dataset, key=lambda r: r.id):
        digest.update(json.dumps(record.model_dump(mode="json"), sort_keys=True).encode())
    latest = f"data to {published[-1]}" if published else "data undated"
    credits = dataset.credits()
    return (
        f"{policy}\n{latest}, content {digest.hexdigest()[:12]}, {len(sources)} sources. "
        "sources: aigraph" + (f"\nData: {'; '.join(credits)}" if credits else "")
    )


def check_suffix(output: Path) -> str:
    """Return the chart's suffix (.svg, .pdf, .png or .html), or raise ValueError for another."""
    suffix = output.suffix.lower()
    if suffix not in CHART_SUFFIXES:
        raise ValueError(f"{output}: write .svg, .pdf, .png or .html")
    return suffix


def _finish(figure: Any, footnote: str | None) -> Any:
    """Lay the figure out, with the footnote (if any) under it in small type; return it."""
    rect = (0.0, 0.0, 1.0, 1.0)
    if footnote:
        lines = footnote.count("\n") + 1
        height = figure.get_figheight()
        share = min(0.4, (lines * 8.5 + 6) / 72 / height)
        figure.text(
            0.01,
            0.01,
            footnote,
            fontsize=6.5,
            ha="left",
            va="bottom",
            color="#555555",
            gid="footnote",
        )
        rect = (0.0, share, 1.0, 1.0)
    figure.tight_layout(rect=rect)
    return figure


def save_chart(figure: Any, output: Path, title: str, dpi: int = DEFAULT_DPI) -> Path:
    """Write ``figure`` to ``output`` by its suffix (SVG, PDF, PNG at ``dpi``, or HTML around
    the SVG); return the path."""
    suffix = check_suffix(output)
    fmt = {".png": "png", ".pdf": "pdf"}.get(suffix, "svg")
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"CreationDate": None} if fmt == "pdf" else None
    with _matplotlib():
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    if fmt in ("png", "pdf"):
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


def _chart(
    draw: Callable[[], Any], title: str, output: Path | None, footnote: str | None, dpi: int
) -> Any:
    """Draw with ``draw()`` (which returns the figure), lay it out, write it to ``output``
    when given; return the figure."""
    if output is not None:
        check_suffix(output)
    with _matplotlib():
        figure = _finish(draw(), footnote)
    if output is not None:
        save_chart(figure, output, title, dpi)
    return figure


def _billions(value: float | None) -> str:
    return "amount unknown" if value is None else f"${value / 1e9:,.1f}B"


def exposure_chart(
    rows: list[ExposureRow],
    provider: str,
    output: Path | None = None,
    *,
    names: Mapping[str, str] | None = None,
    footnote: str | None = None,
    dpi: int = DEFAULT_DPI,
) -> Any:
    """Return a bar chart (a matplotlib Figure) of a provider's contracted revenue by customer
    (full term, committed minimum, share), written to ``output`` (.svg, .pdf, .png or .html)
    when given. The legend sits beside the axes, never over a bar's label."""
    revenue = [r for r in rows if r.group == provider and r.side is ExposureSide.REVENUE]
    if not revenue:
        raise ValueError(f"{provider!r} has no contracted revenue in the graph")
    top = revenue[0]
    hhi = f", HHI {top.hhi:.2f}" if top.hhi is not None else ""
    title = f"{_name(names, provider)}: contracted revenue by customer{hhi}"

    def draw() -> Any:
        labels = [_name(names, row.counterparty) for row in revenue]
        full = [(row.full_term_usd or 0.0) / 1e9 for row in revenue]
        committed = [(row.committed_usd or 0.0) / 1e9 for row in revenue]
        figure, axes = _figure(9, 1.9 + 0.45 * len(revenue))
        positions = range(len(revenue))
        axes.barh(positions, full, color=FULL_TERM_COLOR, label="full term")
        axes.barh(positions, committed, height=0.4, color=COMMITTED_COLOR, label="committed")
        axes.set_yticks(list(positions), labels=labels, gid="customers")
        axes.invert_yaxis()
        axes.set_xlabel("USD billions")
        axes.set_title(title)
        axes.set_xlim(0, max([*full, 1e-9]) * 1.15)  # room for the share after the longest bar
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
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        return figure

    return _chart(draw, title, output, footnote, dpi)


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


def flows_chart(
    flows: list[MoneyFlow],
    group: str,
    output: Path | None = None,
    *,
    names: Mapping[str, str] | None = None,
    footnote: str | None = None,
    dpi: int = DEFAULT_DPI,
) -> Any:
    """Return a Sankey (a matplotlib Figure) of a group's money: who pays it (left), who it
    pays (right), ribbons as wide as the known USD totals; written to ``output`` (.svg, .pdf,
    .png or .html) when given.

    Flows with no known amount are drawn as thin grey ribbons and counted in the labels."""
    inflows, outflows = sankey_links(flows, group)
    if not inflows and not outflows:
        raise ValueError(f"{group!r} has no money flows with other groups in the graph")
    received = sum(link.usd for link in inflows)
    paid = sum(link.usd for link in outflows)
    title = (
        f"{_name(names, group)}: money flows "
        f"(received {_billions(received)}, paid {_billions(paid)})"
    )
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

    def draw() -> Any:
        from matplotlib.patches import Rectangle

        figure, axes = _figure(10, 1.5 + 0.42 * max(sides, 2))
        axes.set_axis_off()
        axes.set_xlim(-0.45, 1.45)
        total_in = sum(height(link) for link in inflows)
        total_out = sum(height(link) for link in outflows)
        centre = (1 - max(total_in, total_out), 1.0)
        axes.add_patch(
            Rectangle(
                (0.47, centre[0]),
                0.06,
                centre[1] - centre[0],
                color="#333333",
                gid=f"group-{group}",
            )
        )
        axes.text(0.5, 1.02, _name(names, group), ha="center", va="bottom", fontweight="bold")
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
                        ribbon_from[0],
                        ribbon_to[0],
                        ribbon_from[1],
                        ribbon_to[1],
                        tint,
                        f"flow-{link.payer}-{link.payee}",
                    )
                )
                axes.add_patch(Rectangle((x_node - 0.01, low), 0.02, high - low, color=tint))
                axes.text(
                    x_text,
                    (low + high) / 2,
                    f"{_name(names, counterparty)}  {_link_amount(link)}",
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

    return _chart(draw, title, output, footnote, dpi)


def _day(text: str | None, last: bool = False) -> date | None:
    """Return the first (or ``last``) day a partial date such as ``2025-05`` can mean."""
    if not text:
        return None
    partial = PartialDate.parse(text)
    return partial.last_day() if last else partial.first_day()


def timeline_chart(
    rows: list[DealRow],
    group: str,
    output: Path | None = None,
    *,
    names: Mapping[str, str] | None = None,
    footnote: str | None = None,
    dpi: int = DEFAULT_DPI,
) -> Any:
    """Return a timeline (a matplotlib Figure) of a group's deals, written to ``output``
    (.svg, .pdf, .png or .html) when given: one lane per deal, a bar over its term (a dot at
    its date for a one-off), coloured by status, labelled with title and amount; deals with no
    date are counted in the title."""
    dated = []
    for row in rows:
        start = _day(row.term_start) or _day(row.announced)
        if start is not None:
            dated.append((start, _day(row.term_end, last=True), row))
    if not dated:
        raise ValueError(f"{group!r} has no dated deals in the graph")
    dated.sort(key=lambda item: (item[0], item[2].id))
    undated = len(rows) - len(dated)
    title = f"{_name(names, group)}: {len(dated)} deals over time" + (
        f" ({undated} without a date not shown)" if undated else ""
    )

    def draw() -> Any:
        import matplotlib.dates as mdates
        from matplotlib.lines import Line2D

        figure, axes = _figure(11, 1.4 + 0.3 * len(dated))
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
            Line2D([], [], color=color, marker="s", linestyle="none", label=status)
            for status, color in STATUS_COLORS.items()
            if any(row.status == status for _, _, row in dated)
        ]
        axes.legend(handles=handles, loc="lower left", fontsize=7)
        return figure

    return _chart(draw, title, output, footnote, dpi)
