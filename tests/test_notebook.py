"""The README's notebook session, run as a notebook through a real Jupyter kernel (ipykernel,
nbclient): the tables render as HTML, the chart shows inline, the PDF is written."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "docs" / "researcher-session.ipynb"


def test_the_notebook_is_the_readme_session():
    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "notebook.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def _outputs(cell) -> dict[str, str]:
    """Return a cell's outputs by MIME type (stream text under ``stdout``), joined."""
    found: dict[str, str] = {}
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            found["stdout"] = found.get("stdout", "") + output["text"]
        for mime, data in output.get("data", {}).items():
            found[mime] = found.get(mime, "") + ("".join(data) if isinstance(data, list) else data)
    return found


def test_the_notebook_runs_through_a_kernel(tmp_path):
    for module in ("nbclient", "nbformat", "ipykernel", "pandas", "matplotlib"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (pip install -e '.[test]')")
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    cells = {cell["source"].split("\n")[0]: _outputs(cell) for cell in notebook.cells}
    loops = next(out for first, out in cells.items() if first.startswith("loops = "))
    assert "<table" in loops["text/html"] and "nvidia -&gt; openai -&gt; oracle" in loops[
        "text/html"
    ].replace("→", "-&gt;")
    stress_table = next(out for first, out in cells.items() if first.startswith("losses = "))
    assert "oracle" in stress_table["text/html"]
    sentence = next(out for first, out in cells.items() if first.startswith("found = "))
    assert sentence["stdout"].startswith("Against 100 random rewirings")
    chart = next(out for first, out in cells.items() if first.startswith("names = "))
    assert "image/png" in chart  # the figure, inline
    assert (tmp_path / "nvidia.pdf").read_bytes().startswith(b"%PDF")
