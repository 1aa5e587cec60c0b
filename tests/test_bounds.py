"""Bounded work (no timed tests: each bound is shown by what it stops): deal-table ids in
linear probes, money-paths' limit applied during the search, and a query's max_seconds ending
the making of rows too, not only the search."""

from __future__ import annotations

import json
import warnings

import networkx as nx
import pytest

from aigraph.loaders.contract import RecordSet
from aigraph.queries import QUERIES
from aigraph.queries.budget import Budget
from aigraph.queries.library.money_paths import MoneyPathsParams, bounded_paths
from aigraph.queries.spec import _until


class CountingSet(set):
    """A set that counts membership tests."""

    probes = 0

    def __contains__(self, item: object) -> bool:
        CountingSet.probes += 1
        return super().__contains__(item)


def test_ids_for_many_identical_rows_take_linear_probes():
    made = RecordSet(["deal-x-3"])
    made.taken = CountingSet(made.taken)
    ids = [made.new_id("deal-x") for _ in range(2000)]
    assert ids[:4] == ["deal-x", "deal-x-2", "deal-x-4", "deal-x-5"]
    assert len(set(ids)) == 2000 and "deal-x-3" not in ids
    assert CountingSet.probes <= 2 * 2000 + 2  # was about n^2 / 2 (two million)


def complete(n: int) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_edges_from((a, b) for a in range(n) for b in range(n) if a != b)
    return nx.relabel_nodes(graph, {i: f"g{i:02d}" for i in range(n)})


def test_money_paths_stops_at_the_length_that_fills_the_limit():
    graph = complete(12)  # 10 paths of two hops, 90 of three, thousands longer
    params = MoneyPathsParams(source="g00", target="g01", max_length=6, limit=5)
    found = bounded_paths(graph, "g00", "g01", params)
    assert found[0] == ["g00", "g01"] and {len(p) for p in found} == {2, 3}
    assert len(found) == 1 + 10  # the whole of length 2, nothing longer enumerated
    everything = MoneyPathsParams(source="g00", target="g01", max_length=3, limit=None)
    all_paths = bounded_paths(graph, "g00", "g01", everything)
    expected = nx.all_simple_paths(graph, "g00", "g01", cutoff=3)
    assert sorted(map(tuple, all_paths)) == sorted(map(tuple, expected))


def test_money_paths_warns_when_max_paths_cuts_the_search():
    graph = complete(12)
    params = MoneyPathsParams(source="g00", target="g01", max_length=6, limit=None, max_paths=50)
    with pytest.warns(UserWarning, match="money-paths stopped after 50 paths"):
        found = bounded_paths(graph, "g00", "g01", params)
    assert len(found) == 50


def test_rows_stop_being_made_when_the_budget_is_spent():
    records = iter([{"n": 1}, {"n": 2}])
    budget = Budget(3)
    budget.deadline = 0.0  # spent
    with pytest.warns(UserWarning, match="stopped making rows after 3 s"):
        assert list(_until(records, budget, "circular-financing")) == []
    assert budget.truncated


def test_circular_financing_max_seconds_bounds_the_rows_too(curated):
    query = QUERIES["circular-financing"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rows = query.run(curated, query.params(max_seconds=1e-9, any_order=True))
    assert rows == [] and any("truncated: true" in str(w.message) for w in caught)
    assert query.run(curated, query.params(any_order=True))  # the default budget finds them


def test_printing_stops_at_the_budget_with_a_note(capsys):
    from pydantic import BaseModel

    from aigraph.cli import print_rows_within

    class Row(BaseModel):
        n: int

    rows = [Row(n=n) for n in range(250)]
    print_rows_within(rows, "Loops", deadline=0.0)  # the budget is spent: one table, a note
    out, err = capsys.readouterr()
    out = " ".join(out.split())  # a narrow table wraps its title
    assert "Loops (250 rows, 1-100)" in out and "│ 99 │" in out and "│ 100 │" not in out
    assert "150 more rows not printed within --max-seconds" in err
    print_rows_within(rows, "Loops", deadline=None)  # no budget: every row, one table
    out, _ = capsys.readouterr()
    out = " ".join(out.split())
    assert "Loops (250 rows)" in out and "│ 249 │" in out


# -- every command bounded (issue 25): on a dense table each stops on --max-seconds and says so


DENSE_ORGANIZATIONS = 12
"""133k loops of up to 6 hops: far more than any machine makes rows of in a second."""
EXPLAINED = [f"org-{n:03d}" for n in range(8)]
"""A loop of 8 members: 16k loops among them to look through."""


@pytest.fixture(scope="module")
def dense(tmp_path_factory) -> str:
    from aigraph.graph.synthetic import dense_deal_table

    folder = tmp_path_factory.mktemp("dense")
    return str(dense_deal_table(folder / "dense.csv", DENSE_ORGANIZATIONS))


def run_cli(arguments: list[str], tmp_path) -> tuple[int, str, str]:
    from typer.testing import CliRunner

    from aigraph.cli import app

    env = {"AIGRAPH_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "200"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the steps' own warnings; the command's note stays
        result = CliRunner().invoke(app, arguments, env=env)
    return result.exit_code, result.stdout, result.stderr


BUDGET_NOTE = "stopped on its budget of 1 s"


@pytest.mark.parametrize(
    "arguments",
    [
        ["report", "--json"],
        ["stress", "--remove", "org-000", "--json"],
        ["explain", *EXPLAINED, "--json"],
        ["query", "circular-financing", "--null-model", "5", "--json"],
    ],
    ids=["report", "stress", "explain", "null-model"],
)
def test_each_command_ends_on_its_budget_with_truncated_in_json(arguments, dense, tmp_path):
    code, out, err = run_cli([*arguments, "--max-seconds", "1", "--deals", dense], tmp_path)
    assert code == 0, err
    found = json.loads(out)
    assert found["truncated"] is True
    assert BUDGET_NOTE in err and "(truncated: true)" in err
    if "--null-model" in arguments:
        assert found["rewirings"] == 5 and found["rewirings_done"] < 5


@pytest.mark.parametrize(
    "arguments",
    [["report"], ["stress", "--remove", "org-000"], ["hubs"], ["hubs", "--json"]],
    ids=["report", "stress", "hubs", "hubs-json"],
)
def test_each_command_ends_on_its_budget_with_a_warning(arguments, dense, tmp_path):
    code, out, err = run_cli([*arguments, "--max-seconds", "1", "--deals", dense], tmp_path)
    assert code == 0, err
    assert BUDGET_NOTE in err and "(truncated: true)" in err
    if arguments == ["report"]:
        assert "top 10, --all for every loop" in " ".join(out.split())
        assert "No random rewirings ran within the budget" in out or "rewirings within" in out
    if arguments == ["hubs", "--json"]:  # still the list of hubs (the note is on stderr)
        assert isinstance(json.loads(out), list)


def test_the_report_keeps_only_its_top_loops_while_it_counts_them_all(curated, monkeypatch):
    from aigraph.queries.library import circular_financing as module
    from aigraph.queries.library.circular_financing import (
        LoopTally,
        loop_flows,
        loop_records,
        loop_rows,
    )

    monkeypatch.setattr(module, "KEPT_SLACK", 0)  # trim as often as it can
    params = module.CircularFinancingParams(any_order=True)
    flows = loop_flows(curated, params)
    every = loop_rows(loop_records(flows, params), params)
    assert len(every) > 8
    tally = LoopTally()
    top = loop_rows(loop_records(flows, params), params.model_copy(update={"limit": 3}), tally)
    assert top == every[:3]
    assert tally.loops == len(every)
    assert tally.direct == sum(row.mechanism.value != "indirect" for row in every)


# -- within the budget the results are today's (bundled data)


def test_report_loops_are_the_query_rows_within_the_budget(curated, tmp_path, monkeypatch):
    from aigraph.printing import report_sections

    monkeypatch.setenv("AIGRAPH_CACHE_DIR", str(tmp_path))
    budget = Budget(600)
    loops = report_sections(curated, budget=budget)["circular_financing"]
    assert loops == QUERIES["circular-financing"].run(curated)
    top = report_sections(curated, budget=budget, limit=10)["circular_financing"]
    assert top == loops[:10] and not budget.truncated
    code, out, _ = run_cli(["report", "--json"], tmp_path)
    assert code == 0 and json.loads(out)["truncated"] is False


def test_stress_and_explain_are_unchanged_within_the_budget(curated):
    from aigraph.explain import explain
    from aigraph.queries import circular_financing
    from aigraph.queries.stress import StressParams, stress

    result = stress(curated, StressParams(remove=["openai"]), Budget(600))
    expected = [
        row.members for row in QUERIES["circular-financing"].run(curated) if "openai" in row.members
    ]
    assert [loop.members for loop in result.broken_loops] == expected and expected
    assert result.truncated is False
    for members in (["amazon", "anthropic"], ["nvidia", "openai", "oracle"]):
        found = explain(curated, members, Budget(600))
        groups = sorted(members)
        before = [
            row
            for row in circular_financing(curated, any_order=True, max_length=len(groups))
            if sorted(row.members) == groups
        ]
        assert found.loops == before and before and found.truncated is False


def test_null_model_within_the_budget_is_the_unbounded_one(curated):
    from aigraph.queries.library.circular_financing import CircularFinancingParams
    from aigraph.queries.significance import loop_significance

    params = CircularFinancingParams()
    unbounded = loop_significance(curated, params, rewirings=8, seed=1)
    bounded = loop_significance(curated, params, rewirings=8, seed=1, budget=Budget(600))
    assert bounded == unbounded
    assert bounded.truncated is False and bounded.rewirings_done is None


def test_null_model_stops_on_the_budget_with_the_rewirings_done(curated):
    from aigraph.queries.library.circular_financing import CircularFinancingParams
    from aigraph.queries.significance import loop_significance, significance_sentence

    budget = Budget(600)

    def spend_after_three(done: int, total: int) -> None:
        if done == 3:
            budget.deadline = 0.0  # the budget runs out after the third rewiring

    with pytest.warns(UserWarning, match="null model: 3 of 10 rewirings"):
        found = loop_significance(
            curated,
            CircularFinancingParams(),
            rewirings=10,
            seed=1,
            progress=spend_after_three,
            budget=budget,
        )
    assert found.truncated and found.rewirings_done == 3 and budget.truncated
    first_three = loop_significance(curated, CircularFinancingParams(), rewirings=3, seed=1)
    assert found.random_mean == first_three.random_mean  # over the three that ran
    assert "3 of 10 rewirings within the budget" in significance_sentence(found)
