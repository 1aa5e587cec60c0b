"""Print how much of the public deal map's money the curated data holds: of the map's legs of
at least ``--min-billions`` since ``--since``, how many match a curated deal (the loader's
matcher: the same parties in the same roles, dates within 90 days, a compatible kind; so a lower
bound), by deal type and by year, in legs and in dollars; then the largest unmatched legs, each
with what a reading of it found (``JUDGED``: held under another curated id, not a deal between
two parties, or missing), and the count that judgement gives.

    .venv/bin/python scripts/deal_map_coverage.py ../shared/data/compute-deal-map
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from aigraph.loaders.deal_map.format import DEALS_DIR, DEALS_JSON
from aigraph.loaders.deal_map.rows import MapRow, json_rows, yaml_rows
from aigraph.loaders.registry import build_dataset

HELD = "held"
NOT_A_DEAL = "not a deal"
MISSING = "missing"
JUDGED: dict[str, tuple[str, str]] = {
    "constellation-calpine-ma-2026": (HELD, "constellation-calpine-acquisition (map: 'Multiple')"),
    "hpe-juniper-ma-2024": (HELD, "hpe-juniper-acquisition (map: 'Multiple')"),
    "gfs-dod-trusted-2023": (HELD, "dod-globalfoundries-trusted-2023 (map: 'Multiple')"),
    "aip-aligned-ma": (HELD, "aip-aligned-acquisition (AIP, MGX and GIP; map: BlackRock)"),
    "orcl-meta-cloud": (HELD, "meta-oracle-20b-talks (2025-09; map: 2026)"),
    "nvda-xai-colossus-2-2025": (HELD, "nvidia-xai-colossus-2-gpus (2025-07; map: 2025-12)"),
    "crwv-msft-cloud": (HELD, "microsoft-coreweave-lease (2023; map: 2025)"),
    "amzn-anthropic-equity": (HELD, "amazon-anthropic-2023 and amazon-anthropic-2024 ($4B each)"),
    "asml-skhynix-m15x-2024": (HELD, "sk-hynix-asml-euv-2026 (2026; map: 2024)"),
    "nvda-crwv-capacity": (HELD, "nvidia-coreweave-backstop (a guarantee; map: capacity)"),
    "galaxy-crwv-helios": (HELD, "coreweave-galaxy-helios (2025-08; map: 2025-03)"),
    "nvda-lambda-leaseback": (HELD, "nvidia-lambda-rentback-4yr (2025-09; map: 2024)"),
    "hpe-xai-servers": (HELD, "x-hpe-ai-servers (the buyer was X; map: xAI)"),
    "asml-intel-highna": (HELD, "intel-asml-high-na (ordered 2022, no value stated)"),
    "dell-nvda-ai-factory-2024": (NOT_A_DEAL, "Dell's own AI-server revenue forecast"),
    "aws-anthropic-cloud": (NOT_A_DEAL, "Amazon's own spending on Project Rainier"),
    "amkor-apple-peoria": (NOT_A_DEAL, "Amkor's own plant cost"),
    "foxconn-apple-india-2023": (NOT_A_DEAL, "Foxconn's own investment in India"),
    "skhynix-indiana-packaging-2024": (NOT_A_DEAL, "SK hynix's own plant"),
    "crusoe-orcl-abilene": (NOT_A_DEAL, "the Abilene JV's equity, not a Crusoe-Oracle payment"),
    "entergy-amzn-ms-2024": (MISSING, "no contract value stated (the $2B is projected savings)"),
    "asml-samsung-memory-p5": (MISSING, "no stored page"),
    "arista-msft-ethernet-2024": (MISSING, "no stored page"),
}
"""What a reading of each leg the matcher does not match found: the curated deal it is (another
date, kind or party than the map's), why it is no deal between two parties, or why it is
missing. A judgement, printed apart from the matcher's figure."""


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
            verdict, why = JUDGED.get(deal, ("not judged", ""))
            print(f"  {deal}: {kind}, {year}, ${billions:g}B ({outcome}; {verdict}: {why})")
    verdicts = [JUDGED.get(leg[4], ("", ""))[0] for leg in legs if leg[3] != "matched"]
    deals = len(legs) - verdicts.count(NOT_A_DEAL)
    held = len(matched) + verdicts.count(HELD)
    print(
        f"judged: {held} of the {deals} legs that are deals between two parties are held "
        f"({verdicts.count(HELD)} under another id), {verdicts.count(MISSING)} missing, "
        f"{verdicts.count(NOT_A_DEAL)} not deals, {verdicts.count('')} not judged"
    )


if __name__ == "__main__":
    main()
