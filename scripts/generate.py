"""Regenerate every file that is derived from the declarations (docs/schema.md, the Browser
kit, the Cypher headers, the README's query table); see ``aigraph.generated``.

    .venv/bin/python scripts/generate.py
"""

from __future__ import annotations

from aigraph.generated import ROOT, write_generated


def main() -> None:
    written = write_generated()
    for path in written:
        print(f"wrote {path.relative_to(ROOT)}")
    if not written:
        print("every generated file is up to date")


if __name__ == "__main__":
    main()
