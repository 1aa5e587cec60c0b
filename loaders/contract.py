"""The contract every loader follows, and the helpers they share.

A loader reads one kind of input and produces records, in three steps (as Cartography's
get -> transform -> load):

1. ``read``: dumb I/O; rows with the file and line they came from (``loaders.csv_reading``,
   ``loaders.curated``);
2. ``transform``: pure, one row at a time, into records; every problem is recorded on its row
   (file, line, record, field, reason), never raised;
3. ``records``: what the rows gave, kept only when no row had a problem (all or nothing:
   :class:`~aigraph.loaders.errors.DatasetError` lists every problem otherwise).

:class:`RecordSet` holds what the steps share: free ids, the sources records cite, validation
into model records with located problems, and the records made so far. An :class:`Input` is
what the command line offers: a loader's options (``--epoch-dir``) and how it adds to the
dataset (``loaders.registry`` lists them).
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError

from aigraph.graph.dataset import Dataset
from aigraph.graph.model.records import Record, Source
from aigraph.graph.model.vocabulary import source_kind_of_url
from aigraph.loaders.csv_reading import CsvRow, read_csv
from aigraph.loaders.errors import DatasetError, LoadIssue

Progress = Callable[[str, int, int | None], None]
"""Called with (what is being read, how many so far, how many in all or None)."""
R = TypeVar("R", bound=Record)


class RecordSet:
    """The records a load makes, with the ids they take and the problems found."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.records: dict[str, Record] = {}
        self.taken: set[str] = set(taken)
        self.issues: list[LoadIssue] = []
        self._next_number: dict[str, int] = {}
        """The number to try next for a base (ids made from one base count on from there)."""

    def new_id(self, base: str) -> str:
        """Return a free id starting with ``base`` (``base``, ``base-2``, ...) and take it; a
        base used again goes on from its last number (linear time for many identical rows)."""
        number = self._next_number.get(base, 1)
        candidate = base if number == 1 else f"{base}-{number}"
        while candidate in self.taken:
            number += 1
            candidate = f"{base}-{number}"
        self._next_number[base] = number + 1
        self.taken.add(candidate)
        return candidate

    def add(self, record: R) -> R:
        """Keep a record (its id is taken); return it."""
        self.records[record.id] = record
        self.taken.add(record.id)
        return record

    def source(self, source_id: str, build: Callable[[], Source]) -> str:
        """Return ``source_id``, adding the source ``build()`` makes the first time."""
        if source_id not in self.records:
            self.add(build())
        return source_id

    def url_source(self, url: str, prefix: str, cited_by: str) -> str:
        """Return the id (``<prefix>-src-<hash>``) of a source for ``url``, an article that the
        dataset ``cited_by`` cites."""
        source_id = f"{prefix}-src-" + hashlib.sha1(url.encode()).hexdigest()[:12]
        host = urlsplit(url).netloc or url[:60]
        return self.source(
            source_id,
            lambda: Source(
                id=source_id,
                title=f"{host} (cited by {cited_by})",
                kind=source_kind_of_url(url),
                url=url,
                notes=f"A source URL of an {cited_by} record.",
            ),
        )

    def validate(self, row: CsvRow, build: Callable[[], R]) -> R | None:
        """Return the record ``build()`` makes, or None with every validation problem recorded
        on ``row`` (named by field)."""
        try:
            return build()
        except ValidationError as exc:
            for error in exc.errors():
                field = ".".join(str(p) for p in error["loc"]) or "(record)"
                row.problem(field, str(error["msg"]).removeprefix("Value error, "))
            return None


class FileLoader(ABC):
    """One kind of input file: which file, which columns it must have, and how one row becomes
    records. Subclasses implement :meth:`transform`."""

    file_name: ClassVar[str]
    """The file's name, as its publisher names it."""
    required: ClassVar[tuple[str, ...]] = ()
    """Columns without which the file cannot be read."""
    description: ClassVar[str] = ""

    def read(self, path: Path, label: str, progress: Progress | None = None) -> list[CsvRow]:
        """Return the rows of ``path`` with cells (problems of the file itself ride on a row)."""
        rows = []
        for row in read_csv(path, self.required, label):
            rows.append(row)
            if progress and row.cells:
                progress(self.file_name, len(rows), None)
        return rows

    @abstractmethod
    def transform(self, row: CsvRow) -> None:
        """Make the records of one row (through the shared :class:`RecordSet`); record every
        problem on the row."""

    def prepare(self, rows: list[CsvRow]) -> None:  # noqa: B027 (optional hook)
        """Look at every row before any is transformed (e.g. to know ids rows refer to)."""

    def load(self, path: Path, label: str, progress: Progress | None = None) -> tuple[int, list]:
        """Read and transform every row; return the number of rows with cells and the problems
        found (file-level ones included)."""
        rows = self.read(path, label, progress)
        self.prepare(rows)
        issues: list[LoadIssue] = []
        for row in rows:
            if row.cells:
                try:
                    self.transform(row)
                except ValidationError as error:  # a record the row makes does not validate
                    for detail in error.errors():
                        where = ".".join(str(part) for part in detail["loc"])
                        row.problem(where or "(row)", f"{error.title}: {detail['msg']}")
            issues.extend(row.issues)
        return sum(1 for row in rows if row.cells), issues


def raise_if_any(issues: list[LoadIssue]) -> None:
    """Raise :class:`DatasetError` listing ``issues`` when there are any."""
    if issues:
        raise DatasetError(issues)


# -- inputs: what the command line offers ---------------------------------------------------


@dataclass(frozen=True)
class InputOption:
    """A command-line option of an input: ``--epoch-dir DIR`` (or ``AIGRAPH_EPOCH_DIR``)."""

    flag: str
    help: str
    kind: type = str
    envvar: str | None = None
    multiple: bool = False

    @property
    def dest(self) -> str:
        """Return the option's name as a Python identifier: ``--epoch-dir`` -> ``epoch_dir``."""
        return self.flag.lstrip("-").replace("-", "_")


@dataclass(frozen=True)
class Hooks:
    """What a load reports while it runs: progress, and warnings that do not stop it."""

    progress: Progress | None = None
    warn: Callable[[str], None] = field(default=lambda message: None)


Apply = Callable[[Dataset | None, Mapping[str, Any], Hooks], tuple[Dataset, BaseModel | None]]
"""An input's load: (the dataset so far, or None for the base; option values; hooks) -> (the
dataset with this input's records; a report, or None when the input was not asked for)."""


@dataclass(frozen=True)
class Input:
    """A kind of input: its name, its options and how it loads."""

    name: str
    description: str
    options: tuple[InputOption, ...]
    apply: Apply


def path_option(values: Mapping[str, Any], dest: str) -> Path | None:
    """Return the option ``dest`` as a path, or None when unset."""
    value = values.get(dest)
    return Path(value) if value else None


def input_directory(
    values: Mapping[str, Any], dir_dest: str, url_dest: str, download: Callable[[str], Path]
) -> Path | None:
    """Return the folder an input reads: the option ``dir_dest``, else what ``download`` fetches
    from the URL of ``url_dest``, else None (the input is not asked for)."""
    directory = path_option(values, dir_dest)
    url = values.get(url_dest)
    if directory is None and url:
        directory = download(str(url))
    return directory


def download_files(
    base_url: str, names: Iterable[str], option: str, prefix: str
) -> tuple[Path, dict[str, str]]:
    """Return a new temporary folder (named ``prefix...``) holding the files ``names`` fetched
    from ``base_url``, and why each file that could not be fetched failed, by its URL. A URL
    that is not http(s) is a :class:`DatasetError` naming the ``option`` it came from."""
    import tempfile
    import urllib.request

    if urlsplit(base_url).scheme.lower() not in ("http", "https"):
        raise DatasetError(
            [LoadIssue(base_url, 0, "(option)", option, "takes an http:// or https:// URL")]
        )
    target = Path(tempfile.mkdtemp(prefix=prefix))
    failed: dict[str, str] = {}
    for name in names:
        url = base_url.rstrip("/") + "/" + name
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                (target / name).write_bytes(response.read())
        except (OSError, ValueError) as exc:
            failed[url] = str(exc)
    return target, failed
