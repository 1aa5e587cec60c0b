"""Every generated file is what the declarations give (docs, Browser kit, Cypher headers, the
README's query table): a copy that drifts fails here."""

from aigraph.generated import ROOT, generated_files, query_table, stale_files
from aigraph.queries import QUERIES


def test_every_generated_file_is_up_to_date():
    stale = [str(path.relative_to(ROOT)) for path in stale_files()]
    assert stale == [], "run: .venv/bin/python scripts/generate.py"


def test_the_readme_lists_every_query_once_from_its_declaration():
    readme = (ROOT / "README.md").read_text()
    assert query_table() in readme
    for query in QUERIES.values():
        assert readme.count(f"| `{query.id}` |") == 1


def test_the_check_would_catch_a_hand_edit(tmp_path):
    files = generated_files()
    schema = ROOT / "docs" / "schema.md"
    edited = schema.read_text() + "a hand-kept line\n"
    assert files[schema](edited) != edited
