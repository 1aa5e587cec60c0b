"""Regenerate the README's charts from the bundled data (needs the charts extra):
docs/nvidia-flows.svg (who pays Nvidia and whom it pays) and docs/oracle-exposure.svg.

    .venv/bin/python scripts/charts.py [--out DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHARTS = {
    "nvidia-flows.svg": ["flows", "--group", "nvidia"],
    "oracle-exposure.svg": ["exposure", "--provider", "oracle"],
}


def main(argv: list[str] | None = None) -> list[Path]:
    """Write each chart with ``aigraph chart`` into ``--out`` (default docs/); return the paths."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, arguments in CHARTS.items():
        target = args.out / name
        command = [
            sys.executable,
            "-m",
            "aigraph",
            "chart",
            *arguments,
            "-o",
            str(target),
            "--force",
        ]
        subprocess.run(command, check=True)
        written.append(target)
    return written


if __name__ == "__main__":
    main()
