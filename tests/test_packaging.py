"""The installed distribution is one namespace: the wheel's only top-level import package is
``aigraph`` (with aigraph.graph, aigraph.loaders, aigraph.queries and the curated data inside),
so installing aigraph beside PyPI's ``queries`` or ``dataset`` breaks neither."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP = shutil.ignore_patterns(
    ".git",
    ".venv",
    ".browser-test",
    "artifacts",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "node_modules",
)


@pytest.fixture(scope="module")
def wheel_files(tmp_path_factory) -> list[str]:
    """Return the file list of a wheel built from a copy of the repository (offline)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    shutil.copytree(ROOT, source, ignore=SKIP)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(work / "dist"),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = (work / "dist").glob("aigraph-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def test_the_only_top_level_package_is_aigraph(wheel_files):
    top = {
        name.split("/")[0] for name in wheel_files if not name.split("/")[0].endswith(".dist-info")
    }
    assert top == {"aigraph"}
    for forbidden in ("graph/", "loaders/", "queries/", "dataset/", "curated/"):
        assert not any(name.startswith(forbidden) for name in wheel_files), forbidden


def test_every_module_and_data_file_of_the_repository_is_in_the_wheel(wheel_files):
    expected = set()
    for folder, package in (
        ("graph", "aigraph/graph"),
        ("loaders", "aigraph/loaders"),
        ("queries", "aigraph/queries"),
        ("aigraph", "aigraph"),
        ("curated", "aigraph/curated"),
    ):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".yaml", ".cypher") and "__pycache__" not in path.parts:
                expected.add(f"{package}/{path.relative_to(ROOT / folder).as_posix()}")
    assert expected - set(wheel_files) == set()
    assert "aigraph/curated/deals-spacex.yaml" in wheel_files
    assert "aigraph/queries/cypher/circular-financing.cypher" in wheel_files
