"""Bounded work (no timed tests: each bound is shown by what it stops): deal-table ids in
linear probes, money-paths' limit applied during the search, and a query's max_seconds ending
the making of rows too, not only the search."""

from __future__ import annotations

import warnings

import networkx as nx
import pytest

from aigraph.loaders.contract import RecordSet
from aigraph.queries import QUERIES
from aigraph.queries.library.money_paths import MoneyPathsParams, bounded_paths
from aigraph.queries.budget import Budget
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
