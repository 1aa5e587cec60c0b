"""Query rows as pandas DataFrames (the notebook path)."""

from aigraph.queries import CircularFinancingRow, circular_financing, to_frame


def test_a_frame_has_one_row_per_result_and_the_row_type_columns(curated):
    rows = circular_financing(curated)
    frame = to_frame(rows)
    assert list(frame.columns) == list(CircularFinancingRow.model_fields)
    assert len(frame) == len(rows)
    assert frame["members"].tolist() == [row.members for row in rows]
    assert set(frame["mechanism"]) <= {"supplier-finances-customer", "indirect", "mixed"}
    assert frame["smallest_usd"].dtype == float


def test_an_empty_result_keeps_its_columns():
    frame = to_frame([], CircularFinancingRow)
    assert frame.empty and list(frame.columns) == list(CircularFinancingRow.model_fields)
