"""Exports of the embedded graph: GraphML and GEXF (Gephi, yEd), node-link JSON, a Cypher
script for cypher-shell, and the CSV files of ``neo4j-admin database import full``.

Every format is written from the same nodes and relationships as the Neo4j load (ids, labels,
relationship keys and flat properties of ``graph.schema``).
"""

from __future__ import annotations

import csv
import json
import marshal
import math
import tempfile
from collections import Counter
from collections.abc import Iterable
from enum import StrEnum
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aigraph.graph.bulk import collector_paused
from aigraph.graph.columns import Columns
from aigraph.graph.embedded import EmbeddedGraph
from aigraph.graph.model.dates import PartialDate
from aigraph.graph.outputs.files import new_folder, replacing, write_atomic
from aigraph.graph.outputs.money_export import Level, Per, write_money_csv, write_money_gexf
from aigraph.graph.outputs.neo4j import (
    constraint_statements,
    load_plan,
    node_statement,
    relabel_statement,
    relationship_statement,
)

if TYPE_CHECKING:
    import networkx as nx

SCRIPT_BATCH = 200
"""Rows per statement in the Cypher script."""
ARRAY_DELIMITER = ";"
"""neo4j-admin's default array delimiter."""
SPARE_DELIMITER = "\x1f"
"""The array delimiter when some list item holds a ``;`` (an alias "A; B"): the unit
separator, which no record's text can hold (control characters are refused at load)."""


class ExportFormat(StrEnum):
    """The export formats."""

    GRAPHML = "graphml"
    GEXF = "gexf"
    JSON = "json"
    CYPHER = "cypher"
    NEO4J_CSV = "neo4j-csv"
    MONEY_GEXF = "money-gexf"
    """The money-flow graph (organizations or groups, weighted), dynamic GEXF for Gephi."""
    MONEY_CSV = "money-csv"
    """The money-flow graph as a CSV edge list (and node list) for Gephi."""


def _flat_for_xml(data: dict[str, Any]) -> dict[str, Any]:
    """Return attributes GraphML/GEXF can hold: lists as JSON text, labels joined by ':'."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if key == "labels":
            flat["labels"] = ":".join(value)
        elif key == "type":
            flat["rel_type"] = value
        elif isinstance(value, list | tuple):
            flat[key] = json.dumps(list(value), ensure_ascii=False)
        else:
            flat[key] = value
    return flat


def xml_ready(graph: EmbeddedGraph, caption_as_label: bool = False) -> nx.MultiDiGraph:
    """Return a copy of the graph whose attributes are scalars (str, int, float, bool).

    ``labels`` becomes ``"Deal:ComputeLease"``, a relationship's ``type`` becomes ``rel_type``
    (GEXF reserves ``type``), lists become JSON text. With ``caption_as_label`` a node's
    ``label`` attribute is its name (what Gephi shows).
    """
    import networkx as nx

    copy = nx.MultiDiGraph()
    for node_id, data in graph.graph.nodes(data=True):
        attributes = _flat_for_xml(data)
        if caption_as_label:
            attributes["label"] = str(data.get("name", node_id))
        copy.add_node(node_id, **attributes)
    for source, target, key, data in graph.graph.edges(keys=True, data=True):
        copy.add_edge(source, target, key=key, **_flat_for_xml(data))
    return copy


def write_graphml(graph: EmbeddedGraph, path: Path) -> None:
    """Write GraphML with typed attributes (numbers stay numbers) and, as a graph attribute,
    the credit lines of the public datasets in it."""
    import networkx as nx

    ready = xml_ready(graph)
    credits = graph.dataset.credits()
    if credits:
        ready.graph["credits"] = "; ".join(credits)
    with replacing(path) as temporary:
        nx.write_graphml(ready, temporary, infer_numeric_types=True)


def write_gexf(graph: EmbeddedGraph, path: Path) -> None:
    """Write GEXF 1.2 for Gephi (node labels are the names)."""
    import networkx as nx

    with replacing(path) as temporary:
        nx.write_gexf(xml_ready(graph, caption_as_label=True), temporary)


def write_json(graph: EmbeddedGraph, path: Path) -> None:
    """Write networkx node-link JSON (``nodes`` and ``edges`` with keys and attributes; the
    credit lines of the public datasets in it under ``graph``)."""
    import networkx as nx

    data = nx.node_link_data(graph.graph.to_networkx(), edges="edges")
    credits = graph.dataset.credits()
    if credits:
        data["graph"] = {**data.get("graph", {}), "credits": credits}
    write_atomic(path, json.dumps(data, indent=1, ensure_ascii=False, default=list))


_ESCAPES = {
    "\\": "\\\\",
    "'": "\\'",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def cypher_literal(value: Any) -> str:
    """Return a Cypher literal for a value: strings escaped (quotes, backslashes, newlines and
    control characters), numbers, booleans, null, lists and maps.

    >>> cypher_literal("O'Brien \\\\ \\n")
    "'O\\\\'Brien \\\\\\\\ \\\\n'"
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write {value} as a Cypher literal")
        return repr(value)
    if isinstance(value, str):
        out = []
        for char in value:
            if char in _ESCAPES:
                out.append(_ESCAPES[char])
            elif ord(char) < 0x20 or char in "\u2028\u2029":
                out.append(f"\\u{ord(char):04x}")
            else:
                out.append(char)
        return "'" + "".join(out) + "'"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"`{k}`: {cypher_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as a Cypher literal")


def cypher_script(graph: EmbeddedGraph) -> str:
    """Return a script for ``cypher-shell -f``: one statement per line, each ending with ';'.

    The statements are the Neo4j writer's (constraints first, then batched MERGEs) with the
    rows written as literals, so the result is the graph ``aigraph neo4j load`` writes.
    """
    plan = load_plan(graph)
    stamp = cypher_literal(plan.stamp)
    lines = [
        "// aigraph Cypher script: cypher-shell -a <uri> -u <user> -d <database> -f <this file>",
        "// Safe to re-run to completion: every statement is idempotent (constraints IF NOT",
        "// EXISTS, MERGE on keys, SET of whole property maps). If a statement fails (a",
        "// transient deadlock, a dropped connection), run the whole file again. It removes",
        "// nothing stale: `aigraph neo4j load` does that, touching only what aigraph wrote.",
        *(f"// Data: {credit}" for credit in graph.dataset.credits()),
        *(f"{statement};" for statement in constraint_statements()),
    ]
    for labels, rows in sorted(plan.node_rows.items()):
        relabel = relabel_statement(labels)
        for start in range(0, len(rows), SCRIPT_BATCH):
            literal = cypher_literal(rows[start : start + SCRIPT_BATCH])
            if relabel:
                lines.append(relabel.replace("$rows", literal) + ";")
            lines.append(
                node_statement(labels).replace("$rows", literal).replace("$stamp", stamp) + ";"
            )
    for (rel_type, source, target), rows in sorted(plan.relationship_rows.items()):
        statement = relationship_statement(rel_type, source, target)
        for start in range(0, len(rows), SCRIPT_BATCH):
            literal = cypher_literal(rows[start : start + SCRIPT_BATCH])
            lines.append(statement.replace("$rows", literal).replace("$stamp", stamp) + ";")
    return "\n".join(lines) + "\n"


class _ColumnKind:
    """The neo4j-admin type of one CSV column, learnt column by column (the rows are not
    kept): ``boolean``, ``long``, ``double``, ``double[]``, ``string[]`` when every present
    value is one, else ``string``."""

    def __init__(self) -> None:
        self.present = self.booleans = self.integers = self.numbers = self.lists = 0
        self.items = self.numeric_items = 0
        self.semicolon = False
        """True when a list item holds the default array delimiter."""

    def add(self, values: list[Any]) -> None:
        """Count the present values of one chunk of the column."""
        counts = Counter(map(type, values))
        counts.pop(type(None), None)
        if not counts.keys() <= _COUNTED:
            for value in values:
                if value is not None:
                    self._add_one(value)
            return
        self.present += sum(counts.values())
        self.booleans += counts[bool]
        self.integers += counts[int]
        self.numbers += counts[int] + counts[float]
        if counts[list]:
            for value in values:
                if type(value) is list:
                    self._add_list(value)

    def _add_one(self, value: Any) -> None:
        self.present += 1
        if isinstance(value, bool):
            self.booleans += 1
        elif isinstance(value, int | float):
            self.numbers += 1
            self.integers += isinstance(value, int)
        elif isinstance(value, list):
            self._add_list(value)

    def _add_list(self, value: list[Any]) -> None:
        self.lists += 1
        self.items += len(value)
        self.numeric_items += sum(
            isinstance(i, int | float) and not isinstance(i, bool) for i in value
        )
        if not self.semicolon:
            self.semicolon = any(ARRAY_DELIMITER in str(item) for item in value)

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


_COUNTED = frozenset({str, int, float, bool, list})
"""The value types a column's kind is counted from by type alone."""


def _csv_column(values: list[Any] | None, kind: str, delimiter: str, rows: int) -> Iterable[Any]:
    """Return a column's cells: arrays joined by ``delimiter``, booleans as ``true``/``false``,
    anything else as it is (the csv writer writes None as an empty cell and a number or text
    as ``str`` does)."""
    if values is None:
        return repeat(None, rows)
    if kind.endswith("[]"):
        return [None if value is None else _joined(value, delimiter) for value in values]
    if kind == "boolean":
        return [None if value is None else ("true" if value else "false") for value in values]
    return values


def _joined(value: list[Any], delimiter: str) -> str:
    items = [str(v) for v in value]
    if any(delimiter in item for item in items):
        raise ValueError(f"an array value holds the delimiter {delimiter!r}: {items}")
    return delimiter.join(items)


class _CsvFile:
    """One CSV file written in two steps: chunks of rows are spilled to a scratch file column
    by column as they come (with the columns and their types learnt on the way), then written
    under the header they make."""

    def __init__(self, path: Path, fixed: list[str], scratch: Path) -> None:
        self.path, self.fixed = path, fixed
        self._spill_path = scratch / f"{path.name}.rows"
        self._spill = self._spill_path.open("wb")
        self._columns: dict[str, _ColumnKind] = {}

    @property
    def semicolon(self) -> bool:
        """Return True when a list item holds the default array delimiter."""
        return any(column.semicolon for column in self._columns.values())

    def add(self, fixed_columns: list[list[str]], columns: Columns) -> None:
        """Spill one chunk of rows: its fixed columns and its property columns (None cells
        are absent)."""
        for name, values in columns.items():
            if name == "id":
                continue
            column = self._columns.get(name)
            if column is None:
                column = self._columns[name] = _ColumnKind()
            column.add(values)
        marshal.dump((fixed_columns, columns), self._spill)

    def write(self, delimiter: str = ARRAY_DELIMITER) -> None:
        """Write the header and every spilled chunk (arrays joined by ``delimiter``; the fixed
        ``:LABEL`` column too), then drop the scratch file."""
        self._spill.close()
        names = sorted(name for name, column in self._columns.items() if column.present)
        kinds = {name: self._columns[name].kind for name in names}
        header = [*self.fixed, *(n if kinds[n] == "string" else f"{n}:{kinds[n]}" for n in names)]
        label_at = self.fixed.index(":LABEL") if ":LABEL" in self.fixed else None
        with (
            replacing(self.path) as temporary,
            temporary.open("w", newline="", encoding="utf-8") as handle,
            self._spill_path.open("rb") as spill,
        ):
            writer = csv.writer(handle)
            writer.writerow(header)
            while True:
                try:  # marshal: plain values only, one chunk at a time
                    fixed_columns, columns = marshal.load(spill)
                except EOFError:
                    break
                rows = len(fixed_columns[0])
                if delimiter != ARRAY_DELIMITER and label_at is not None:
                    fixed_columns[label_at] = [
                        labels.replace(ARRAY_DELIMITER, delimiter)
                        for labels in fixed_columns[label_at]
                    ]
                cells = [
                    *fixed_columns,
                    *(_csv_column(columns.get(n), kinds[n], delimiter, rows) for n in names),
                ]
                writer.writerows(zip(*cells, strict=True))
        self._spill_path.unlink()


def write_neo4j_csv(graph: EmbeddedGraph, directory: Path) -> list[Path]:
    """Write the CSV files (with header rows) of ``neo4j-admin database import full`` and an
    ``import.sh`` with the command; return the files written.

    The graph is read column-wise in chunks (:meth:`~aigraph.graph.store.PropertyGraph.node_chunks`
    and ``relationship_chunks``) and no more than one chunk is held at a time (chunks wait in
    scratch files until their file's columns are known), so a graph of millions of
    relationships exports in the memory of its build.
    """
    with new_folder(directory) as folder:
        names = _write_neo4j_csv(graph, folder)
    return [directory / name for name in names]


def _write_neo4j_csv(graph: EmbeddedGraph, directory: Path) -> list[str]:
    """Write the neo4j-admin files into ``directory``; return their names."""
    node_files: dict[tuple[str, ...], _CsvFile] = {}
    rel_files: dict[str, _CsvFile] = {}
    with tempfile.TemporaryDirectory(dir=directory, prefix=".export-") as scratch:
        for chunk in graph.graph.node_chunks():
            file = node_files.get(chunk.labels)
            if file is None:
                name = f"nodes-{'-'.join(chunk.labels)}.csv"
                file = node_files[chunk.labels] = _CsvFile(
                    directory / name, ["id:ID", ":LABEL"], Path(scratch)
                )
            file.add(
                [chunk.ids, [ARRAY_DELIMITER.join(chunk.labels)] * len(chunk.ids)], chunk.columns
            )
        for rels in graph.graph.relationship_chunks():
            file = rel_files.get(rels.type)
            if file is None:
                file = rel_files[rels.type] = _CsvFile(
                    directory / f"relationships-{rels.type}.csv",
                    [":START_ID", ":END_ID", ":TYPE"],
                    Path(scratch),
                )
            file.add(
                [rels.sources, rels.targets, [rels.type] * len(rels.keys)],
                {**rels.columns, "key": rels.keys},
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
        graph.dataset.credits(),
    )
    return [file.path.name for file in ordered] + [IMPORT_SCRIPT]


IMPORT_SCRIPT = "import.sh"


def write_import_script(
    directory: Path,
    delimiter: str,
    node_files: list[str],
    relationship_files: list[str],
    credits: list[str] | tuple[str, ...] = (),
) -> None:
    """Write ``import.sh``: the neo4j-admin 5 command that imports the files (with the credit
    line of each dataset the data holds)."""
    arguments = " \\\n  ".join(
        [
            *(
                [f"--array-delimiter=U+{ord(delimiter):04X}"]
                if delimiter != ARRAY_DELIMITER
                else []
            ),
            *(f"--nodes={name}" for name in node_files),
            *(f"--relationships={name}" for name in relationship_files),
        ]
    )
    write_atomic(
        directory / IMPORT_SCRIPT,
        "#!/usr/bin/env sh\n# Bulk import into an empty database (stop it first), from this "
        "folder, with neo4j-admin 5\n# (the database name, default neo4j, comes right after "
        "`full`, before the options; cells\n# may hold line breaks, hence "
        "--multiline-fields):\n"
        'neo4j-admin database import full "${1:-neo4j}" \\\n  --overwrite-destination '
        f"--multiline-fields=true \\\n  {arguments}\n"
        "# Then create the constraints: aigraph neo4j load does it (IF NOT EXISTS), or run the\n"
        "# CREATE CONSTRAINT lines of `aigraph export --format cypher`.\n"
        + "".join(f"# Data: {credit}\n" for credit in credits),
    )


@collector_paused()
def export(
    graph: EmbeddedGraph,
    fmt: ExportFormat,
    path: Path,
    level: Level = "group",
    per: Per = "pair",
    as_of: PartialDate | None = None,
) -> list[Path]:
    """Write ``graph`` in ``fmt`` to ``path`` (a directory for neo4j-csv); return the files.
    ``level``, ``per`` and ``as_of`` shape the money-flow formats (see
    :mod:`aigraph.graph.outputs.money_export`). The cyclic garbage collector is paused
    meanwhile: an export makes millions of short-lived objects beside the graph's long-lived
    ones, and each full collection would walk them all (half the neo4j-csv export's time at
    100k deals, measured in ``benchmarks/scale.py``)."""
    if fmt is ExportFormat.NEO4J_CSV:
        return write_neo4j_csv(graph, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt is ExportFormat.MONEY_GEXF:
        return [write_money_gexf(graph, path, level, per, as_of)]
    if fmt is ExportFormat.MONEY_CSV:
        return write_money_csv(graph, path, level, per, as_of)
    if fmt is ExportFormat.GRAPHML:
        write_graphml(graph, path)
    elif fmt is ExportFormat.GEXF:
        write_gexf(graph, path)
    elif fmt is ExportFormat.JSON:
        write_json(graph, path)
    else:
        write_atomic(path, cypher_script(graph))
    return [path]
