"""Load problems: each names the file, the place in it, the record, the field and the reason."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class LoadIssue:
    """One thing wrong with the input.

    ``record`` says where in the file (``deals[3] 'reflection-spacex-lease'`` or ``line 12``);
    ``field`` is a dotted path (``term.end``), or empty when the whole record is meant.
    """

    file: str
    line: int
    record: str
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" field '{self.field}':" if self.field else ""
        return f"{where}: {self.record}:{field} {self.reason}"


class DatasetError(Exception):
    """Raised when any record is bad; nothing is loaded. ``issues`` lists every problem found."""

    def __init__(self, issues: list[LoadIssue]) -> None:
        self.issues = sorted(issues)
        count = len(self.issues)
        lines = "\n".join(f"  {issue}" for issue in self.issues)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the input:\n{lines}")
