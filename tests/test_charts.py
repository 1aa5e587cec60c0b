"""Charts are written and read back: the SVG's elements, the PNG's header, the HTML's SVG."""

import xml.etree.ElementTree as ET

from typer.testing import CliRunner

from aigraph.cli import app

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
    assert "microsoft: contracted revenue by customer, HHI 0.81" in text
    assert "89%" in text and "11%" in text and "openai" in text


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
    assert suffix.exit_code == 2 and ".svg, .png or .html" in suffix.output
    nothing = runner.invoke(
        app, ["chart", "exposure", "--provider", "menlo", "-o", str(tmp_path / "b.svg")]
    )
    assert nothing.exit_code == 2 and "no contracted revenue" in nothing.output
