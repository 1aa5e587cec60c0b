"""A semantic fuzz, beside the syntactic one of test_hardening: a seeded mutator takes a valid
input of each kind (curated YAML, a deal table, Epoch's CSVs, the deal map) and makes it say one
impossible or doubtful thing of a class the meaning checks know (graph/model/coherence.py): a
supersession loop, an end before its start, an exit before the investment, an amount that is not
finite or out of bounds, a unit or currency that does not combine, a control character, a
part_of / builds_upon loop, a quote that states nothing, an id that collides.

Each case says whether its input must be refused (a :class:`DatasetError` whose issues name the
file, record and field, and the reason) or may be accepted (how the input legitimately takes it:
a loop of Epoch's "Builds Upon" dropped and reported, control characters stripped from foreign
data, a quote that states nothing kept as a located warning). Never a traceback, never a wrong
acceptance. Every 50th case also runs through ``aigraph build`` (exit 2 when refused, 0 when
accepted). ``AIGRAPH_FUZZ_CASES`` sets the cases per input (CI: 1,000)."""

from __future__ import annotations

import copy
import csv
import io
import os
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from aigraph.cli import app
from aigraph.graph.dataset import Dataset
from aigraph.graph.model.coherence import CONTROL, cycles
from aigraph.loaders import load_curated
from aigraph.loaders.deal_map import load_deal_map
from aigraph.loaders.deals_table import COLUMNS, OPTIONAL_COLUMNS, load_deal_tables
from aigraph.loaders.epoch import load_epoch
from aigraph.loaders.errors import DatasetError

CASES = int(os.environ.get("AIGRAPH_FUZZ_CASES", "1000"))
CLI_EVERY = 50
"""Every this many cases also runs through the command line (45 ms a build)."""
runner = CliRunner()
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

CONTROLS = ["\x00", "\x07", "\x1b", "\x0b", "\x7f", "\x85", "\x9b", "\x1b[31m"]
WEATHER = "The weather was nice."
NOT_FINITE = [float("inf"), float("-inf"), float("nan"), 1e300, 1e-30]


@dataclass
class Case:
    """One mutated input: its files (path -> text), its class, and what must happen."""

    klass: str
    files: dict[str, str]
    refuse: bool
    reason: str = ""
    """Refused: a part of the reason every such input's error states."""
    field: str = ""
    """Refused: the start of the field the issue names."""
    check: Callable[[Dataset, Any], None] | None = None
    """Accepted: what the loaded dataset (and the loader's report) must show."""
    place: str = ""
    """Refused: the file:line the issue names, where the mutator knows it."""


def _with_control(rng: random.Random, text: str) -> str:
    cut = rng.randint(0, len(text))
    return text[:cut] + rng.choice(CONTROLS) + text[cut:]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def no_control_characters(origin: str) -> Callable[[Dataset, Any], None]:
    """Return a check that no record from ``origin`` holds a control character."""

    def check(dataset: Dataset, _report: Any) -> None:
        for record in dataset:
            if getattr(record, "origin", "curated").startswith(origin):
                bad = [s for s in _strings(record.model_dump()) if CONTROL.search(s)]
                assert not bad, f"{record.id} kept a control character: {bad!r}"

    return check


def acyclic(field_name: str) -> Callable[[Dataset, Any], None]:
    def check(dataset: Dataset, _report: Any) -> None:
        links = {r.id: [getattr(r, field_name)] for r in dataset if getattr(r, field_name, None)}
        assert not cycles(links), cycles(links)

    return check


# --- curated YAML ------------------------------------------------------------------------------


def _cite(quote: str, *states: str) -> dict[str, Any]:
    return {"source": "src", "quote": quote, "states": list(states)}


ANY = ["*"]


def curated_base() -> dict[str, Any]:
    """A small valid dataset with something of every class to break."""
    return {
        "sources": [
            {"id": "src", "title": "A source", "kind": "trade-press", "url": "https://e.org/a"}
        ],
        "organizations": [
            {"id": "chipco", "name": "Chipco", "citations": [_cite("Chipco", "name")]},
            {
                "id": "lab",
                "name": "Lab",
                "citations": [_cite("Lab", "name")],
                "structure": [
                    {
                        "relation": "subsidiary-of",
                        "parent": "chipco",
                        "since": "2024-01",
                        "until": "2025-06",
                        "citations": [{"source": "src", "quote": "Lab joined Chipco"}],
                    }
                ],
            },
        ],
        "people": [
            {
                "id": "boss",
                "name": "Boss",
                "citations": [_cite("Boss of Lab", *ANY)],
                "affiliations": [
                    {"organization": "lab", "role": "CEO", "since": "2023", "until": "2025"}
                ],
            }
        ],
        "deals": [
            {
                "id": "lab-chips",
                "kind": "chip-supply",
                "title": "Lab buys chips",
                "parties": {"customer": "lab", "supplier": "chipco"},
                "status": "signed",
                "confidence": "high",
                "announced": "2025-03",
                "value": "3B USD",
                "citations": [
                    _cite(
                        "Lab buys $3 billion of chips from Chipco (March 2025)",
                        "parties",
                        "status",
                        "value",
                        "announced",
                    )
                ],
            },
            {
                "id": "stake",
                "kind": "investment",
                "title": "Lab invests in Chipco",
                "parties": {"investor": "lab", "investee": "chipco"},
                "status": "completed",
                "confidence": "high",
                "announced": "2025-06",
                "value": "1B USD",
                "citations": [_cite("Lab invests", *ANY)],
            },
            {
                "id": "lease",
                "kind": "compute-lease",
                "title": "Lab leases compute",
                "parties": {"customer": "lab", "provider": "chipco"},
                "status": "signed",
                "confidence": "high",
                "value": "3M USD/month",
                "term": {"start": "2026-01", "end": "2027-12"},
                "ramp": {"until": "2026-06", "rate": "1M USD/month"},
                "citations": [_cite("Lab leases compute", *ANY)],
            },
        ],
        "facilities": [
            {"id": "site", "name": "Site", "citations": [_cite("Site", *ANY)]},
            {
                "id": "phase-1",
                "name": "Phase 1",
                "part_of": "site",
                "citations": [_cite("Phase 1", *ANY)],
            },
            {
                "id": "phase-2",
                "name": "Phase 2",
                "part_of": "site",
                "builds_upon": "phase-1",
                "citations": [_cite("Phase 2", *ANY)],
            },
        ],
    }


def _deal_copy(base: dict[str, Any], deal_id: str, **changes: Any) -> dict[str, Any]:
    deal = copy.deepcopy(base["deals"][0]) | {"id": deal_id, "title": f"Deal {deal_id}"}
    deal["citations"] = [_cite(f"Deal {deal_id}", *ANY)]
    return deal | changes


def _dates(rng: random.Random) -> tuple[str, str]:
    """Return (earlier, later) partial dates, later strictly after earlier ends."""
    year = rng.randint(2001, 2028)
    month = rng.randint(1, 11)
    earlier = rng.choice([f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-15"])
    if len(earlier) == 4:
        later = rng.choice([f"{year + 1}", f"{year + rng.randint(1, 5)}-{month:02d}"])
    else:
        later = rng.choice([f"{year + 1}", f"{year}-{month + 1:02d}", f"{year + 2}-01-01"])
    return earlier, later


def curated_case(rng: random.Random) -> Case:
    data = curated_base()
    deals, orgs, facilities = data["deals"], data["organizations"], data["facilities"]
    klass = rng.choice(CURATED_CLASSES)
    ok = rng.random() < 0.25  # the acceptable variant of the class, where it has one
    case = Case(klass, {}, refuse=True)
    if klass == "self-supersession":
        deal = rng.choice(deals)
        deal["supersedes"] = deal["id"]
        case.reason, case.field = "cannot supersede itself", "supersedes"
    elif klass == "circular-supersession":
        n = rng.randint(2, 5)
        ids = [f"d{i}" for i in range(n)]
        chain = [_deal_copy(data, d, supersedes=ids[(i + 1) % n]) for i, d in enumerate(ids)]
        if ok:
            del chain[-1]["supersedes"]
        else:
            case.reason, case.field = "supersession loop: d0 -> ", "supersedes"
        deals.extend(rng.sample(chain, len(chain)))
        case.refuse = not ok
    elif klass == "until-before-since":
        earlier, later = _dates(rng)
        link = rng.choice([orgs[1]["structure"][0], data["people"][0]["affiliations"][0]])
        field_name = "structure.0" if "parent" in link else "affiliations.0"
        link["since"], link["until"] = (earlier, later) if ok else (later, earlier)
        if rng.random() < 0.2:
            link["since"] = link["until"] = earlier  # one day, month or year: in order
            ok = True
        case.refuse = not ok
        case.reason, case.field = f"until {earlier} is before since {later}", field_name
    elif klass == "end-before-start":
        earlier, later = _dates(rng)
        lease = deals[2]
        where = rng.choice(["claim", "term", "ramp"])
        lease.pop("ramp")
        case.refuse = not ok
        if where == "term":
            lease["term"] = (
                {"start": earlier, "end": later} if ok else {"start": later, "end": earlier}
            )
            case.reason, case.field = f"end {earlier} is before start {later}", "term"
        elif where == "claim":
            lease["term"] = {"start": later if not ok else earlier}
            claim_end = earlier if not ok else later
            lease["claims"] = [{"end": claim_end, "citations": [_cite("it ends", *ANY)]}]
            case.reason = f"end {earlier} is before the term's start {later}"
            case.field = "claims"
        else:
            lease["term"] = {"start": later if not ok else earlier}
            lease["ramp"] = {"until": earlier if not ok else later, "rate": "1M USD/month"}
            case.reason = f"ramp until {earlier} is before the term's start {later}"
            case.field = "ramp"
    elif klass == "exit-before-investment":
        earlier, later = _dates(rng)
        stake = deals[1]
        stake["announced"], stake["exited"] = (earlier, later) if ok else (later, earlier)
        case.refuse = not ok
        case.reason, case.field = f"exited {earlier} is before the deal began ({later})", "exited"
    elif klass == "amount-out-of-bounds":
        number = rng.choice(NOT_FINITE)
        deal = rng.choice(deals[:2])
        form = rng.random()
        if form < 0.4:
            deal["value"] = {"value": number, "unit": rng.choice(["USD", "EUR", "GBP"])}
        elif form < 0.8:
            written = rng.choice([repr(number), f"{number:g}", f"{number:e}"])
            written = {"inf": "Infinity", "-inf": "-Infinity", "nan": "NaN"}.get(written, written)
            deal["value"] = f"{written} USD"
        else:  # the rate of a ramp
            deals[2]["ramp"]["rate"] = f"{number!r} USD/month"
            deal = deals[2]
        case.reason = ""  # finite, too large, too small, negative, not an amount
        case.field = "ramp" if deal is deals[2] else "value"
    elif klass == "units-do-not-combine":
        rate = rng.choice(["1M EUR/month", "1M GBP/year", "10 GPU/month", "3 MW/month", "1M USD"])
        if ok:
            rate = rng.choice(["1M USD/month", "12M USD/year"])
        deals[2]["ramp"]["rate"] = rate
        case.refuse = not ok
        case.reason, case.field = "ramp rate", "ramp"
    elif klass == "control-character":
        target = rng.choice(["org-name", "deal-title", "quote", "person", "facility", "alias"])
        if target == "org-name":
            record, key = rng.choice(orgs), "name"
        elif target == "deal-title":
            record, key = rng.choice(deals), "title"
        elif target == "person":
            record, key = data["people"][0], "name"
        elif target == "facility":
            record, key = rng.choice(facilities), "name"
        elif target == "alias":
            record, key = orgs[0], "aliases"
            record["aliases"] = ["Chip Co"]
        else:
            record, key = rng.choice([*deals, *orgs]), "quote"
        if key == "quote":
            record["citations"][0]["quote"] = _with_control(rng, record["citations"][0]["quote"])
            case.field = "citations.0.quote"
        elif key == "aliases":
            record["aliases"][0] = _with_control(rng, record["aliases"][0])
            case.field = "aliases"
        else:
            record[key] = _with_control(rng, record[key])
            case.field = key
        case.reason = "control character U+"
    elif klass in ("part-of-cycle", "builds-upon-cycle"):
        link = "part_of" if klass == "part-of-cycle" else "builds_upon"
        n = rng.randint(1, 4)
        ring = [
            {
                "id": f"f{i}",
                "name": f"F{i}",
                link: f"f{(i + 1) % n}",
                "citations": [_cite(f"Facility F{i}", *ANY)],
            }
            for i in range(n)
        ]
        if ok:
            ring[-1][link] = "site"
        facilities.extend(rng.sample(ring, n))
        case.refuse = not ok
        case.field = link
        case.reason = f"cannot be {link} itself" if n == 1 else f"{link} loop: f0 -> "
    elif klass == "quote-states-nothing":
        deals[0]["citations"][0]["quote"] = WEATHER
        case.refuse = False

        def warned(dataset: Dataset, _report: Any) -> None:
            (warning,) = [w for w in dataset.derived["quote_warnings"] if "lab-chips" in w]
            assert "data.yaml:" in warning and "field 'citations.0'" in warning, warning
            assert "states none of the values" in warning, warning

        case.check = warned
    else:  # id-collision
        victim = rng.choice(["src", "chipco", "lab", "boss", "lab-chips", "lease", "site"])
        home = rng.choice(["deals", "organizations", "facilities", "people"])
        record = {
            "deals": _deal_copy(data, victim),
            "organizations": {
                "id": victim,
                "name": f"Other {rng.randint(0, 999)}",
                "citations": [_cite("Other", "name")],
            },
            "facilities": {"id": victim, "name": "Other", "citations": [_cite("Other", *ANY)]},
            "people": {
                "id": victim,
                "name": "Other",
                "citations": [_cite("Other", *ANY)],
                "affiliations": [{"organization": "lab", "role": "CFO"}],
            },
        }[home]
        data[home].append(record)
        case.reason, case.field = "duplicate id", "id"
    case.files["data.yaml"] = yaml.dump(data, Dumper=Dumper, allow_unicode=False, sort_keys=False)
    return case


CURATED_CLASSES = [
    "self-supersession",
    "circular-supersession",
    "until-before-since",
    "end-before-start",
    "exit-before-investment",
    "amount-out-of-bounds",
    "units-do-not-combine",
    "control-character",
    "part-of-cycle",
    "builds-upon-cycle",
    "quote-states-nothing",
    "id-collision",
]


# --- the deal table ----------------------------------------------------------------------------

TABLE_COLUMNS = [*COLUMNS, *OPTIONAL_COLUMNS]
"""Every column a deal table can have, as the loader declares them."""


def table_rows() -> list[dict[str, str]]:
    """A valid table: a leg of the curated chip deal, a lease leg, a new investor."""
    return [
        {
            "payer": "Lab",
            "payee": "Chipco",
            "kind": "chip-supply",
            "amount": "$3B",
            "date": "2025-03-01",
            "status": "signed",
            "source": "https://example.org/t/1",
            "quote": "Lab buys $3B of chips",
            "confidence": "high",
        },
        {
            "payer": "Lab",
            "payee": "Chipco",
            "kind": "compute-lease",
            "amount": "$3M/month",
            "date": "2026-01",
            "status": "signed",
            "source": "https://example.org/t/2",
            "quote": "Lab leases compute at $3M a month",
        },
        {
            "payer": "Newco Capital",
            "payee": "Lab",
            "kind": "investment",
            "amount": "$500 million",
            "date": "2025-05",
            "status": "closed",
            "source": "Press release",
            "quote": "Newco Capital invests $500M in Lab",
            "title": "Newco backs Lab",
        },
    ]


def _csv(columns: list[str], rows: list[dict[str, str]]) -> str:
    handle = io.StringIO()
    writer = csv.DictWriter(handle, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return handle.getvalue()


def table_case(rng: random.Random) -> Case:
    rows = table_rows()
    klass = rng.choice(TABLE_CLASSES)
    ok = rng.random() < 0.25
    case = Case(klass, {}, refuse=True)
    line = 0
    if klass == "end-before-start":
        line = rng.choice([3, 4])  # the lease leg matches a deal that starts 2026-01
        row = rows[line - 2]
        earlier, later = _dates(rng)
        if line == 3:
            earlier, later = rng.choice(["2025-12", "2024", "2020-06-30"]), "2026-01"
            row["end"] = "2027-06" if ok else earlier
            case.reason = f"end {earlier} is before the start 2026-01 of the deal lease"
        else:
            row["date"], row["end"] = (earlier, later) if ok else (later, earlier)
            case.reason = f"end {earlier} is before start {later}"
        case.refuse, case.field = not ok, "end" if line == 3 else "term"
    elif klass == "amount-out-of-bounds":
        line = rng.randint(2, 4)
        row = rows[line - 2]
        huge = "1" + "0" * rng.randint(16, 300)
        tiny = "0." + "0" * rng.randint(5, 30) + "1"
        written = rng.choice([huge, tiny, f"${huge}", f"{tiny} USD", f"${huge}T", "Infinity",
                              "NaN", "1e300", "1e-30", "-inf"])  # fmt: skip
        row["amount"], row["currency"] = written, "USD"
        if written in ("Infinity", "NaN", "1e300", "1e-30", "-inf"):  # no amount: kept as text
            case.refuse = False

            def as_text(dataset: Dataset, _report: Any, written: str = written) -> None:
                texts = {d.amount_text for d in dataset.deals if d.origin.startswith("deals")}
                claims = [c for d in dataset.deals for c in d.claims if c.value is not None]
                assert written in texts or line < 4, texts
                assert all(c.value.value < 1e16 for c in claims)

            case.check = as_text
        else:
            case.reason, case.field = "amount", "amount"  # too large or small, or not finite
    elif klass == "currency-does-not-combine":
        line = rng.randint(2, 4)
        row = rows[line - 2]
        pairs = [("$5B", "EUR"), ("€5B", "USD"), ("£5B", "EUR"), ("5B", "GPU"), ("5B", "MW")]
        row["amount"], row["currency"] = rng.choice(pairs)
        if ok:
            row["amount"], row["currency"] = rng.choice([("€5B", "EUR"), ("5B", "GBP")])
        case.refuse, case.field = not ok, "amount"
    elif klass == "control-character":
        line = rng.randint(2, 4)
        row = rows[line - 2]
        key = rng.choice(["payer", "payee", "quote", "title", "source"])
        row[key] = _with_control(rng, row.get(key) or "A title")
        if key == "source":  # what stripping leaves ("[31m") may be no URL: see the tests below
            row[key] = row[key].replace("\x1b[31m", "\x1b")
        case.refuse, case.check = False, no_control_characters("deals")
    elif klass == "quote-states-nothing":
        rows[rng.randrange(3)]["quote"] = WEATHER
        case.refuse = False
    elif klass == "id-collision":
        line = rng.randint(2, 4)
        rows.insert(line - 1, dict(rows[line - 2]))  # the same row twice: two legs

        def distinct(dataset: Dataset, _report: Any) -> None:
            ids = [r.id for r in dataset]
            assert len(ids) == len(set(ids))

        case.refuse, case.check = False, distinct
    else:  # one-party: an organization on both sides of a leg
        line = rng.randint(2, 4)
        row = rows[line - 2]
        row["payee"] = row["payer"]
        case.reason = "is a party twice"
    case.files["t.csv"] = _csv(TABLE_COLUMNS, rows)
    if case.refuse and line:
        case.place = f"t.csv:{line}:"
    return case


TABLE_CLASSES = [
    "end-before-start",
    "amount-out-of-bounds",
    "currency-does-not-combine",
    "control-character",
    "quote-states-nothing",
    "id-collision",
    "one-party",
]


# --- Epoch -------------------------------------------------------------------------------------

CLUSTER_COLUMNS = [
    "Status",
    "Name",
    "Owner",
    "Users",
    "Certainty",
    "Chip type (primary)",
    "Chip quantity (primary)",
    "GPU Supplier (primary)",
    "H100 equivalents",
    "Power Capacity (MW)",
    "Hardware Cost",
    "First Operational Date",
    "Builds Upon",
    "Note",
    "Quote",
    "Source 1",
]
ROUND_COLUMNS = [
    "Id",
    "Company",
    "Close date",
    "Status",
    "Funding (equity)",
    "Funding (debt)",
    "Valuation (post-money)",
    "Report date",
    "Notes",
    "Type",
    "Confidence",
]
CENTER_COLUMNS = [
    "Handle",
    "Title",
    "Owner",
    "Users",
    "Current H100 equivalents",
    "Current power (MW)",
    "Current total capital cost (2025 USD billions)",
]
TIMELINE_COLUMNS = [
    "Date",
    "Data center",
    "Construction status",
    "Power (MW)",
    "H100 equivalents",
    "Total capital cost (2025 USD billions)",
]


def epoch_tables() -> dict[str, tuple[list[str], list[dict[str, str]]]]:
    """Small valid Epoch files (their real headers, fewer columns)."""
    cluster = {
        "Status": "Existing",
        "Owner": "Lab",
        "Users": "Lab,Chipco",
        "Certainty": "Confirmed",
        "Chip type (primary)": "NVIDIA H100 SXM5 80GB",
        "Chip quantity (primary)": "1000.0",
        "GPU Supplier (primary)": "NVIDIA",
        "H100 equivalents": "1000.0",
        "Power Capacity (MW)": "1.5",
        "Hardware Cost": "3.5E+7",
        "First Operational Date": "2024-09-02",
        "Note": "A note.",
        "Quote": "Alpha went online with 1,000 H100s",
        "Source 1": "https://example.org/alpha",
    }
    return {
        "gpu_clusters.csv": (
            CLUSTER_COLUMNS,
            [
                cluster | {"Name": "Alpha"},
                cluster
                | {"Name": "Beta", "Builds Upon": "Alpha", "First Operational Date": "2025"},
                cluster | {"Name": "Gamma", "Status": "Planned", "Owner": "Chipco"},
            ],
        ),
        "ai_companies_funding_rounds.csv": (
            ROUND_COLUMNS,
            [
                {
                    "Id": "Series A",
                    "Company": "Lab",
                    "Close date": "2025-09-02",
                    "Status": "Closed",
                    "Funding (equity)": "13000000000",
                    "Valuation (post-money)": "1.83E+11",
                    "Report date": "9/2/2025",
                    "Notes": "Raised $13B",
                    "Type": "Primary",
                    "Confidence": "Confident",
                }
            ],
        ),
        "data_centers.csv": (
            CENTER_COLUMNS,
            [
                {
                    "Handle": "Lab Campus Ohio",
                    "Title": "Lab Campus",
                    "Owner": "Lab #confident",
                    "Users": "Lab #likely",
                    "Current H100 equivalents": "1000.0",
                    "Current power (MW)": "50",
                    "Current total capital cost (2025 USD billions)": "2.0",
                }
            ],
        ),
        "data_center_timelines.csv": (
            TIMELINE_COLUMNS,
            [
                {
                    "Date": "3/1/2025",
                    "Data center": "Lab Campus Ohio",
                    "Construction status": "Site bought",
                    "Power (MW)": "10",
                    "H100 equivalents": "0",
                    "Total capital cost (2025 USD billions)": "0.5",
                }
            ],
        ),
    }


EPOCH_AMOUNTS = {
    "gpu_clusters.csv": ["H100 equivalents", "Power Capacity (MW)", "Hardware Cost"],
    "ai_companies_funding_rounds.csv": ["Funding (equity)", "Valuation (post-money)"],
    "data_centers.csv": ["Current power (MW)", "Current total capital cost (2025 USD billions)"],
    "data_center_timelines.csv": ["Power (MW)", "Total capital cost (2025 USD billions)"],
}
EPOCH_TEXT = {
    "gpu_clusters.csv": ["Name", "Owner", "Users", "Note", "Quote", "Builds Upon"],
    "ai_companies_funding_rounds.csv": ["Id", "Notes", "Company"],
    "data_centers.csv": ["Handle", "Title", "Owner"],
    "data_center_timelines.csv": ["Construction status"],
}


def epoch_case(rng: random.Random) -> Case:
    tables = epoch_tables()
    klass = rng.choice(EPOCH_CLASSES)
    case = Case(klass, {}, refuse=True)
    clusters = tables["gpu_clusters.csv"][1]
    if klass == "builds-upon-cycle":
        n = rng.randint(1, 3)
        names = ["Alpha", "Beta", "Gamma"][:n]
        for i in range(n):
            clusters[i]["Builds Upon"] = names[(i + 1) % n]

        def dropped(dataset: Dataset, report: Any) -> None:
            assert report.looping_chains, "a Builds Upon loop not reported"
            acyclic("builds_upon")(dataset, report)

        case.refuse, case.check = False, dropped
    elif klass == "amount-out-of-bounds":
        name = rng.choice(list(EPOCH_AMOUNTS))
        column = rng.choice(EPOCH_AMOUNTS[name])
        number = rng.choice(NOT_FINITE)
        tables[name][1][0][column] = rng.choice([repr(number), f"{number:g}", f"{number:E}"])
        case.field = "" if number in (1e300, 1e-30) else column  # a record's field, or the cell
        if number == 1e-30 and "billions" in column:  # rounded to the million: 0 USD
            case.refuse = False
    elif klass == "currency-does-not-combine":
        name = rng.choice(list(EPOCH_AMOUNTS))
        column = rng.choice(EPOCH_AMOUNTS[name])
        tables[name][1][0][column] = rng.choice(["€5000", "£12", "5 GPU", "3 MW", "EUR 40"])
        case.reason, case.field = "not a number", column
    elif klass == "control-character":
        name = rng.choice(list(EPOCH_TEXT))
        column = rng.choice(EPOCH_TEXT[name])
        row = tables[name][1][0]
        row[column] = _with_control(rng, row.get(column) or "Text")
        if column == "Handle":  # the timelines name it: what stripping leaves must not differ
            row[column] = row[column].replace("\x1b[31m", "\x1b")
        case.refuse, case.check = False, no_control_characters("epoch")
    elif klass == "quote-states-nothing":
        clusters[0]["Quote"] = WEATHER
        tables["ai_companies_funding_rounds.csv"][1][0]["Notes"] = WEATHER
        case.refuse = False
    else:  # id-collision: a name twice (numbered ids), or a curated id as a name
        row = rng.choice(clusters)
        row["Name"] = rng.choice(["Alpha", "Beta", "Gamma", "lab", "site", "epoch-alpha"])
        rounds = tables["ai_companies_funding_rounds.csv"][1]
        rounds.append(dict(rounds[0]))

        def distinct(dataset: Dataset, _report: Any) -> None:
            ids = [r.id for r in dataset]
            assert len(ids) == len(set(ids))
            acyclic("builds_upon")(dataset, _report)

        case.refuse, case.check = False, distinct
    chosen = list(tables)
    if rng.random() < 0.3 and case.klass not in ("builds-upon-cycle", "id-collision"):
        mutated = next(
            (n for n, (cols, rows) in tables.items() if rows != epoch_tables()[n][1]), None
        )
        if mutated == "data_center_timelines.csv":
            chosen = ["data_centers.csv", mutated]  # the timelines name the data centers
        elif mutated:
            chosen = [mutated]  # the mutated file alone
    for name in chosen:
        columns, rows = tables[name]
        case.files[name] = _csv(columns, rows)
    return case


EPOCH_CLASSES = [
    "builds-upon-cycle",
    "amount-out-of-bounds",
    "currency-does-not-combine",
    "control-character",
    "quote-states-nothing",
    "id-collision",
]


# --- the deal map ------------------------------------------------------------------------------

MAP_COMPANIES = [
    {"slug": "lab", "name": "Lab", "category": "ai_lab"},
    {"slug": "chipco", "name": "Chipco", "category": "chip_designer"},
    {"slug": "bigcloud", "name": "Big Cloud", "category": "hyperscaler"},
]


def map_deals() -> list[dict[str, Any]]:
    def one(deal_id: str, source: str, target: str, deal_type: str, value: Any, display: str):
        return {
            "id": deal_id,
            "source_slug": source,
            "source_name": source.title(),
            "target_slug": target,
            "target_name": target.title(),
            "deal_type": deal_type,
            "value_billions": value,
            "value_display": display,
            "date": "2025-03",
            "date_display": "Mar 2025",
            "description": f"{source} and {target}: {display}.",
            "source_url": f"https://example.org/{deal_id}",
        }

    return [
        one("chipco-lab-gpu", "chipco", "lab", "gpu_purchase", 3, "$3B"),
        one("lab-bigcloud-cloud", "lab", "bigcloud", "cloud_capacity", 10, "Up to $10B"),
        one("bigcloud-lab-equity", "bigcloud", "lab", "equity_investment", 2, "~$2B"),
    ]


def map_case(rng: random.Random) -> Case:
    deals, companies = map_deals(), copy.deepcopy(MAP_COMPANIES)
    klass = rng.choice(MAP_CLASSES)
    case = Case(klass, {}, refuse=True)
    index = rng.randrange(len(deals))
    deal = deals[index]
    if klass == "amount-out-of-bounds":
        deal["value_billions"] = rng.choice([*NOT_FINITE, -1, "1e300", "NaN", True])
        case.field = "value_billions"
    elif klass == "control-character":
        key = rng.choice(["description", "value_display", "source_name", "date_display"])
        if rng.random() < 0.3:
            companies[rng.randrange(3)]["name"] = _with_control(rng, "Big Cloud")
        else:
            deal[key] = _with_control(rng, deal[key])
        case.refuse, case.check = False, no_control_characters("deal-map")
    elif klass == "quote-states-nothing":
        deal["description"], deal["value_display"] = WEATHER, ""
        case.refuse = False
    elif klass == "id-collision":
        if rng.random() < 0.5:
            companies.append(dict(rng.choice(companies)))
            case.reason, case.field = "is listed twice", "slug"
        else:  # a deal listed twice: in a second file under another name
            twin = dict(deal)
            deals.append(twin)
            case.reason, case.field = "", "id"
    else:  # a date that is no day
        deal["date"] = rng.choice(["2025-02-30", "2025-13", "0000-01", "2025-00-10", "20255-01"])
        case.reason, case.field = "malformed date", "date"
    for number, record in enumerate(deals):
        name = record["id"] if number < 3 else f"{record['id']}-copy"
        text = yaml.dump(record, Dumper=Dumper, allow_unicode=False, sort_keys=False)
        case.files[f"deals/{name}.yml"] = text
    case.files["companies.yml"] = yaml.dump(companies, Dumper=Dumper, allow_unicode=False)
    return case


MAP_CLASSES = [
    "amount-out-of-bounds",
    "control-character",
    "quote-states-nothing",
    "id-collision",
    "impossible-date",
]


# --- the runner --------------------------------------------------------------------------------


def _write(directory: Path, files: dict[str, str]) -> None:
    if directory.exists():
        shutil.rmtree(directory)
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _judge(number: int, case: Case, load: Callable[[], tuple[Dataset, Any]]) -> str:
    """Load one case; fail unless the outcome is the one its class allows. Return it."""
    label = f"case {number} ({case.klass})"
    try:
        dataset, report = load()
    except DatasetError as error:
        assert case.refuse, f"{label}: refused an acceptable input:\n{error}\n{case.files}"
        assert error.issues, label
        for issue in error.issues:
            assert issue.file and issue.record and issue.reason, f"{label}: {issue}"
        texts = [str(issue) for issue in error.issues]
        named = [
            t
            for t in texts
            if case.reason in t
            and (not case.field or f"field '{case.field}" in t)
            and case.place in t
        ]
        assert named, f"{label}: no issue names {case.field!r} with {case.reason!r}: {texts}"
        return "refused"
    assert not case.refuse, f"{label}: wrongly accepted\n{case.files}"
    if case.check is not None:
        case.check(dataset, report)
    return "accepted"


def _cli(number: int, case: Case, args: list[str], outcome: str) -> None:
    result = runner.invoke(app, ["build", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"case {number} ({case.klass}): {result.exception!r}"
    )
    assert result.exit_code == (2 if outcome == "refused" else 0), (
        f"case {number} ({case.klass}): exit {result.exit_code}\n{result.output}"
    )


def _fuzz(
    make: Callable[[random.Random], Case],
    seed: int,
    load: Callable[[Case], tuple[Dataset, Any]],
    cli_args: Callable[[Case], list[str]],
) -> dict[str, dict[str, int]]:
    rng = random.Random(seed)
    seen: dict[str, dict[str, int]] = {}
    for number in range(CASES):
        case = make(rng)
        outcome = _judge(number, case, lambda case=case: load(case))
        counts = seen.setdefault(case.klass, {"refused": 0, "accepted": 0})
        counts[outcome] += 1
        if number % CLI_EVERY == 0:
            _cli(number, case, cli_args(case), outcome)
    return seen


@pytest.fixture(scope="module")
def curated_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("curated")
    (directory / "data.yaml").write_text(yaml.dump(curated_base(), Dumper=Dumper))
    return directory


@pytest.fixture(scope="module")
def curated(curated_dir) -> Dataset:
    """The one curated base the other inputs load beside."""
    return load_curated(curated_dir)


def test_the_bases_are_valid(tmp_path, curated, curated_dir):
    assert not any("states none" in w for w in curated.derived["quote_warnings"])
    table = tmp_path / "t.csv"
    table.write_text(_csv(TABLE_COLUMNS, table_rows()))
    _, report = load_deal_tables([table], curated)
    assert report.new == 1 and report.matched == ["lab-chips", "lease"]
    files = {name: _csv(*spec) for name, spec in epoch_tables().items()}
    _write(tmp_path / "epoch", files)
    dataset, report = load_epoch(tmp_path / "epoch", curated)
    assert not report.looping_chains and dataset.get("epoch-beta").builds_upon == "epoch-alpha"
    case = map_case(random.Random(0))
    case.files = {k: v for k, v in case.files.items() if "copy" not in k}
    _write(tmp_path / "map", {"deals/" + d["id"] + ".yml": yaml.dump(d) for d in map_deals()})
    (tmp_path / "map" / "companies.yml").write_text(yaml.dump(MAP_COMPANIES))
    _, report = load_deal_map(tmp_path / "map", curated)
    assert len(report.new) == 2 and report.matched == {"chipco-lab-gpu": "lab-chips"}


def _every_class(seen: dict[str, dict[str, int]], classes: list[str]) -> None:
    assert sorted(seen) == sorted(classes), seen
    assert all(sum(counts.values()) for counts in seen.values())


def test_semantic_fuzz_curated(tmp_path):
    directory = tmp_path / "data"

    def load(case: Case) -> tuple[Dataset, None]:
        _write(directory, case.files)
        return load_curated(directory), None

    seen = _fuzz(curated_case, 11, load, lambda case: ["--data", str(directory)])
    _every_class(seen, CURATED_CLASSES)


def test_semantic_fuzz_deal_table(tmp_path, curated, curated_dir):
    directory = tmp_path / "table"

    def load(case: Case) -> tuple[Dataset, Any]:
        _write(directory, case.files)
        return load_deal_tables([directory / "t.csv"], curated)

    def args(case: Case) -> list[str]:
        return ["--data", str(curated_dir), "--deals", str(directory / "t.csv")]

    _every_class(_fuzz(table_case, 12, load, args), TABLE_CLASSES)


def test_semantic_fuzz_epoch(tmp_path, curated, curated_dir):
    directory = tmp_path / "epoch"

    def load(case: Case) -> tuple[Dataset, Any]:
        _write(directory, case.files)
        return load_epoch(directory, curated)

    def args(case: Case) -> list[str]:
        return ["--data", str(curated_dir), "--epoch-dir", str(directory)]

    _every_class(_fuzz(epoch_case, 13, load, args), EPOCH_CLASSES)


def test_semantic_fuzz_deal_map(tmp_path, curated, curated_dir):
    directory = tmp_path / "map"

    def load(case: Case) -> tuple[Dataset, Any]:
        _write(directory, case.files)
        return load_deal_map(directory, curated)

    def args(case: Case) -> list[str]:
        return ["--data", str(curated_dir), "--deal-map-dir", str(directory)]

    _every_class(_fuzz(map_case, 14, load, args), MAP_CLASSES)


# --- regressions the fuzz found ----------------------------------------------------------------


def test_a_deal_table_source_url_that_urlsplit_refuses_is_a_located_error(tmp_path, curated):
    """Fuzz, deal table, control-character: "https://exa\x1b[31mmple.org" stripped of its ESC
    is "https://exa[31mmple.org", which urlsplit refuses (was a ValueError traceback)."""
    row = table_rows()[0] | {"source": "https://exa\x1b[31mmple.org/t/1"}
    table = tmp_path / "t.csv"
    table.write_text(_csv(TABLE_COLUMNS, [row]))
    with pytest.raises(DatasetError) as caught:
        load_deal_tables([table], curated)
    (issue,) = caught.value.issues
    assert str(issue).startswith("t.csv:2: row 2: field 'source': not a valid URL")


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("5000000 USD", "5M USD"), ("5 eur", "5 EUR"), ("250000 GBP", "250K GBP")],
)
def test_a_deal_table_amount_with_a_currency_word_and_no_scale_is_read(amount, expected):
    """Fuzz, deal table, amount-out-of-bounds: "0.00...1 USD" was kept as text, not refused,
    because the currency word was taken for a scale ("5000000 USD" was no amount either)."""
    from aigraph.loaders.deals_table import read_money

    assert str(read_money(amount)) == expected


def test_a_deal_table_tiny_amount_with_a_currency_word_is_refused(tmp_path, curated):
    row = table_rows()[2] | {"amount": "0.00000000000000000000000000001 USD"}
    table = tmp_path / "t.csv"
    table.write_text(_csv(TABLE_COLUMNS, [row]))
    with pytest.raises(DatasetError) as caught:
        load_deal_tables([table], curated)
    assert "field 'amount': amount 1e-29 is too small" in str(caught.value)
