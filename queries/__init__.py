"""The query library: each query declared once, with a Python form and a Cypher form.

Python helpers return typed rows from the embedded graph::

    from graph import EmbeddedGraph
    from loaders import load_curated
    from queries import circular_financing

    graph = EmbeddedGraph(load_curated())
    rows = circular_financing(graph, max_length=6)
"""

from queries.circular_financing import QUERY as CIRCULAR_FINANCING
from queries.circular_financing import CircularFinancingRow, circular_financing
from queries.competitor_customers import QUERY as COMPETITOR_CUSTOMERS
from queries.competitor_customers import CompetitorCustomerRow, competitor_customers
from queries.conflicts import QUERY as CONFLICTS
from queries.conflicts import ConflictRow, conflicts
from queries.contracted_revenue import QUERY as CONTRACTED_REVENUE
from queries.contracted_revenue import ContractedRevenueRow, contracted_revenue
from queries.deals import QUERY as DEALS
from queries.deals import DealRow, deals
from queries.money_paths import QUERY as MONEY_PATHS
from queries.money_paths import MoneyPathRow, money_paths
from queries.spec import Query
from queries.supplier_dependence import QUERY as SUPPLIER_DEPENDENCE
from queries.supplier_dependence import SupplierDependenceRow, supplier_dependence

QUERIES: dict[str, Query] = {
    query.id: query
    for query in (
        CIRCULAR_FINANCING,
        COMPETITOR_CUSTOMERS,
        CONTRACTED_REVENUE,
        CONFLICTS,
        SUPPLIER_DEPENDENCE,
        MONEY_PATHS,
        DEALS,
    )
}
"""Every query of the library by id, in the order ``aigraph query --list`` shows them."""

__all__ = [
    "QUERIES",
    "CircularFinancingRow",
    "CompetitorCustomerRow",
    "ConflictRow",
    "ContractedRevenueRow",
    "DealRow",
    "MoneyPathRow",
    "Query",
    "SupplierDependenceRow",
    "circular_financing",
    "competitor_customers",
    "conflicts",
    "contracted_revenue",
    "deals",
    "money_paths",
    "supplier_dependence",
]
