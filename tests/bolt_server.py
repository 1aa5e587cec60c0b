"""A real Bolt server for the tests: ArcadeDB (from the PyPI package ``arcadedb-embedded``) run
as a separate process with the Java runtime the package ships, on free loopback ports.

ArcadeDB is a test dependency only: the project speaks standard Neo4j 5 Cypher to it over Bolt.

    with ArcadeServer.start(root) as server:
        driver = GraphDatabase.driver(server.uri, auth=(server.username, server.password))
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

READY = "ArcadeDB Server started"
PASSWORD = "aigraph-test-password"
DATABASE = "neo4j"


def arcadedb_home() -> Path | None:
    """Return the installed ``arcadedb_embedded`` package folder, or None when not installed."""
    try:
        import arcadedb_embedded
    except ImportError:
        return None
    return Path(arcadedb_embedded.__file__).resolve().parent


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class ArcadeServer:
    """A running ArcadeDB server with its Bolt and HTTP ports."""

    process: subprocess.Popen[bytes]
    root: Path
    bolt_port: int
    http_port: int
    log: Path
    username: str = "root"
    password: str = PASSWORD
    database: str = DATABASE

    @property
    def uri(self) -> str:
        """Return the bolt:// URI of the server."""
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @classmethod
    def start(cls, root: Path, timeout: float = 90.0) -> ArcadeServer:
        """Start a server with its data under ``root``; wait until it has the database."""
        home = arcadedb_home()
        if home is None:
            raise RuntimeError("arcadedb-embedded is not installed (pip install -e '.[test]')")
        java = home / "jre" / "bin" / "java"
        root.mkdir(parents=True, exist_ok=True)
        bolt_port, http_port = free_port(), free_port()
        log = root / "server.log"
        command = [
            str(java),
            "-Xmx1g",
            "-cp",
            str(home / "jars" / "*"),
            f"-Darcadedb.server.rootPath={root}",
            f"-Darcadedb.server.rootPassword={PASSWORD}",
            f"-Darcadedb.server.defaultDatabases={DATABASE}[root]",
            # Neo4j Browser 4.0's JavaScript keeps integer ids exact only below 2^53. ArcadeDB
            # packs id() as bucket << (63 - idBucketBits) | position: with the default 16 bits,
            # a bucket number of 64 passes 2^53, and the curated load reaches bucket 133 even
            # with one bucket per type (every label combination is a type, and index files
            # take file numbers too). 24 bits puts the shift at 39: ids stay below 2^47.
            "-Darcadedb.typeDefaultBuckets=1",
            "-Darcadedb.opencypher.idBucketBits=24",
            "-Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "-Darcadedb.bolt.host=127.0.0.1",
            f"-Darcadedb.bolt.port={bolt_port}",
            "-Darcadedb.server.httpIncomingHost=127.0.0.1",
            f"-Darcadedb.server.httpIncomingPort={http_port}",
            "com.arcadedb.server.ArcadeDBServer",
        ]
        with log.open("wb") as output:
            process = subprocess.Popen(
                command,
                stdout=output,
                stderr=subprocess.STDOUT,
                cwd=root,
                start_new_session=True,
            )
        server = cls(process, root, bolt_port, http_port, log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"ArcadeDB exited ({process.returncode}):\n{server.tail()}")
            if READY in log.read_text(errors="replace"):
                return server
            time.sleep(0.2)
        server.stop()
        raise RuntimeError(f"ArcadeDB did not start in {timeout:.0f} s:\n{server.tail()}")

    def tail(self, lines: int = 30) -> str:
        """Return the end of the server log."""
        if not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the server and wait for it."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def __enter__(self) -> ArcadeServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
        shutil.rmtree(self.root / "databases", ignore_errors=True)
