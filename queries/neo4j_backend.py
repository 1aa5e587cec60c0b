"""Running the query library on Neo4j: each query's Cypher form in a read transaction, turned
into the same typed rows as the Python form (through the query's shared ``rows_from_records``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from aigraph.queries.spec import Query, QueryParams, Records, assert_read_only

if TYPE_CHECKING:  # imported when a query runs on Neo4j
    from neo4j import Driver, ManagedTransaction


def _read(tx: ManagedTransaction, cypher: str, parameters: dict[str, Any]) -> Records:
    return [record.data() for record in tx.run(cypher, parameters)]


def cypher_records(
    driver: Driver, query: Query, params: QueryParams, database: str | None = None
) -> Records:
    """Return the records of a query's Cypher form, read in a read-only transaction.

    A form that returns a single column ``record`` (one map per record, e.g. after
    ``UNION ALL`` of different shapes) is unwrapped to those maps.
    """
    cypher = query.cypher()
    assert_read_only(query.id, cypher)
    with driver.session(database=database) as session:
        records = session.execute_read(_read, cypher, query.cypher_parameters(params))
    if records and list(records[0]) == ["record"]:
        return [record["record"] for record in records]
    return records


def run_on_neo4j(
    driver: Driver,
    query: Query,
    params: QueryParams | None = None,
    database: str | None = None,
    **values: Any,
) -> list[BaseModel]:
    """Return the rows of ``query`` computed by Neo4j (same rows as ``query.run`` on the
    embedded graph, when Neo4j holds the same data).

    >>> # rows = run_on_neo4j(driver, QUERIES["circular-financing"], max_length=4)
    """
    chosen = params if params is not None else query.params(**values)
    return query.rows_from_records(cypher_records(driver, query, chosen, database), chosen)
