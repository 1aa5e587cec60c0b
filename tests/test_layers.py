"""The layers: graph is the base; loaders and queries build on it and never on each other; the
command line (aigraph) sits on top. Checked on the imports of every module, with no import
cycle between modules."""

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {"graph": "graph", "loaders": "loaders", "queries": "queries", "aigraph": "cli"}
"""Repository folder -> its layer (the folders install as aigraph.graph, ...; aigraph is the
command line)."""
ALLOWED = {
    "graph": {"graph", "curated"},
    "loaders": {"graph", "loaders", "curated"},
    "queries": {"graph", "queries"},
    "cli": {"graph", "loaders", "queries", "cli", "curated"},
}


def layer_of(module: str) -> str | None:
    """Return the layer of an imported module name (None when not the project's)."""
    parts = module.split(".")
    if parts[0] != "aigraph":
        return None
    if len(parts) > 1 and parts[1] in ("graph", "loaders", "queries", "curated"):
        return parts[1]
    return "cli"


def imports_of(path: Path) -> set[str]:
    """Return the project modules a file imports at its top level (not inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {name for name in found if name.split(".")[0] == "aigraph"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    folder = parts[0]
    prefix = ["aigraph"] if folder == "aigraph" else ["aigraph", folder]
    parts = prefix + parts[1:]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_files() -> list[Path]:
    return sorted(p for folder in FOLDERS for p in (ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_a_package_imports_only_the_layers_below_it(folder):
    own = FOLDERS[folder]
    for path in sorted((ROOT / folder).rglob("*.py")):
        wrong = {layer_of(m) for m in imports_of(path)} - ALLOWED[own]
        assert not wrong, f"{path.relative_to(ROOT)} imports layers {sorted(wrong)}"


def test_no_import_cycles_between_modules():
    modules = {module_name(path): path for path in project_files()}
    graph = nx.DiGraph()
    for name, path in modules.items():
        graph.add_node(name)
        for imported in imports_of(path):
            target = imported if imported in modules else imported.rsplit(".", 1)[0]
            if target in modules and target != name and not name.startswith(target + "."):
                graph.add_edge(name, target)
    cycles = list(nx.simple_cycles(graph))
    assert cycles == [], cycles


def test_the_check_sees_a_wrong_import(tmp_path):
    bad = tmp_path / "x.py"
    bad.write_text("from aigraph.loaders import load_curated\n")
    assert {layer_of(m) for m in imports_of(bad)} - ALLOWED["queries"] == {"loaders"}
