"""Every Cypher form of the library: header, read-only, bounded, parameters, and every label,
relationship type and property it names exists in the model (as BloodHound checks its queries).
The forms run against a real Bolt server in the Neo4j tests."""

import re

import pytest

from aigraph.graph.model.records import RECORD_TYPES
from aigraph.graph.model.schema import (
    CLAIM_PROPERTIES,
    RELATIONSHIP_TYPES,
    all_labels,
    property_names,
)
from aigraph.queries import QUERIES
from aigraph.queries.spec import (
    CYPHER_DIR,
    WRITE_CLAUSES,
    cypher_code,
    cypher_header,
    split_header,
)

FILES = sorted(CYPHER_DIR.glob("*.cypher"))
LIBRARY = CYPHER_DIR.parent / "library"
KNOWN_PROPERTIES = (
    {p for t in RECORD_TYPES for p in property_names(t)}
    | set(CLAIM_PROPERTIES)
    | {p for rel in RELATIONSHIP_TYPES.values() for p in rel.properties}
)
WRITES = WRITE_CLAUSES
code = cypher_code


def test_every_library_module_is_discovered_and_has_a_table_form():
    modules = {p.stem for p in LIBRARY.glob("*.py") if p.stem != "__init__"}
    assert {q.helper_name for q in QUERIES.values()} == modules
    for query in QUERIES.values():
        assert query.cypher_path.exists(), query.id
    for path in FILES:
        assert path.name.split(".")[0] in QUERIES, path.name


def test_every_query_declares_parameter_variants_for_the_parity_tests():
    for query in QUERIES.values():
        assert {} in query.parity and len(query.parity) >= 2, query.id
        for values in query.parity:
            query.params(**values)  # every variant is a valid parameter set


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_header_is_the_declared_one_and_names_the_parameters_used(path):
    text = path.read_text()
    header = cypher_header(text)
    query = QUERIES[header["id"]]
    assert path.name.startswith(query.id)
    assert text.startswith(
        query.cypher_header(visual=".visual." in path.name, body=split_header(text)[1])
    ), "run: python scripts/generate.py"
    declared = {p.strip() for p in header["parameters"].split(",") if p.strip()}
    used = set(re.findall(r"\$(\w+)", code(text)))
    assert used == declared, f"{path.name}: header {sorted(declared)} vs used {sorted(used)}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_read_only_and_bounded(path):
    text = code(path.read_text())
    assert not WRITES.search(text), f"{path.name} writes"
    for pattern in re.findall(r"\[[^\]]*\*[^\]]*\]", text):
        if re.search(r"\[\s*\w+\s+IN\b", pattern) or "{.*" in pattern:
            continue  # a list comprehension, not a relationship pattern
        assert re.search(r"\*\d+\.\.\d+", pattern), f"{path.name}: unbounded {pattern}"
    if path.name.endswith(".visual.cypher"):
        assert re.search(r"\bLIMIT\s+\$limit\s*$", text.strip()), f"{path.name} needs LIMIT"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_labels_types_and_properties_exist_in_the_model(path):
    text = code(path.read_text())
    labels = set(re.findall(r"\(\s*\w*\s*:\s*(\w+)", text))
    assert labels <= set(all_labels()), labels - set(all_labels())
    rel_types = {
        t for group in re.findall(r"\[\s*\w*\s*:\s*([\w|]+)", text) for t in group.split("|")
    }
    assert rel_types <= set(RELATIONSHIP_TYPES), rel_types - set(RELATIONSHIP_TYPES)
    accessed = set(re.findall(r"(?<![\w.$])[a-z_]\w*\.([a-z_]\w*)", text))
    pattern_keys = set(re.findall(r"[(\[]\s*\w*\s*:\s*[\w|*.\d]+\s*\{\s*(\w+)\s*:", text))
    # keys of the query's own map literals ({open: ..., closed: ...}) are not node properties
    map_keys = set(re.findall(r"[{,]\s*([a-z_]\w*)\s*:(?!\s*\w+\s*[{)])", text)) - pattern_keys
    unknown = (accessed | pattern_keys) - KNOWN_PROPERTIES - map_keys
    assert not unknown, f"{path.name}: unknown properties {sorted(unknown)}"


def test_the_check_would_catch_a_wrong_name():
    bad = code("MATCH (o:Organisation)-[:INVESTS_IN]->(d:Deal) RETURN d.amount_usd")
    assert set(re.findall(r"\(\s*\w*\s*:\s*(\w+)", bad)) - set(all_labels()) == {"Organisation"}
    assert "amount_usd" not in KNOWN_PROPERTIES
    assert WRITES.search("MATCH (n) SET n.x = 1")
