"""Query rows in notebooks: flat DataFrames (pandas), readable reprs and HTML tables."""

import pandas
import pytest

from aigraph.queries import CircularFinancingRow, circular_financing, exposure, to_frame


def test_a_frame_has_one_row_per_result_and_flat_columns(curated):
    rows = circular_financing(curated)
    frame = to_frame(rows)
    assert len(frame) == len(rows)
    assert list(frame.columns)[:4] == ["members", "length", "flows_count", "flows"]
    assert {"window_start", "window_end"} <= set(frame.columns) and "window" not in frame
    first = rows[0]
    assert frame.loc[0, "members"] == " -> ".join([*first.members, first.members[0]])
    assert frame.loc[0, "flows_count"] == len(first.flows)
    assert frame.loc[0, "flows"] == ", ".join(flow.deal for flow in first.flows)
    assert frame["window_start"].dtype.kind == "M"  # whole days as datetimes
    assert frame.loc[0, "window_start"] == pandas.Timestamp(first.window.start)
    assert frame["smallest_usd"].dtype == float
    assert not any(isinstance(v, list | dict) for v in frame.to_numpy().ravel())
    assert set(frame["mechanism"]) <= {"supplier-finances-customer", "indirect", "mixed"}


def test_a_frame_shows_usd_as_whole_dollars_and_keeps_floats(curated):
    frame = to_frame(exposure(curated, provider="oracle"))
    assert frame["full_term_usd"].dtype == float
    shown = repr(frame) + frame._repr_html_()
    assert "300,000,000,000" in shown and "e+11" not in shown


def test_explode_gives_one_row_per_flow(curated):
    rows = circular_financing(curated)
    frame = to_frame(rows, explode="flows")
    assert len(frame) == sum(len(row.flows) for row in rows)
    assert {"flows_deal", "flows_payer", "flows_total_usd"} <= set(frame.columns)
    assert "flows_count" not in frame
    with pytest.raises(ValueError, match="not a list field"):
        to_frame(rows, explode="length")


def test_an_empty_result_keeps_its_columns():
    frame = to_frame([], CircularFinancingRow)
    assert frame.empty and "members" in frame and "window_start" in frame


def test_rows_print_as_tables_and_a_row_as_its_fields(curated):
    rows = circular_financing(curated)
    text = repr(rows)
    assert text.splitlines()[0] == f"<{len(rows)} CircularFinancingRow>"
    assert "amazon -> openai -> amazon" in text and "FlowRef(" not in text
    html = rows._repr_html_()
    assert html.startswith("<table>") and html.count("<tr>") == len(rows) + 1
    one = repr(rows[0])
    assert one.startswith("CircularFinancingRow(\n  members: ") and "FlowRef" not in one
    assert "window_start: " in one and rows[0]._repr_html_().startswith("<table>")
    assert list(rows.to_frame().columns) == list(to_frame(rows).columns)
