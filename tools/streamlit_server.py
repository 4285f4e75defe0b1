"""`streamlit run SCRIPT` on a free port of this machine, ready when started and ended by `stop()`: the one way
the browser tests (tests/browser/conftest.py) and the browser benchmark (bench/browser.py) start a server."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """`streamlit run SCRIPT` (a path, or one relative to the repository) on a free port, with `env` added to this
    process's environment and its output in `log`. Returns once the server answers healthy; RuntimeError (the
    log in the message, the server stopped) when it exits or is not healthy within `timeout` seconds. `port`
    picks the port instead (`make demo-scaled`: the ports people were told)."""

    def __init__(self, script: Path | str, log: Path, env: dict | None = None, *, timeout: float = 60,
                 port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        self.log = open(log, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env={**os.environ, **(env or {})}, stdout=self.log, stderr=subprocess.STDOUT,
        )
        try:
            self._wait_healthy(timeout)
        except RuntimeError:
            self.stop()
            raise

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        return
            except OSError:
                pass
            time.sleep(0.2)  # polling interval while the server starts, not a timing assertion
        raise RuntimeError(f"streamlit did not become healthy: {self.log_path.read_text()}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
