"""Neo4j: connection settings, the batched idempotent writer, and the schema check.

Every statement is generated from the model (labels, relationship types and keys come from
``graph.schema``; values always travel as parameters). A load:

1. creates a uniqueness constraint on ``id`` for every label, ``IF NOT EXISTS``, before any data;
2. writes nodes, then relationships, with ``UNWIND $rows ... MERGE`` in batches, one managed
   write transaction per batch (the driver retries transient errors);
3. stamps everything it wrote with ``load_stamp`` (a hash of the loaded content) and then removes,
   in bounded batches, the nodes and relationships of the model's labels and types that carry
   another stamp (relationships only between two stamped nodes): a record removed from the data
   disappears from Neo4j, and data that aigraph did not write, of any label or type, stays.

Loading the same data twice gives the same nodes, relationships and properties. Loads into one
database are serialised: a load first creates the lock node (``AigraphLoadLock``, unique on
``id``) in its own transaction and removes it when done; a second load meanwhile is refused with
a clear message. A load never takes over a node it did not stamp: when a node without a stamp
already has an id the load would write, nothing is written and the ids are named.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, SecretStr

from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.schema import RELATIONSHIP_TYPES, all_labels, label_property_names
from aigraph.graph.model.vocabulary import DEAL_KINDS

if TYPE_CHECKING:  # the driver is imported when a command talks to Neo4j, not at start-up
    from neo4j import Driver, ManagedTransaction

DEFAULT_BATCH_SIZE = 5000
KIND_LABELS = tuple(spec.label for spec in DEAL_KINDS.values())
"""Secondary labels of deal nodes (a deal's kind); the ``Deal`` constraint covers them."""
KEY_LABELS = tuple(label for label in all_labels() if label not in KIND_LABELS)
"""Labels whose nodes are merged on ``id`` (each has a uniqueness constraint)."""


class Neo4jLoadRefused(Exception):
    """A load that would lose someone's data: another load holds the lock, or nodes that
    aigraph did not write have ids the load would write. The message is one paragraph."""


LOCK_LABEL = "AigraphLoadLock"
"""The label of the lock node a load holds while it writes."""
LOCK_CONSTRAINT = (
    f"CREATE CONSTRAINT aigraph_load_lock_id IF NOT EXISTS FOR (l:{LOCK_LABEL}) "
    "REQUIRE l.id IS UNIQUE"
)
LOCK_TAKE = f"CREATE (l:{LOCK_LABEL} {{id: 'load', owner: $owner, since: $since}})"
LOCK_HOLDER = f"MATCH (l:{LOCK_LABEL} {{id: 'load'}}) RETURN l.owner AS owner, l.since AS since"
LOCK_RELEASE = f"MATCH (l:{LOCK_LABEL} {{id: 'load', owner: $owner}}) DELETE l"
LOCK_BREAK = f"MATCH (l:{LOCK_LABEL}) DELETE l RETURN count(*) AS removed"
CLASH_LIMIT = 10
"""How many clashing ids a refusal names."""


class Neo4jConnectionError(Exception):
    """The server is unreachable, refused the credentials, or has no such database.

    The message is one line and never holds the password (nor a URI with credentials in it).
    """


URI_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")
"""The URI schemes the driver speaks (Bolt direct, or routed through a cluster)."""


class Neo4jSettings(BaseModel):
    """Where and how to connect. ``from_env`` reads the standard NEO4J_* variables."""

    uri: str = "bolt://localhost:7687"
    username: str = "neo4j"
    password: SecretStr = SecretStr("")
    database: str | None = None

    @classmethod
    def from_env(
        cls,
        uri: str | None = None,
        username: str | None = None,
        password: str | None = None,
        database: str | None = None,
        environ: dict[str, str] | None = None,
    ) -> Neo4jSettings:
        """Return settings from the arguments, else NEO4J_URI, NEO4J_USERNAME (or NEO4J_USER),
        NEO4J_PASSWORD and NEO4J_DATABASE, else the defaults."""
        env = os.environ if environ is None else environ
        defaults = cls()
        return cls(
            uri=uri or env.get("NEO4J_URI") or defaults.uri,
            username=username
            or env.get("NEO4J_USERNAME")
            or env.get("NEO4J_USER")
            or defaults.username,
            password=SecretStr(password or env.get("NEO4J_PASSWORD") or ""),
            database=database or env.get("NEO4J_DATABASE") or None,
        )

    @property
    def redacted_uri(self) -> str:
        """Return the URI without any user or password in it."""
        return redact_uri(self.uri)


def redact_uri(uri: str) -> str:
    """Return ``uri`` with its user-info removed: ``neo4j+s://u:p@host`` -> ``neo4j+s://host``."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "<unparseable uri>"
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def _scrub(text: str, settings: Neo4jSettings) -> str:
    secret = settings.password.get_secret_value()
    text = text.replace(settings.uri, settings.redacted_uri)
    text = re.sub(r"(\w[\w+.-]*://)[^@/\s]+@", r"\1", text)
    return text.replace(secret, "***") if secret else text


def connection_error(exc: Exception, settings: Neo4jSettings) -> Neo4jConnectionError:
    """Return a one-line, password-free error for a failure to connect or to open a database."""
    from neo4j.exceptions import AuthError, ClientError, ConfigurationError, ServiceUnavailable

    where = settings.redacted_uri
    if isinstance(exc, AuthError):
        message = f"bad credentials for user {settings.username!r} at {where}"
    elif isinstance(exc, ClientError) and "DatabaseNotFound" in (exc.code or ""):
        message = f"unknown database {settings.database!r} at {where}"
    elif isinstance(exc, ServiceUnavailable):
        message = f"server unreachable at {where}"
    elif isinstance(exc, ConfigurationError | ValueError):
        message = f"bad connection settings for {where}: {_scrub(str(exc), settings)}"
    else:
        first_line = (str(exc).splitlines() or [type(exc).__name__])[0]
        message = f"cannot use {where}: {_scrub(first_line, settings)}"
    return Neo4jConnectionError(message)


def open_driver(settings: Neo4jSettings) -> Driver:
    """Return a connected driver (bolt://, neo4j:// and their +s / +ssc variants), or raise
    :class:`Neo4jConnectionError`. The database is checked too when one is named."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import ConfigurationError, DriverError, Neo4jError

    scheme = urlsplit(settings.uri).scheme.lower() + "://"
    if scheme not in URI_SCHEMES:
        raise Neo4jConnectionError(
            f"{settings.redacted_uri}: a Neo4j URI starts with {', '.join(URI_SCHEMES)} "
            "(Bolt, not the Browser's http port)"
        )
    try:
        driver = GraphDatabase.driver(
            settings.uri, auth=(settings.username, settings.password.get_secret_value())
        )
    except (ConfigurationError, ValueError, DriverError) as exc:
        raise connection_error(exc, settings) from None
    try:
        driver.verify_connectivity()
        with driver.session(database=settings.database) as session:
            session.run("RETURN 1").consume()
    except (Neo4jError, DriverError, OSError) as exc:
        driver.close()
        raise connection_error(exc, settings) from None
    return driver


def constraint_statements() -> list[str]:
    """Return the ``CREATE CONSTRAINT ... IF NOT EXISTS`` statements, one per keyed label."""
    return [
        f"CREATE CONSTRAINT {constraint_name(label)} IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        for label in KEY_LABELS
    ]


def constraint_name(label: str) -> str:
    """Return the constraint name of a label: ``ChipModel`` -> ``chip_model_id``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", label).lower() + "_id"


def node_statement(labels: tuple[str, ...]) -> str:
    """Return the batched MERGE of nodes with these labels (the first is the keyed one)."""
    pattern = ":".join(labels)
    return (
        f"UNWIND $rows AS row MERGE (n:{pattern} {{id: row.id}}) "
        "SET n += row.properties, n.load_stamp = $stamp"
    )


def relabel_statement(labels: tuple[str, ...]) -> str | None:
    """Return the statement that removes nodes about to be written with other secondary labels
    (a deal whose kind changed), so that the MERGE can create them anew; None for one label."""
    primary, *extra = labels
    if not extra:
        return None
    missing = " OR ".join(f"NOT n:{label}" for label in extra)
    return (
        f"UNWIND $rows AS row MATCH (n:{primary} {{id: row.id}}) "
        f"WHERE n.load_stamp IS NOT NULL AND ({missing}) DETACH DELETE n"
    )


def clash_statement(label: str) -> str:
    """Return the query of the nodes of ``label`` with one of ``$ids`` that aigraph did not
    write (no stamp): a load must not take them over."""
    return (
        f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) WHERE n.load_stamp IS NULL "
        f"RETURN n.id AS id ORDER BY id LIMIT {CLASH_LIMIT}"
    )


def relationship_statement(rel_type: str, source_label: str, target_label: str) -> str:
    """Return the batched MERGE of relationships of one type between two labels, on ``key``."""
    return (
        f"UNWIND $rows AS row MATCH (a:{source_label} {{id: row.source}}) "
        f"MATCH (b:{target_label} {{id: row.target}}) "
        f"MERGE (a)-[r:{rel_type} {{key: row.key}}]->(b) "
        "SET r += row.properties, r.key = row.key, r.load_stamp = $stamp"
    )


def node_cleanup_statement(label: str) -> str:
    """Return one bounded batch of removing stale nodes of a label (run until it returns 0):
    nodes aigraph wrote in an earlier load (another stamp); nodes without a stamp are not its."""
    return (
        f"MATCH (n:{label}) WHERE n.load_stamp IS NOT NULL AND n.load_stamp <> $stamp "
        "WITH n LIMIT $batch DETACH DELETE n RETURN count(*) AS removed"
    )


def relationship_cleanup_statement(rel_type: str) -> str:
    """Return one bounded batch of removing stale relationships of a type: written by an
    earlier load (another stamp) between two nodes aigraph wrote; anything else is not its."""
    return (
        f"MATCH (a)-[r:{rel_type}]->(b) WHERE r.load_stamp IS NOT NULL "
        "AND r.load_stamp <> $stamp AND a.load_stamp IS NOT NULL AND b.load_stamp IS NOT NULL "
        "WITH r LIMIT $batch DELETE r RETURN count(*) AS removed"
    )


@dataclass
class LoadPlan:
    """What a load writes: rows grouped per generated statement, and the content stamp."""

    node_rows: dict[tuple[str, ...], list[dict[str, Any]]]
    relationship_rows: dict[tuple[str, str, str], list[dict[str, Any]]]
    stamp: str

    @property
    def total_rows(self) -> int:
        """Return the number of nodes and relationships to write."""
        return sum(map(len, self.node_rows.values())) + sum(
            map(len, self.relationship_rows.values())
        )


def load_plan(graph: EmbeddedGraph) -> LoadPlan:
    """Return the rows of every node and relationship of the embedded graph, grouped."""
    node_rows: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    primary: dict[str, str] = {}
    for node_id, data in graph.graph.nodes(data=True):
        labels = tuple(data["labels"])
        properties = {k: v for k, v in data.items() if k != "labels"}
        node_rows[labels].append({"id": node_id, "properties": properties})
        primary[node_id] = labels[0]
    relationship_rows: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for source, target, key, data in graph.graph.edges(keys=True, data=True):
        rel_type = data["type"]
        properties = {k: v for k, v in data.items() if k != "type"}
        relationship_rows[(rel_type, primary[source], primary[target])].append(
            {"source": source, "target": target, "key": key, "properties": properties}
        )
    for labels, rows in node_rows.items():
        _with_nulls(rows, {name for label in labels for name in label_property_names(label)})
    for (rel_type, _, _), rows in relationship_rows.items():
        declared = RELATIONSHIP_TYPES.get(rel_type)
        _with_nulls(rows, set(declared.properties) if declared else set())
    digest = hashlib.sha256()
    for group in (node_rows, relationship_rows):
        for name in sorted(group):
            digest.update(json.dumps([name, group[name]], sort_keys=True, default=str).encode())
    return LoadPlan(dict(node_rows), dict(relationship_rows), digest.hexdigest()[:16])


def _with_nulls(rows: list[dict[str, Any]], declared: set[str]) -> None:
    """Give each row's properties every model property of its group (the declared ones and
    any other row's), None where it has none: ``SET n += row.properties`` then removes a model
    property the data no longer has and keeps what a researcher set by hand (a tag, a note)."""
    names = set(declared)
    for row in rows:
        names.update(row["properties"])
    names -= {"id", "key", "load_stamp"}
    for row in rows:
        properties = row["properties"]
        row["properties"] = {name: properties.get(name) for name in sorted(names)}


@dataclass
class LoadSummary:
    """What a load did."""

    nodes_created: int = 0
    nodes_updated: int = 0
    nodes_removed: int = 0
    relationships_created: int = 0
    relationships_updated: int = 0
    relationships_removed: int = 0
    constraints: int = 0
    batches: int = 0
    seconds: float = 0.0
    stamp: str = ""


Progress = Callable[[int, int], None]
"""Called with (rows written so far, rows in all)."""


def _batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _write(tx: ManagedTransaction, statement: str, **parameters: Any) -> tuple[int, int]:
    counters = tx.run(statement, parameters).consume().counters
    return counters.nodes_created, counters.relationships_created


def _write_in_batches(
    session: Any,
    statement: str,
    rows: list[dict[str, Any]],
    batch_size: int,
    stamp: str,
    on_batch: Callable[[int], None],
    relabel: str | None = None,
) -> tuple[int, int]:
    """Write ``rows`` with ``statement``, one transaction per batch (after ``relabel``, if
    any); return the nodes and relationships created, summed over the batches."""
    nodes = relationships = 0
    for batch in _batches(rows, batch_size):
        if relabel:
            session.execute_write(_write, relabel, rows=batch)
        created_nodes, created_relationships = session.execute_write(
            _write, statement, rows=batch, stamp=stamp
        )
        nodes += created_nodes
        relationships += created_relationships
        on_batch(len(batch))
    return nodes, relationships


def _remove(tx: ManagedTransaction, statement: str, **parameters: Any) -> int:
    record = tx.run(statement, parameters).single()
    return int(record["removed"]) if record else 0


def write_graph(
    driver: Driver,
    graph: EmbeddedGraph,
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
) -> LoadSummary:
    """Write the embedded graph to Neo4j, holding the load lock: constraints first, then (when
    no node of someone else's has an id it writes) batched MERGEs, then the removal of what
    this content does not hold. Returns the counts and time; raises :class:`Neo4jLoadRefused`
    when another load holds the lock or an id clashes (nothing is written then)."""
    if batch_size < 1:
        raise ValueError("batch size must be at least 1")
    plan = load_plan(graph)
    with driver.session(database=database) as session, load_lock(session):
        check_clashes(session, plan, batch_size)
        return _write_plan(session, plan, batch_size, progress)


@contextmanager
def load_lock(session: Any) -> Iterator[str]:
    """Hold the database's load lock (yield its owner), or raise :class:`Neo4jLoadRefused`
    naming who holds it; the lock is removed on the way out, whatever happens."""
    from neo4j.exceptions import ConstraintError

    session.execute_write(_write, LOCK_CONSTRAINT)
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    since = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        session.execute_write(_write, LOCK_TAKE, owner=owner, since=since)
    except ConstraintError:
        holder = session.execute_read(lambda tx: tx.run(LOCK_HOLDER).single())
        who = f" by {holder['owner']} since {holder['since']}" if holder else ""
        raise Neo4jLoadRefused(
            f"another aigraph load is writing to this database (lock held{who}); wait for it "
            "to end. If none runs (one was killed), load again with --break-lock"
        ) from None
    try:
        yield owner
    finally:
        session.execute_write(_write, LOCK_RELEASE, owner=owner)


def break_lock(driver: Driver, database: str | None) -> int:
    """Remove the load lock, whoever holds it (after a load was killed); return how many lock
    nodes were removed (0 or 1)."""
    with driver.session(database=database) as session:
        return session.execute_write(_remove, LOCK_BREAK)


def check_clashes(session: Any, plan: LoadPlan, batch_size: int) -> None:
    """Raise :class:`Neo4jLoadRefused` naming the nodes without a stamp (not aigraph's) whose
    label and id the load would write."""
    clashes: list[str] = []
    for labels, rows in sorted(plan.node_rows.items()):
        for batch in _batches(rows, batch_size):
            found = session.execute_read(
                lambda tx, b=batch, label=labels[0]: [
                    r["id"] for r in tx.run(clash_statement(label), ids=[row["id"] for row in b])
                ]
            )
            clashes += [f"{labels[0]} {node_id!r}" for node_id in found]
            if len(clashes) >= CLASH_LIMIT:
                break
    if clashes:
        shown = ", ".join(clashes[:CLASH_LIMIT])
        raise Neo4jLoadRefused(
            f"nodes that aigraph did not write (no load_stamp) have ids this load would write: "
            f"{shown}; nothing was written. Rename or remove them, or load into another database."
        )


def _write_plan(
    session: Any, plan: LoadPlan, batch_size: int, progress: Progress | None
) -> LoadSummary:
    """Write a plan (the lock held, the ids checked); return the counts and time."""
    started = time.perf_counter()
    summary = LoadSummary(stamp=plan.stamp)
    done = 0
    for statement in constraint_statements():
        session.execute_write(_write, statement)
        summary.constraints += 1

    def batch_written(size: int) -> None:
        nonlocal done
        summary.batches += 1
        done += size
        if progress:
            progress(done, plan.total_rows)

    for labels, rows in sorted(plan.node_rows.items()):
        created, _ = _write_in_batches(
            session,
            node_statement(labels),
            rows,
            batch_size,
            plan.stamp,
            batch_written,
            relabel=relabel_statement(labels),
        )
        summary.nodes_created += created
        summary.nodes_updated += len(rows) - created
    for (rel_type, source, target), rows in sorted(plan.relationship_rows.items()):
        _, created = _write_in_batches(
            session,
            relationship_statement(rel_type, source, target),
            rows,
            batch_size,
            plan.stamp,
            batch_written,
        )
        summary.relationships_created += created
        summary.relationships_updated += len(rows) - created
    for rel_type in RELATIONSHIP_TYPES:
        summary.relationships_removed += _remove_all(
            session, relationship_cleanup_statement(rel_type), plan.stamp, batch_size
        )
    for label in KEY_LABELS:
        summary.nodes_removed += _remove_all(
            session, node_cleanup_statement(label), plan.stamp, batch_size
        )
    summary.seconds = time.perf_counter() - started
    return summary


def _remove_all(session: Any, statement: str, stamp: str, batch_size: int) -> int:
    removed = 0
    while True:
        count = session.execute_write(_remove, statement, stamp=stamp, batch=batch_size)
        removed += count
        if count < batch_size:
            return removed


class CheckReport(BaseModel):
    """What ``aigraph neo4j check`` reports."""

    uri: str
    database: str | None
    agent: str
    protocol: str
    constraints_present: list[str]
    constraints_missing: list[str]
    nodes: dict[str, int]
    relationships: dict[str, int]


def check_database(driver: Driver, settings: Neo4jSettings) -> CheckReport:
    """Return the server's agent and protocol, which of the model's constraints exist, and the
    node count per label and relationship count per type."""
    info = driver.get_server_info()
    with driver.session(database=settings.database) as session:
        constraints = session.execute_read(lambda tx: [dict(r) for r in tx.run("SHOW CONSTRAINTS")])
        present = set()
        for row in constraints:
            labels = row.get("labelsOrTypes") or []
            if row.get("properties") == ["id"] and len(labels) == 1:
                present.add(labels[0])
        nodes = {
            label: session.execute_read(
                lambda tx, label=label: tx.run(f"MATCH (n:{label}) RETURN count(n) AS c").single()[
                    "c"
                ]
            )
            for label in KEY_LABELS
        }
        relationships = {
            rel: session.execute_read(
                lambda tx, rel=rel: tx.run(f"MATCH ()-[r:{rel}]->() RETURN count(r) AS c").single()[
                    "c"
                ]
            )
            for rel in RELATIONSHIP_TYPES
        }
    return CheckReport(
        uri=settings.redacted_uri,
        database=settings.database,
        agent=info.agent,
        protocol=".".join(map(str, info.protocol_version)),
        constraints_present=sorted(label for label in KEY_LABELS if label in present),
        constraints_missing=sorted(label for label in KEY_LABELS if label not in present),
        nodes=nodes,
        relationships=relationships,
    )
