"""Files written whole or not at all: each output goes to a temporary name beside its target
and is renamed over it once complete, so a full disk or a crash leaves no partial file (and a
retry does not find one in its way)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_PREFIX = ".aigraph-"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` to write; on success it is renamed to ``path``
    (replacing it, or a symbolic link at it, not the link's target); on any error it is
    removed and the error goes on."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=_PREFIX, suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8) to ``path`` whole or not at all; return ``path``."""
    with replacing(path) as temporary:
        if isinstance(data, str):
            temporary.write_text(data, encoding="utf-8")
        else:
            temporary.write_bytes(data)
    return path


@contextmanager
def new_folder(directory: Path) -> Iterator[Path]:
    """Yield the folder to write into: for a folder that does not exist yet, a temporary one
    beside it, renamed to ``directory`` on success and removed on error (nothing is left);
    an existing folder as it is (write each file with :func:`replacing`)."""
    if directory.is_dir():
        yield directory
        return
    directory.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(dir=directory.parent, prefix=_PREFIX))
    try:
        yield temporary
        os.chmod(temporary, 0o777 & ~_umask())
        os.rename(temporary, directory)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
