"""Regenerate docs/view.png, the README's picture: `aigraph view` of the competitor-customer
links, rendered in headless Chromium (needs Debian's chromium and the test extra).

    .venv/bin/python scripts/screenshot.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from headless import open_page  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        page = Path(work) / "view.html"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "aigraph",
                "view",
                "--query",
                "competitor-customers",
                "-o",
                str(page),
            ],
            check=True,
        )
        target = ROOT / "docs" / "view.png"
        result = open_page(page, "window.aigraph.nodes.length", screenshot=target)
        print(f"wrote {target} ({result.state} nodes drawn, requests: {result.requests})")


if __name__ == "__main__":
    main()
