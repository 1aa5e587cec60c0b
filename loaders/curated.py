"""The curated loader: YAML files of records -> a validated, reference-resolved :class:`Dataset`.

Four steps, as in every loader here: read (YAML with line numbers), validate (pydantic records),
resolve (references by id or alias), build. Every problem in every file is collected first; if
there is any, :class:`DatasetError` lists them all and nothing is returned.

Each file is a mapping of section names (``organizations``, ``deals``, ...; see
``graph.records.SECTIONS``) to lists of records. Files are read in sorted path order.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from aigraph.graph.dataset import Dataset
from aigraph.graph.evidence import quote_problems
from aigraph.graph.model.coherence import loop_problems
from aigraph.graph.model.records import SECTIONS, Organization, Record, field_reference_kinds
from aigraph.loaders import reading
from aigraph.loaders.contract import Hooks, Input, InputOption, Progress, path_option
from aigraph.loaders.errors import DatasetError, LoadIssue


def _bundled() -> Path:
    location = resources.files("aigraph.curated")
    return Path(os.fspath(location))  # type: ignore[arg-type]  # a regular package on disk


CURATED_DIR = _bundled()
"""The curated dataset bundled with the project (the package ``aigraph.curated``)."""


_WHAT = {"id": "id", "name": "name", "aliases": "alias"}


def _normal(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


class _Located:
    """A validated record and where it came from."""

    def __init__(self, record: Record, file: str, line: int, index: int) -> None:
        self.record = record
        self.file = file
        self.line = line
        self.where = f"{record.section}[{index}] '{record.id}'"


def _field_path(loc: Iterable[Any]) -> str:
    return ".".join(str(part) for part in loc)


def _line_of(raw: Any, loc: tuple[Any, ...]) -> int:
    line = getattr(raw, "line", 0)
    node = raw
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        line = getattr(node, "line", line)
    return line


def _reason(error: dict[str, Any]) -> str:
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if error["type"] == "enum":
        names = [part for part in error["loc"] if isinstance(part, str)]
        what = names[-1] if names else "value"
        return f"unknown {what} {error.get('input')!r}: {message[0].lower()}{message[1:]}"
    if error["type"] == "extra_forbidden":
        return "unknown field (not in the model; check its spelling)"
    if error["type"] == "missing":
        return "required field is missing"
    return message


class CuratedLoader:
    """Reads a directory of YAML files into a :class:`Dataset`, all or nothing."""

    def __init__(self, directory: Path, progress: Progress | None = None) -> None:
        self.directory = directory
        self.progress = progress
        self.issues: list[LoadIssue] = []
        self.located: list[_Located] = []
        self.warnings: list[str] = []
        """Quotes that state only some of the values they are cited for (the load goes on)."""

    def _relative(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.directory.parent))
        except ValueError:
            return str(path)

    def _issue(self, file: str, line: int, record: str, field: str, reason: str) -> None:
        self.issues.append(LoadIssue(file, line, record, field, reason))

    def files(self) -> list[Path]:
        """Return the YAML files to read, in sorted order."""
        return sorted(p for p in self.directory.rglob("*.y*ml") if p.is_file())

    def read(self) -> None:
        """Read and validate every record of every file, collecting problems."""
        if not self.directory.is_dir():
            self._issue(str(self.directory), 0, "(directory)", "", "no such directory")
            return
        files = self.files()
        if not files:
            self._issue(str(self.directory), 0, "(directory)", "", "no .yaml files in it")
        for index, path in enumerate(files, start=1):
            if self.progress:
                self.progress(path.name, index, len(files))
            self._read_file(path)

    def _read_file(self, path: Path) -> None:
        name = self._relative(path)
        try:
            content = reading.read_yaml(path)
        except OSError as exc:
            self._issue(name, 0, "(file)", "", f"cannot read: {exc.strerror or exc}")
            return
        except reading.InputError as exc:
            self._issue(name, exc.line, "(file)", "", exc.reason)
            return
        if content is None:
            return
        if not isinstance(content, dict):
            self._issue(name, 1, "(file)", "", "expected a mapping of sections to record lists")
            return
        for section, items in content.items():
            record_type = SECTIONS.get(section)
            line = getattr(content, "line", 0)
            if record_type is None:
                known = ", ".join(SECTIONS)
                self._issue(name, line, f"section '{section}'", "", f"unknown section ({known})")
                continue
            if not isinstance(items, list):
                self._issue(name, line, f"section '{section}'", "", "expected a list of records")
                continue
            for index, raw in enumerate(items):
                self._validate(name, section, index, raw, record_type)

    def _validate(
        self, file: str, section: str, index: int, raw: Any, record_type: type[Record]
    ) -> None:
        line = getattr(raw, "line", 0)
        record_id = raw.get("id") if isinstance(raw, dict) else None
        where = f"{section}[{index}]" + (f" '{record_id}'" if record_id else "")
        if not isinstance(raw, dict):
            self._issue(file, line, where, "", "expected a mapping")
            return
        try:
            record = record_type.model_validate(raw)
        except ValidationError as exc:
            for error in exc.errors():
                loc = tuple(error["loc"])
                self._issue(
                    file, _line_of(raw, loc) or line, where, _field_path(loc), _reason(error)
                )
            return
        self.located.append(_Located(record, file, line, index))

    def check_ids(self) -> dict[str, _Located]:
        """Return the records by id, reporting every id used twice."""
        by_id: dict[str, _Located] = {}
        for item in self.located:
            first = by_id.get(item.record.id)
            if first is not None:
                self._issue(
                    item.file,
                    item.line,
                    item.where,
                    "id",
                    f"duplicate id (first defined in {first.file}:{first.line} as {first.where})",
                )
                continue
            by_id[item.record.id] = item
        return by_id

    def check_names_unique(self, by_id: dict[str, _Located]) -> None:
        """Report every id, name or alias that two organizations claim, naming both."""
        claimed: dict[str, tuple[_Located, str]] = {}
        for item in by_id.values():
            record = item.record
            if not isinstance(record, Organization):
                continue
            own = [("id", record.id), ("name", record.name)]
            own += [(f"aliases.{i}", alias) for i, alias in enumerate(record.aliases)]
            for field, name in own:
                key = _normal(name)
                first = claimed.get(key)
                if first is None:
                    claimed[key] = (item, field)
                elif first[0] is not item:
                    other, other_field = first
                    self._issue(
                        item.file,
                        item.line,
                        item.where,
                        field,
                        f"{name!r} is also the {_WHAT[other_field.split('.')[0]]} of "
                        f"{other.where} ({other.file}:{other.line}): names and aliases are unique",
                    )

    def resolve(self, by_id: dict[str, _Located]) -> list[Record]:
        """Return the records with every reference rewritten to an id, reporting unknown ones."""
        aliases: dict[tuple[str, str], set[str]] = {}
        for item in by_id.values():
            record = item.record
            names = [record.id, getattr(record, "name", None), *getattr(record, "aliases", [])]
            for name in names:
                if name:
                    aliases.setdefault((record.section, _normal(name)), set()).add(record.id)

        def lookup(value: str, kinds: tuple[str, ...], item: _Located, path: str) -> str:
            target = by_id.get(value)
            if target is not None and target.record.section in kinds:
                return value
            matches = set().union(*(aliases.get((k, _normal(value)), set()) for k in kinds))
            if len(matches) == 1:
                return matches.pop()
            wanted = " or ".join(kinds)
            if matches:
                reason = f"ambiguous reference {value!r}: alias of {', '.join(sorted(matches))}"
            else:
                reason = f"unknown reference {value!r} (no {wanted} record has this id or alias)"
            self._issue(item.file, item.line, item.where, path, reason)
            return value

        resolved = []
        for item in by_id.values():
            resolved.append(
                _resolve_model(item.record, "", lambda v, k, p, i=item: lookup(v, k, i, p))
            )
        return resolved

    def check_structure(self, records: list[Record], by_id: dict[str, _Located]) -> None:
        """Report corporate-structure loops (an organization that is its own ancestor)."""
        parents = {
            r.id: [link.parent for link in r.structure]
            for r in records
            if isinstance(r, Organization)
        }
        for start in sorted(parents):
            stack, seen = list(parents[start]), set()
            while stack:
                current = stack.pop()
                if current == start:
                    item = by_id[start]
                    self._issue(
                        item.file,
                        item.line,
                        item.where,
                        "structure",
                        "corporate-structure loop: the organization is its own parent",
                    )
                    break
                if current in seen:
                    continue
                seen.add(current)
                stack.extend(parents.get(current, []))

    def check_loops(self, records: list[Record], by_id: dict[str, _Located]) -> None:
        """Report supersession loops among deals and part_of / builds_upon loops among
        facilities (a chain that comes back to where it started)."""
        for record_id, field, reason in loop_problems(records):
            item = by_id[record_id]
            self._issue(item.file, item.line, item.where, field, reason)

    def load(self) -> Dataset:
        """Return the dataset, or raise :class:`DatasetError` listing every problem."""
        self.read()
        by_id = self.check_ids()
        self.check_names_unique(by_id)
        records = self.resolve(by_id)
        self.check_structure(records, by_id)
        if not self.issues:
            self.check_loops(records, by_id)
        if self.issues:
            raise DatasetError(self.issues)
        dataset = Dataset(records)
        self.check_quotes(dataset, by_id)
        return dataset

    def check_quotes(self, dataset: Dataset, by_id: dict[str, _Located]) -> None:
        """Keep a warning (``warnings``, also in ``dataset.derived["quote_warnings"]``) for each
        citation whose quote states none, or only some, of the values it is cited for."""
        for problem in quote_problems(dataset, origin=None):
            item = by_id.get(problem.record)
            if item is not None:
                field = f"citations.{problem.citation}"
                issue = LoadIssue(item.file, item.line, item.where, field, problem.reason)
                self.warnings.append(str(issue))
        dataset.derived["quote_warnings"] = list(self.warnings)


def _resolve_model(model: BaseModel, path: str, lookup: Any) -> Any:
    updates: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        field_path = f"{path}.{name}" if path else name
        kinds = field_reference_kinds(type(model), name)
        if kinds and value is not None:
            updates[name] = _resolve_value(value, kinds, field_path, lookup)
        elif isinstance(value, BaseModel):
            updates[name] = _resolve_model(value, field_path, lookup)
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            updates[name] = [
                _resolve_model(v, f"{field_path}.{i}", lookup) for i, v in enumerate(value)
            ]
    return model.model_copy(update=updates) if updates else model


def _resolve_value(value: Any, kinds: tuple[str, ...], path: str, lookup: Any) -> Any:
    if isinstance(value, str):
        return lookup(value, kinds, path)
    if isinstance(value, list):
        return [_resolve_value(v, kinds, f"{path}.{i}", lookup) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {k: _resolve_value(v, kinds, f"{path}.{k}", lookup) for k, v in value.items()}
    return value


def load_curated(directory: Path | str | None = None, progress: Progress | None = None) -> Dataset:
    """Return the validated dataset in ``directory`` (default: the bundled curated data).

    ``progress(file name, files read, files in all)`` is called before each file is read.
    Raises :class:`DatasetError` naming the file, record, field and reason of every problem;
    nothing is returned when any record is bad.

    >>> ds = load_curated()
    >>> ds.get("spacex").name
    'SpaceX'
    """
    return CuratedLoader(Path(directory) if directory else CURATED_DIR, progress).load()


NO_DATA = "none"
"""``--data none``: no curated data (a folder named so is ``--data ./none``)."""


def _apply(
    dataset: Dataset | None, values: Mapping[str, Any], hooks: Hooks
) -> tuple[Dataset, None]:
    directory = path_option(values, "data")
    if directory is not None and str(directory).lower() == NO_DATA:
        return Dataset([]), None
    return load_curated(directory, hooks.progress), None


CURATED_INPUT = Input(
    name="curated",
    description="the curated YAML records (default: the bundled dataset)",
    options=(
        InputOption(
            "--data",
            "Directory of curated YAML files (default: the bundled dataset); 'none' for no "
            "curated data (a deal table on its own: --data none --deals FILE).",
            kind=Path,
            envvar="AIGRAPH_DATA",
        ),
    ),
    apply=_apply,
)
