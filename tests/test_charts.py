"""Charts are written and read back: the SVG's elements, the PNG's header, the HTML's SVG."""

import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from seeds import deal, org, seeded
from typer.testing import CliRunner

from aigraph.charts import SankeyLink, flows_chart, sankey_links, timeline_chart
from aigraph.cli import app
from aigraph.queries import deals

runner = CliRunner()
SVG = "{http://www.w3.org/2000/svg}"


def test_exposure_chart_as_svg_has_a_bar_and_a_share_per_customer(tmp_path):
    path = tmp_path / "microsoft.svg"
    result = runner.invoke(app, ["chart", "exposure", "--provider", "microsoft", "-o", str(path)])
    assert result.exit_code == 0, result.output
    root = ET.parse(path).getroot()
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    assert {"share-openai", "share-anthropic"} <= ids
    assert root.tag == f"{SVG}svg"
    text = " ".join(root.itertext())
    assert "Microsoft: contracted revenue by customer, HHI 0.81" in text
    assert "89%" in text and "11%" in text and "OpenAI" in text and "openai" not in text.split()


def test_exposure_chart_as_png_and_html(tmp_path):
    png, html = tmp_path / "oracle.png", tmp_path / "oracle.html"
    for path in (png, html):
        result = runner.invoke(app, ["chart", "exposure", "--provider", "oracle", "-o", str(path)])
        assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = html.read_text()
    assert page.startswith("<!doctype html>") and "<svg" in page and 'id="share-openai"' in page
    assert "http" not in page.split("<svg", 1)[0]


def test_exposure_chart_refuses_an_unknown_provider_and_a_bad_suffix(tmp_path):
    unknown = runner.invoke(
        app, ["chart", "exposure", "--provider", "oracel", "-o", str(tmp_path / "a.svg")]
    )
    assert unknown.exit_code == 2 and "did you mean oracle" in unknown.output
    suffix = runner.invoke(
        app, ["chart", "exposure", "--provider", "oracle", "-o", str(tmp_path / "a.jpg")]
    )
    assert suffix.exit_code == 2 and ".svg, .pdf, .png or .html" in suffix.output
    nothing = runner.invoke(
        app, ["chart", "exposure", "--provider", "menlo", "-o", str(tmp_path / "b.svg")]
    )
    assert nothing.exit_code == 2 and "no contracted revenue" in nothing.output


def _svg(path):
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    return root, {element.get("id") for element in root.iter() if element.get("id")}


def _seeded_flows(tmp_path):
    return seeded(
        tmp_path,
        [org("chipco"), org("lab"), org("cloud"), org("labco", parent="lab")],
        [
            deal("lab-chips", "chip-supply", "lab", "chipco", value="3B USD", announced="2025-03"),
            deal("labco-chips", "chip-supply", "labco", "chipco", value=None, announced="2025-05"),
            deal("stake", "investment", "chipco", "lab", value="2B USD", announced="2025-01"),
            deal("inside", "investment", "lab", "labco", value="9B USD", announced="2025-01"),
            deal("rent", "compute-lease", "cloud", "chipco", start="2025-02", end="2027-02"),
        ],
    )


def test_sankey_links_sum_known_amounts_per_counterparty_group_and_leave_out_the_group_itself(
    tmp_path,
):
    graph = _seeded_flows(tmp_path)
    inflows, outflows = sankey_links(graph.money_flows(), "lab")
    assert outflows == [SankeyLink(payer="lab", payee="chipco", usd=3e9, flows=2, unknown=1)]
    assert inflows == [SankeyLink(payer="chipco", payee="lab", usd=2e9, flows=1, unknown=0)]
    inflows, outflows = sankey_links(graph.money_flows(), "chipco")
    assert [(k.payer, k.usd) for k in inflows] == [("lab", 3e9), ("cloud", 1e9)]
    assert [(k.payee, k.usd) for k in outflows] == [("lab", 2e9)]


def test_flows_chart_draws_a_ribbon_per_counterparty_with_its_amount(tmp_path):
    graph = _seeded_flows(tmp_path)
    flows_chart(graph.money_flows(), "chipco", tmp_path / "chipco.svg")
    root, ids = _svg(tmp_path / "chipco.svg")
    assert {"flow-lab-chipco", "flow-cloud-chipco", "flow-chipco-lab", "group-chipco"} <= ids
    assert "flow-lab-labco" not in ids  # inside one group: not a flow between groups
    text = " ".join(root.itertext())
    assert "chipco: money flows (received $4.0B, paid $2.0B)" in text
    assert "lab  $3.0B + 1 unknown" in text and "cloud  $1.0B" in text
    with pytest.raises(ValueError, match="no money flows"):
        flows_chart([], "chipco", tmp_path / "none.svg")


def test_timeline_chart_marks_each_dated_deal_and_counts_the_undated(tmp_path):
    graph = seeded(
        tmp_path,
        [org("lab"), org("cloud")],
        [
            deal("rent", "compute-lease", "lab", "cloud", start="2025-02", end="2027-02"),
            deal("stake", "investment", "cloud", "lab", announced="2024-06"),
            deal("someday", "investment", "cloud", "lab"),
        ],
    )
    rows = deals(graph, entity="lab")
    timeline_chart(rows, "lab", tmp_path / "lab.svg")
    root, ids = _svg(tmp_path / "lab.svg")
    assert {"deal-rent", "deal-stake", "label-rent"} <= ids and "deal-someday" not in ids
    text = " ".join(root.itertext())
    assert "lab: 2 deals over time (1 without a date not shown)" in text
    assert "rent (1B USD)" in text
    with pytest.raises(ValueError, match="no dated deals"):
        timeline_chart([r for r in rows if r.id == "someday"], "lab", tmp_path / "x.svg")


def test_chart_flows_and_timeline_on_the_bundled_data(tmp_path):
    flows, timeline = tmp_path / "nvidia.html", tmp_path / "oracle.svg"
    result = runner.invoke(app, ["chart", "flows", "--group", "nvidia", "-o", str(flows)])
    assert result.exit_code == 0, result.output
    page = flows.read_text()
    assert page.startswith("<!doctype html>") and 'id="flow-nvidia-openai"' in page
    assert 'id="flow-oracle-nvidia"' in page  # Oracle's Abilene GPU order
    result = runner.invoke(app, ["chart", "timeline", "--group", "oracle", "-o", str(timeline)])
    assert result.exit_code == 0, result.output
    _, ids = _svg(timeline)
    assert "deal-openai-oracle-300b" in ids
    unknown = runner.invoke(
        app, ["chart", "flows", "--group", "nvidai", "-o", str(tmp_path / "x.svg")]
    )
    assert unknown.exit_code == 2 and "did you mean nvidia" in unknown.output


def test_the_readme_charts_come_from_the_project_script(tmp_path):
    """scripts/charts.py writes every chart the README shows (into a scratch folder here)."""
    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("readme_charts", root / "scripts" / "charts.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    written = script.main(["--out", str(tmp_path)])
    readme = (root / "README.md").read_text()
    shown = set(re.findall(r"\]\(docs/([\w-]+\.svg)\)", readme))
    assert shown and shown <= {path.name for path in written}
    for path in written:
        _svg(path)
        assert (root / "docs" / path.name).exists()
    _, ids = _svg(tmp_path / "nvidia-flows.svg")
    assert "flow-nvidia-openai" in ids


def test_a_chart_function_returns_the_figure_and_writes_only_when_given_a_path(tmp_path):
    from matplotlib.figure import Figure

    graph = _seeded_flows(tmp_path)
    figure = flows_chart(graph.money_flows(), "chipco", names={"lab": "Lab One"})
    assert isinstance(figure, Figure)
    assert not list(tmp_path.glob("*.svg")) and not list(tmp_path.glob("*.png"))
    texts = [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text"))]
    assert any(t.startswith("Lab One  $3.0B") for t in texts)
    again = flows_chart(graph.money_flows(), "chipco", tmp_path / "chipco.png", dpi=120)
    assert isinstance(again, Figure) and (tmp_path / "chipco.png").exists()


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_a_chart_for_a_paper_pdf_300_dpi_names_and_a_footnote(tmp_path):
    pdf, png, low, svg = (tmp_path / n for n in ("o.pdf", "o.png", "low.png", "o.svg"))
    for path, extra in ((pdf, []), (png, []), (low, ["--dpi", "100"]), (svg, [])):
        result = runner.invoke(
            app, ["chart", "flows", "--group", "nvidia", "-o", str(path), *extra]
        )
        assert result.exit_code == 0, result.output
    assert pdf.read_bytes()[:5] == b"%PDF-"
    width, low_width = _png_size(png)[0], _png_size(low)[0]
    assert width == 3 * low_width and width >= 3000  # 300 dpi by default, --dpi 100 a third
    root, ids = _svg(svg)
    text = " ".join(root.itertext())
    assert "footnote" in ids
    assert "Nvidia: money flows" in text and "OpenAI  $" in text
    assert "verbatim quote" in text and "sources: aigraph" in text
    assert re.search(r"data to \d{4}-\d{2}-\d{2}, content [0-9a-f]{12}, \d+ sources", text)


def test_the_exposure_legend_covers_no_label(curated):
    from aigraph.charts import exposure_chart, names_of
    from aigraph.queries import exposure

    for provider in ("oracle", "microsoft"):
        figure = exposure_chart(
            exposure(curated, provider=provider), provider, names=names_of(curated.dataset)
        )
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        renderer = FigureCanvasAgg(figure).get_renderer()
        (axes,) = figure.axes
        legend = axes.get_legend().get_window_extent(renderer)
        labels = [t.get_window_extent(renderer) for t in axes.texts]
        labels += [t.get_window_extent(renderer) for t in axes.get_yticklabels()]
        labels.append(axes.xaxis.label.get_window_extent(renderer))
        assert labels and not any(legend.overlaps(box) for box in labels), provider


def test_chart_without_matplotlib_is_one_line_naming_the_install_command(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now fails
    result = runner.invoke(
        app, ["chart", "flows", "--group", "nvidia", "-o", str(tmp_path / "x.svg")]
    )
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "error: charts need matplotlib: pip install 'aigraph[charts]'"
    ]
    assert "Traceback" not in result.output
