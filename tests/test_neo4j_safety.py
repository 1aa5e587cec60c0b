"""Nothing of a user's lost in Neo4j (against the real Bolt test server): loads into one
database are serialised by a lock node, a load never takes over or deletes a node it did not
stamp, and the relabel step of a deal whose kind changed touches only aigraph's nodes."""

from __future__ import annotations

import threading

import pytest
from seeds import deal, org, seeded
from typer.testing import CliRunner

from aigraph.cli import app
from aigraph.graph.outputs.neo4j import (
    LOCK_LABEL,
    Neo4jLoadRefused,
    load_lock,
    relabel_statement,
    write_graph,
)

pytestmark = pytest.mark.neo4j
runner = CliRunner()


def run(driver, database, cypher, **parameters):
    with driver.session(database=database) as session:
        return session.execute_write(lambda tx: [r.data() for r in tx.run(cypher, parameters)])


@pytest.fixture
def clean(bolt_driver, bolt_settings):
    """Leave the shared server as it was: no foreign nodes, no lock."""
    yield
    db = bolt_settings.database
    run(bolt_driver, db, "MATCH (n) WHERE n.load_stamp IS NULL DETACH DELETE n")


def test_a_second_load_while_one_holds_the_lock_is_refused(
    bolt_driver, bolt_settings, tmp_path, clean
):
    db = bolt_settings.database
    graph = seeded(
        tmp_path, [org("chipco"), org("lab")], [deal("buy", "chip-supply", "lab", "chipco")]
    )
    with bolt_driver.session(database=db) as session, load_lock(session) as owner:
        with pytest.raises(Neo4jLoadRefused, match="another aigraph load is writing") as caught:
            write_graph(bolt_driver, graph, database=db)
        assert owner in str(caught.value)
    assert run(bolt_driver, db, f"MATCH (l:{LOCK_LABEL}) RETURN l") == []  # released
    write_graph(bolt_driver, graph, database=db)  # and the next load goes through
    assert run(bolt_driver, db, f"MATCH (l:{LOCK_LABEL}) RETURN l") == []


def test_concurrent_loads_leave_one_whole_graph(bolt_driver, bolt_settings, tmp_path, clean):
    db = bolt_settings.database
    graphs = [
        seeded(
            tmp_path / f"g{n}",
            [org(f"org-{n}-{i}") for i in range(30)],
            [
                deal(f"d-{n}-{i}", "chip-supply", f"org-{n}-{i}", f"org-{n}-{i + 1}")
                for i in range(29)
            ],
        )
        for n in range(3)
    ]
    outcomes: list[object] = []

    def load(graph) -> None:
        try:
            outcomes.append(write_graph(bolt_driver, graph, database=db, batch_size=5))
        except Neo4jLoadRefused as error:
            outcomes.append(error)

    threads = [threading.Thread(target=load, args=(g,)) for g in graphs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    finished = [o for o in outcomes if not isinstance(o, Neo4jLoadRefused)]
    assert finished and len(outcomes) == 3
    # the database holds exactly the graph of the last load that finished, whole
    stamp = finished[-1].stamp if len(finished) == 1 else None
    ids = {r["id"] for r in run(bolt_driver, db, "MATCH (n:Organization) RETURN n.id AS id")}
    groups = [{f"org-{n}-{i}" for i in range(30)} for n in range(3)]
    assert any(ids >= group and not (ids - group - {"chipco", "lab"}) for group in groups)
    if stamp:
        stamps = run(
            bolt_driver,
            db,
            "MATCH (n) WHERE n.load_stamp IS NOT NULL RETURN DISTINCT n.load_stamp AS s",
        )
        assert [r["s"] for r in stamps] == [stamp]


def test_an_unstamped_node_with_an_id_the_load_uses_is_not_taken_over(
    bolt_driver, bolt_settings, tmp_path, clean
):
    db = bolt_settings.database
    run(bolt_driver, db, "CREATE (:Organization {id: 'lab', name: 'My lab', mine: true})")
    graph = seeded(
        tmp_path, [org("chipco"), org("lab")], [deal("buy", "chip-supply", "lab", "chipco")]
    )
    with pytest.raises(Neo4jLoadRefused, match="Organization 'lab'"):
        write_graph(bolt_driver, graph, database=db)
    (mine,) = run(bolt_driver, db, "MATCH (n:Organization {id: 'lab'}) RETURN properties(n) AS p")
    assert mine["p"] == {"id": "lab", "name": "My lab", "mine": True}
    assert run(bolt_driver, db, f"MATCH (l:{LOCK_LABEL}) RETURN l") == []


def test_the_cli_refuses_a_clash_in_one_line(bolt_server, bolt_driver, bolt_settings, clean):
    run(bolt_driver, bolt_settings.database, "CREATE (:Organization {id: 'spacex'})")
    result = runner.invoke(
        app,
        [
            "neo4j",
            "load",
            "--uri",
            bolt_server.uri,
            "--username",
            bolt_server.username,
            "--password",
            bolt_server.password,
            "--database",
            bolt_server.database,
        ],
    )
    assert result.exit_code == 3 and "Organization 'spacex'" in result.output
    assert "Traceback" not in result.output


def test_a_deal_node_without_a_kind_label_is_not_deleted_by_the_relabel(
    bolt_driver, bolt_settings, tmp_path, clean
):
    db = bolt_settings.database
    run(
        bolt_driver,
        db,
        "CREATE (:Deal {id: 'buy', note: 'mine'})-[:NOTE_OF]->(:Note {text: 'kept'})",
    )
    graph = seeded(
        tmp_path, [org("chipco"), org("lab")], [deal("buy", "chip-supply", "lab", "chipco")]
    )
    with pytest.raises(Neo4jLoadRefused, match="Deal 'buy'"):
        write_graph(bolt_driver, graph, database=db)
    relabel = relabel_statement(("Deal", "ChipSupply"))
    assert relabel is not None
    run(bolt_driver, db, relabel, rows=[{"id": "buy"}])  # the step itself spares it too
    kept = run(
        bolt_driver, db, "MATCH (d:Deal {id: 'buy'})-[:NOTE_OF]->(n:Note) RETURN n.text AS t"
    )
    assert kept == [{"t": "kept"}]


def test_a_lock_left_by_a_killed_load_is_named_and_broken_with_break_lock(
    bolt_server, bolt_driver, bolt_settings, clean
):
    db = bolt_settings.database
    run(bolt_driver, db, f"CREATE (:{LOCK_LABEL} {{id: 'load', owner: 'killed:1', since: 'x'}})")
    connection = [
        "--uri",
        bolt_server.uri,
        "--username",
        bolt_server.username,
        "--password",
        bolt_server.password,
        "--database",
        bolt_server.database,
    ]
    refused = runner.invoke(app, ["neo4j", "load", *connection])
    assert refused.exit_code == 3 and "killed:1" in refused.output
    assert "--break-lock" in refused.output
    loaded = runner.invoke(app, ["neo4j", "load", *connection, "--break-lock"])
    assert loaded.exit_code == 0, loaded.output
    assert run(bolt_driver, db, f"MATCH (l:{LOCK_LABEL}) RETURN l") == []
