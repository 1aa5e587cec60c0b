"""The neo4j-admin CSV export as it was written before it was column-wise: element by element,
one row at a time, each node's and relationship's properties computed on its own. Kept as the
oracle the column-wise writer is compared with (tests/test_columnar.py)."""

from __future__ import annotations

import csv
import marshal
import tempfile
from pathlib import Path
from typing import Any

from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.outputs.exports import (
    ARRAY_DELIMITER,
    IMPORT_SCRIPT,
    SPARE_DELIMITER,
    write_import_script,
)
from aigraph.graph.outputs.files import replacing


class _ColumnKind:
    """The neo4j-admin type of one CSV column, learnt value by value (the rows are not kept):
    ``boolean``, ``long``, ``double``, ``double[]``, ``string[]`` when every present value is
    one, else ``string``."""

    def __init__(self) -> None:
        self.present = self.booleans = self.integers = self.numbers = self.lists = 0
        self.items = self.numeric_items = 0

    def add(self, value: Any) -> None:
        """Count one present value."""
        self.present += 1
        if isinstance(value, bool):
            self.booleans += 1
        elif isinstance(value, int | float):
            self.numbers += 1
            self.integers += isinstance(value, int)
        elif isinstance(value, list):
            self.lists += 1
            self.items += len(value)
            self.numeric_items += sum(
                isinstance(i, int | float) and not isinstance(i, bool) for i in value
            )

    @property
    def kind(self) -> str:
        """Return the column's type."""
        if self.booleans == self.present:
            return "boolean"
        if self.integers == self.present:
            return "long"
        if self.numbers == self.present:
            return "double"
        if self.lists == self.present:
            return "double[]" if self.items and self.numeric_items == self.items else "string[]"
        return "string"


def _csv_value(value: Any, kind: str, delimiter: str = ARRAY_DELIMITER) -> str:
    if value is None:
        return ""
    if kind.endswith("[]"):
        items = [str(v) for v in value]
        if any(delimiter in item for item in items):
            raise ValueError(f"an array value holds the delimiter {delimiter!r}: {items}")
        return delimiter.join(items)
    if kind == "boolean":
        return "true" if value else "false"
    return str(value)


class _CsvFile:
    """One CSV file written in two steps: rows are spilled to a scratch file as they come (with
    the columns and their types learnt on the way), then written under the header they make."""

    def __init__(self, path: Path, fixed: list[str], scratch: Path) -> None:
        self.path, self.fixed = path, fixed
        self._spill_path = scratch / f"{path.name}.rows"
        self._spill = self._spill_path.open("wb")
        self._columns: dict[str, _ColumnKind] = {}
        self.semicolon = False
        """True when a list item holds the default array delimiter."""

    def add(self, fixed_values: list[str], properties: dict[str, Any]) -> None:
        """Spill one row: its fixed columns and its properties (None values are absent)."""
        for name, value in properties.items():
            if value is not None and name != "id":
                column = self._columns.get(name)
                if column is None:
                    column = self._columns[name] = _ColumnKind()
                column.add(value)
                if isinstance(value, list) and not self.semicolon:
                    self.semicolon = any(ARRAY_DELIMITER in str(item) for item in value)
        marshal.dump((fixed_values, properties), self._spill)

    def write(self, delimiter: str = ARRAY_DELIMITER) -> None:
        """Write the header and every spilled row (arrays joined by ``delimiter``; the fixed
        ``:LABEL`` column too), then drop the scratch file."""
        self._spill.close()
        names = sorted(self._columns)
        kinds = {name: self._columns[name].kind for name in names}
        header = [*self.fixed, *(n if kinds[n] == "string" else f"{n}:{kinds[n]}" for n in names)]
        with (
            replacing(self.path) as temporary,
            temporary.open("w", newline="", encoding="utf-8") as handle,
            self._spill_path.open("rb") as spill,
        ):
            writer = csv.writer(handle)
            writer.writerow(header)
            while True:
                try:  # marshal: plain values only, and no memo that would keep every row
                    fixed_values, properties = marshal.load(spill)
                except EOFError:
                    break
                if delimiter != ARRAY_DELIMITER and ":LABEL" in self.fixed:
                    at = self.fixed.index(":LABEL")
                    fixed_values[at] = fixed_values[at].replace(ARRAY_DELIMITER, delimiter)
                writer.writerow(
                    [
                        *fixed_values,
                        *(_csv_value(properties.get(n), kinds[n], delimiter) for n in names),
                    ]
                )
        self._spill_path.unlink()


def write_neo4j_csv_rows(graph: EmbeddedGraph, directory: Path) -> list[str]:
    """Write the neo4j-admin files into ``directory`` row by row, as the export did before it
    was column-wise; return their names."""
    node_files: dict[tuple[str, ...], _CsvFile] = {}
    rel_files: dict[str, _CsvFile] = {}
    with tempfile.TemporaryDirectory(dir=directory, prefix=".export-") as scratch:
        for node_id, data in graph.graph.nodes(data=True):
            labels = tuple(data.pop("labels"))
            if labels not in node_files:
                name = f"nodes-{'-'.join(labels)}.csv"
                node_files[labels] = _CsvFile(directory / name, ["id:ID", ":LABEL"], Path(scratch))
            node_files[labels].add([node_id, ARRAY_DELIMITER.join(labels)], data)
        for rel in graph.graph.relationships():
            if rel.type not in rel_files:
                rel_files[rel.type] = _CsvFile(
                    directory / f"relationships-{rel.type}.csv",
                    [":START_ID", ":END_ID", ":TYPE"],
                    Path(scratch),
                )
            rel_files[rel.type].add(
                [rel.source, rel.target, rel.type], {**rel.properties, "key": rel.key}
            )
        ordered = [node_files[k] for k in sorted(node_files)] + [
            rel_files[k] for k in sorted(rel_files)
        ]
        delimiter = SPARE_DELIMITER if any(f.semicolon for f in ordered) else ARRAY_DELIMITER
        for file in ordered:
            file.write(delimiter)
    write_import_script(
        directory,
        delimiter,
        [node_files[k].path.name for k in sorted(node_files)],
        [rel_files[k].path.name for k in sorted(rel_files)],
    )
    return [file.path.name for file in ordered] + [IMPORT_SCRIPT]
