"""Write ``docs/researcher-session.ipynb`` from the README's notebook session: one code cell per
paragraph of its code block, so the README and the notebook CI runs are the same code.

    .venv/bin/python scripts/notebook.py          # write the notebook
    .venv/bin/python scripts/notebook.py --check  # exit 1 when the notebook is out of date
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
NOTEBOOK = ROOT / "docs" / "researcher-session.ipynb"
MARKER = "A notebook session, from the graph to a table to analyse"


def session_cells(readme: str) -> list[str]:
    """Return the code of the README's notebook session, one string per paragraph."""
    after = readme[readme.index(MARKER) :]
    block = after.split("```python\n", 1)[1].split("\n```", 1)[0]
    return [paragraph.strip("\n") for paragraph in block.split("\n\n") if paragraph.strip()]


def notebook_text(cells: list[str]) -> str:
    """Return the notebook (nbformat 4) of ``cells`` as stable JSON, outputs empty."""
    notebook = {
        "cells": [
            {
                "cell_type": "markdown",
                "id": "intro",
                "metadata": {},
                "source": [
                    "# A researcher's session with aigraph\n",
                    "\n",
                    "Written from the README by `scripts/notebook.py`; CI executes it.",
                ],
            },
            *(
                {
                    "cell_type": "code",
                    "execution_count": None,
                    "id": f"cell-{number}",
                    "metadata": {},
                    "outputs": [],
                    "source": code.splitlines(keepends=True),
                }
                for number, code in enumerate(cells, start=1)
            ),
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    text = notebook_text(session_cells(README.read_text(encoding="utf-8")))
    if "--check" in argv:
        current = NOTEBOOK.read_text(encoding="utf-8") if NOTEBOOK.exists() else ""
        if current != text:
            print(f"{NOTEBOOK.relative_to(ROOT)} is out of date: run scripts/notebook.py")
            return 1
        return 0
    NOTEBOOK.write_text(text, encoding="utf-8")
    print(f"wrote {NOTEBOOK.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
