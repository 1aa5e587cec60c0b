"""Charts of query results, written as SVG, PNG or a self-contained HTML page (matplotlib,
the optional ``charts`` extra; the HTML page embeds the SVG and needs no network)."""

from __future__ import annotations

import io
from html import escape
from pathlib import Path

from aigraph.graph.model.vocabulary import ExposureSide
from aigraph.queries.library.exposure import ExposureRow

CHART_SUFFIXES = (".svg", ".png", ".html")


def _figure_bytes(rows: list[ExposureRow], title: str, fmt: str) -> bytes:
    try:
        import matplotlib

        matplotlib.use("Agg")
        matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text in an SVG
        from matplotlib import pyplot
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("charts need matplotlib: pip install 'aigraph[charts]'") from None
    labels = [row.counterparty for row in rows]
    full = [(row.full_term_usd or 0.0) / 1e9 for row in rows]
    committed = [(row.committed_usd or 0.0) / 1e9 for row in rows]
    figure, axes = pyplot.subplots(figsize=(8, 1.2 + 0.45 * max(len(rows), 1)))
    try:
        positions = range(len(rows))
        axes.barh(positions, full, color="#9DB4D1", label="full term")
        axes.barh(positions, committed, height=0.4, color="#2F5E8E", label="committed minimum")
        axes.set_yticks(list(positions), labels=labels, gid="customers")
        axes.invert_yaxis()
        axes.set_xlabel("USD billions")
        axes.set_title(title)
        for position, row in zip(positions, rows, strict=True):
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
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
        return buffer.getvalue()
    finally:
        pyplot.close(figure)


def exposure_chart(rows: list[ExposureRow], provider: str, output: Path) -> Path:
    """Write a bar chart of a provider's contracted revenue by customer (full term, committed
    minimum, share) to ``output`` (.svg, .png or .html); return the path."""
    revenue = [r for r in rows if r.group == provider and r.side is ExposureSide.REVENUE]
    if not revenue:
        raise ValueError(f"{provider!r} has no contracted revenue in the graph")
    top = revenue[0]
    hhi = f", HHI {top.hhi:.2f}" if top.hhi is not None else ""
    title = f"{provider}: contracted revenue by customer{hhi}"
    suffix = output.suffix.lower()
    if suffix not in CHART_SUFFIXES:
        raise ValueError(f"{output}: write .svg, .png or .html")
    if suffix == ".png":
        output.write_bytes(_figure_bytes(revenue, title, "png"))
    else:
        svg = _figure_bytes(revenue, title, "svg").decode("utf-8")
        if suffix == ".html":
            svg = svg[svg.index("<svg") :]
            svg = (
                f"<!doctype html>\n<html><head><meta charset='utf-8'><title>{escape(title)}"
                f"</title></head><body>\n{svg}\n</body></html>\n"
            )
        output.write_text(svg, encoding="utf-8")
    return output
