"""Print how much of the public deal map's money the curated data holds: of the map's legs of
at least ``--min-billions`` since ``--since``, how many match a curated deal (the loader's
matcher: the same parties in the same roles, dates within 90 days, a compatible kind; so a lower
bound), by deal type and by year, in legs and in dollars; then the largest unmatched legs.

    .venv/bin/python scripts/deal_map_coverage.py ../shared/data/compute-deal-map
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from aigraph.loaders.deal_map.format import DEALS_DIR, DEALS_JSON
from aigraph.loaders.deal_map.rows import MapRow, json_rows, yaml_rows
from aigraph.loaders.registry import build_dataset


def map_deals(directory: Path) -> list[MapRow]:
    """Return the map's deal records, from a clone (``deals/*.yml``) or a release."""
    if (directory / DEALS_JSON).exists():
        return json_rows(directory / DEALS_JSON, DEALS_JSON, "deal")
    return [
        row
        for path in sorted((directory / DEALS_DIR).glob("*.yml"))
        for row in yaml_rows(path, path.name, "deal", many=False)
    ]


def _billions(row: MapRow) -> float | None:
    value = row.values.get("value_billions")
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--min-billions", type=float, default=1.0)
    parser.add_argument("--since", default="2023")
    options = parser.parse_args()
    _, reports = build_dataset({"deal_map_dir": options.directory})
    report = reports["deal_map"]
    legs = []
    for row in map_deals(options.directory):
        billions, year = _billions(row), row.text("date")[:4]
        if billions is None or billions < options.min_billions or year < options.since:
            continue
        deal = row.text("id")
        outcome = (
            "matched"
            if deal in report.matched
            else "unresolved"
            if deal in report.unresolved
            else "new"
        )
        legs.append((row.text("deal_type"), year, billions, outcome, deal))
    matched = [leg for leg in legs if leg[3] == "matched"]
    print(
        f"legs of ${options.min_billions:g}B or more since {options.since}: {len(matched)} of "
        f"{len(legs)} match a curated deal; ${sum(leg[2] for leg in matched):,.0f}B of "
        f"${sum(leg[2] for leg in legs):,.0f}B"
    )
    for title, index in (("by deal type", 0), ("by year", 1)):
        print(title)
        groups: dict[str, list[tuple[str, str, float, str, str]]] = defaultdict(list)
        for leg in legs:
            groups[leg[index]].append(leg)
        for key, members in sorted(groups.items()):
            hits = [leg for leg in members if leg[3] == "matched"]
            print(
                f"  {key}: {len(hits)}/{len(members)} legs, "
                f"${sum(leg[2] for leg in hits):,.0f}B of ${sum(leg[2] for leg in members):,.0f}B"
            )
    print("not matched, largest first")
    for kind, year, billions, outcome, deal in sorted(legs, key=lambda leg: (-leg[2], leg[4])):
        if outcome != "matched":
            print(f"  {deal}: {kind}, {year}, ${billions:g}B ({outcome})")


if __name__ == "__main__":
    main()
