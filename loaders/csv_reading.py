"""Reading Epoch AI's CSV files: by header name, with the line each record starts on, and
tolerant parsing of what these files hold (multi-line quoted fields, empty cells, numbers written
as floats or in E notation, partial or M/D/YYYY dates, comma-separated lists with #tags).

Every problem is a :class:`LoadIssue` naming the file, the line and the column.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from aigraph.graph.model.coherence import strip_control
from aigraph.graph.model.dates import PartialDate
from aigraph.graph.model.vocabulary import Confidence
from aigraph.loaders.errors import LoadIssue
from aigraph.loaders.reading import InputError, parse_number, read_text

TAG = re.compile(r"#(confident|likely|speculative)\b", re.IGNORECASE)
TAG_CONFIDENCE = {
    "confident": Confidence.HIGH,
    "likely": Confidence.MEDIUM,
    "speculative": Confidence.LOW,
}
"""Epoch's #confident / #likely / #speculative tags, as the project's confidence levels."""


@dataclass
class CsvRow:
    """One record of a CSV file: its cells by header name and where it starts."""

    file: str
    line: int
    cells: dict[str, str]
    issues: list[LoadIssue] = field(default_factory=list)

    def text(self, column: str) -> str:
        """Return the cell, stripped of surrounding space and of control characters (an ESC,
        a NUL in foreign data: never passed on), '' when empty or absent."""
        return strip_control(self.cells.get(column) or "").strip()

    def problem(self, column: str, reason: str) -> None:
        """Record a problem with one cell."""
        name = (
            self.text("Name") or self.text("Handle") or self.text("Data center") or self.text("Id")
        )
        record = f"row {name!r}" if name else "row"
        self.issues.append(LoadIssue(self.file, self.line, record, column, reason))

    def number(self, column: str) -> float | None:
        """Return the cell as a number (``1E+11``, ``200000.0``, ``1,234``), None when empty."""
        raw = self.text(column).replace("$", "")
        if not raw:
            return None
        try:
            value = parse_number(raw)
        except ValueError:
            self.problem(column, f"not a number: {self.text(column)!r}")
            return None
        if value != value or value in (float("inf"), float("-inf")):
            self.problem(column, f"not a finite number: {raw!r}")
            return None
        if value < 0:
            self.problem(column, f"negative amount {value:g}")
            return None
        return value

    def date(self, column: str) -> PartialDate | None:
        """Return the cell as a partial date (ISO, YYYY-MM, YYYY or M/D/YYYY), None if empty."""
        raw = self.text(column)
        if not raw:
            return None
        raw = raw.split(" ")[0].split("T")[0]
        us = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", raw)
        try:
            if us:
                month, day, year = (int(part) for part in us.groups())
                return PartialDate.parse(date(year, month, day))
            return PartialDate.parse(raw)
        except ValueError:
            self.problem(column, f"malformed date {raw!r} (YYYY, YYYY-MM, YYYY-MM-DD or M/D/YYYY)")
            return None

    def names(self, column: str) -> list[tuple[str, Confidence | None]]:
        """Return the comma-separated names of a cell, each with its #tag as a confidence."""
        found = []
        for part in self.text(column).split(","):
            tag = TAG.search(part)
            name = TAG.sub("", part).strip()
            if name:
                found.append((name, TAG_CONFIDENCE[tag.group(1).lower()] if tag else None))
        return found


def read_csv(
    path: Path, required: tuple[str, ...], label: str | None = None, delimiter: str | None = None
) -> Iterator[CsvRow]:
    """Yield the rows of a CSV file (or, with ``delimiter="\\t"``, a TSV file) by header name,
    each with the line it starts on.

    Raises nothing: a missing required column or an unreadable file is reported as an issue
    on a single pseudo-row (line 1) and no rows follow.
    """
    name = label or str(path)
    try:
        text = read_text(path)
    except OSError as exc:
        row = CsvRow(name, 0, {})
        row.issues.append(LoadIssue(name, 0, "(file)", "", f"cannot read: {exc.strerror or exc}"))
        yield row
        return
    except InputError as exc:
        row = CsvRow(name, exc.line, {})
        row.issues.append(LoadIssue(name, exc.line, "(file)", "", exc.reason))
        yield row
        return
    with io.StringIO(text, newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter or ",")
        try:
            header = [column.strip() for column in next(reader)]
        except StopIteration:
            row = CsvRow(name, 1, {})
            row.issues.append(LoadIssue(name, 1, "(file)", "", "empty file (no header row)"))
            yield row
            return
        except csv.Error as exc:
            row = CsvRow(name, 1, {})
            row.issues.append(LoadIssue(name, 1, "(header)", "", f"bad CSV: {exc}"))
            yield row
            return
        twice = [column for column, n in Counter(c for c in header if c).items() if n > 1]
        missing = [column for column in required if column not in header]
        if missing or twice:
            row = CsvRow(name, 1, {})
            for column in missing:
                row.issues.append(LoadIssue(name, 1, "(header)", column, "required column missing"))
            for column in twice:
                row.issues.append(
                    LoadIssue(name, 1, "(header)", column, "column named twice in the header")
                )
            yield row
            return
        previous_end = reader.line_num
        try:
            for values in reader:
                start = previous_end + 1
                previous_end = reader.line_num
                if not any(value.strip() for value in values):
                    continue
                row = CsvRow(name, start, dict(zip(header, values, strict=False)))
                if len(values) > len(header):
                    row.problem("(row)", f"{len(values)} cells for {len(header)} columns")
                yield row
        except csv.Error as exc:
            row = CsvRow(name, reader.line_num, {})
            row.issues.append(LoadIssue(name, reader.line_num, "(row)", "", f"bad CSV: {exc}"))
            yield row
