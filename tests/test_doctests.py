"""The examples in docstrings run: every module of the installed aigraph package, and the
example each query declares for its notebook helper."""

import doctest
import importlib
import pkgutil

import pytest

from aigraph.queries import HELPERS, QUERIES

PACKAGES = ("aigraph", "aigraph.graph", "aigraph.loaders", "aigraph.queries")
"""The installed packages (an editable install maps each to its own folder)."""


def modules() -> list[str]:
    names = set(PACKAGES)
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            names.add(info.name)
    return sorted(names - {"aigraph.__main__"})  # running it runs the command line


def test_every_package_folder_is_walked():
    found = set(modules())
    assert {"aigraph.graph.model.records", "aigraph.loaders.curated", "aigraph.cli"} <= found
    assert "aigraph.queries.library.circular_financing" in found


@pytest.mark.parametrize("name", modules())
def test_module_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed"


@pytest.mark.parametrize("query_id", list(QUERIES))
def test_query_helper_example(query_id):
    query = QUERIES[query_id]
    helper = HELPERS[query.helper_name]
    assert query.doctest.strip(), f"{query_id} declares no example"
    test = doctest.DocTestParser().get_doctest(
        helper.__doc__, {query.helper_name: helper}, query_id, None, 0
    )
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0 and runner.tries > 0
