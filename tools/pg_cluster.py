"""A throw-away PostgreSQL server: a cluster made in a temporary folder, on a free port, stopped on exit.

For the lib suite on PostgreSQL (`make test`), `make demo-scaled` and the benchmark. Uses Debian's `postgresql`
package (/usr/lib/postgresql/<version>/bin). PostgreSQL refuses to run as root: as root, the cluster runs as the
`postgres` user the package creates. Trust authentication on 127.0.0.1 only; fsync off (data that matters never
lives here).
"""
from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

USER = "workbook"


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl, the newest version installed; None without PostgreSQL."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Cluster:
    """A running server; `url` has no database name (append "/<name>")."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port
        self.url = f"postgresql://{USER}@127.0.0.1:{port}"

    def start(self) -> Cluster:
        bin_dir = binaries()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL is not installed (Debian: apt-get install postgresql).")
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        data = self.folder / "data"
        subprocess.run(_as_server_user([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", USER,
                                        "-E", "UTF8", "--no-sync", "--no-instructions"]),
                       check=True, capture_output=True)
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
                                        "-l", str(self.folder / "server.log"), "-w", "start"]),
                       check=True, capture_output=True)
        return self

    def create_database(self, name: str) -> str:
        """A new, empty database; its URL."""
        import psycopg

        with psycopg.connect(f"{self.url}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return f"{self.url}/{name}"

    def stop(self) -> None:
        bin_dir = binaries()
        subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate",
                                        "stop"]), capture_output=True)


@contextlib.contextmanager
def running(port: int | None = None) -> Iterator[Cluster]:
    """A new server for the duration of the block, removed afterwards."""
    from tools.streamlit_server import free_port

    folder = Path(tempfile.mkdtemp(prefix="workbook-pg-"))
    os.chmod(folder, 0o755)
    cluster = Cluster(folder, port or free_port())
    try:
        yield cluster.start()
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
