"""`make demo-scaled`: two app processes sharing one PostgreSQL database, in hosted mode (issue 20).

- PostgreSQL: a throw-away cluster (tools/pg_cluster.py: Debian's `postgresql` package, a temporary folder, a free
  port, or $PG_PORT) with one database, `workbook`, migrated here once before the apps start (two processes starting
  at the same moment must not both apply the migrations). The data is gone when the demo stops.
- The test identity provider of hosted mode (tools/demo_hosted.py) on 127.0.0.1:$IDP_PORT (default 8502): anyone
  signs in there as any email address. For trying the app, never for real use.
- Two `streamlit run app.py` processes, WORKBOOK_DB = the database's postgresql:// URL, listening on this machine
  only (127.0.0.1), on $PORT (default 8501) and $PORT2 (default 8503).

Each process has a secrets file of its own in .scaled-demo (git-ignored, new on every start): its redirect_uri
names the address of that process, so the provider sends people back to the process they signed in through. The
two are opened under two host names, http://127.0.0.1:$PORT and http://localhost:$PORT2: a browser shares one host's
cookies across its ports, and Streamlit's sign-in cookie holds the origin it was made for, so on one host name a
sign-in through one process would replace (and sign out) the other's. Behind a reverse proxy every process serves
one address and one cookie does for all (README, "Hosting at scale").

The browser test tests/browser/test_scaled_browser.py starts the same setup on free ports (`serve`).
"""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as `python tools/demo_scaled.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools import demo_hosted, pg_cluster  # noqa: E402
from tools.streamlit_server import StreamlitServer, free_port  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEMO_DIR = ROOT / ".scaled-demo"
DATABASE = "workbook"
HOSTS = ("127.0.0.1", "localhost")  # process A's, process B's: the same machine, a cookie jar each


@dataclass
class Scaled:
    """What `serve` started: the database's URL, the two app servers, the provider's address."""

    database_url: str
    apps: list[StreamlitServer]
    idp_url: str
    cluster: object = None  # tools.pg_cluster.Cluster


def _in_use(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _migrate(url: str) -> None:
    from lib import db

    db.open(url).close()


@contextlib.contextmanager
def serve(folder: Path, *, ports: tuple[int | None, int | None] = (None, None), idp_port: int | None = None,
          pg_port: int | None = None, processes: int = 2) -> Iterator[Scaled]:
    """PostgreSQL, the provider and two app processes (free ports where none is given; `processes=1`: the first
    only, as the load test's one-process setup); logs and the secrets files in `folder`. Everything is stopped, and
    the cluster removed, when the block ends."""
    for port in (*ports, idp_port):
        if port and _in_use(port):
            raise RuntimeError(f"Port {port} is in use: stop what runs there, or set PORT, PORT2 or IDP_PORT.")
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        cluster = stack.enter_context(pg_cluster.running(pg_port))
        url = cluster.create_database(DATABASE)
        _migrate(url)
        idp_port = idp_port or free_port()
        provider = demo_hosted.start_provider(idp_port, log=stack.enter_context(open(folder / "provider.log", "w")))
        stack.callback(provider.wait, timeout=10)
        stack.callback(provider.terminate)
        apps = []
        for name, host, port in list(zip("AB", HOSTS, ports))[:processes]:
            # Streamlit puts the process's own port in place of {port} (known once a free one is picked).
            secrets_file = demo_hosted.write_secrets(folder / f"secrets-{name}.toml", app_url=f"http://{host}:{{port}}",
                                                     idp_port=idp_port)
            env = {"WORKBOOK_DB": url, "STREAMLIT_SECRETS_FILES": str(secrets_file)}
            app = StreamlitServer(ROOT / "app.py", folder / f"app-{name}.log", env, port=port)
            stack.callback(app.stop)
            app.url = f"http://{host}:{app.port}"  # the address its redirect_uri names: open it there
            apps.append(app)
        yield Scaled(url, apps, demo_hosted.provider_url(idp_port), cluster)


def _stop(signum, frame) -> None:  # noqa: ARG001 - a signal handler's signature
    raise KeyboardInterrupt  # SIGTERM ends the demo as Ctrl+C does: everything stopped, the cluster removed


def main() -> int:
    ports = (int(os.environ.get("PORT") or 8501), int(os.environ.get("PORT2") or 8503))
    idp_port = int(os.environ.get("IDP_PORT") or 8502)
    pg_port = int(os.environ["PG_PORT"]) if os.environ.get("PG_PORT") else None
    if pg_cluster.binaries() is None:
        print("PostgreSQL is not installed. On Debian or Ubuntu: sudo apt-get install postgresql", file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, _stop)
    try:
        with serve(DEMO_DIR, ports=ports, idp_port=idp_port, pg_port=pg_port) as scaled:
            a, b = scaled.apps
            print(f"PostgreSQL: {scaled.database_url} (a throw-away server: its data is gone when the demo stops)")
            print(f"Test sign-in provider: {scaled.idp_url} (sign in there as any email address)")
            print(f"App process A: {a.url}")
            print(f"App process B: {b.url}")
            print(f"Logs: {DEMO_DIR}. Sign in on each, e.g. as alice@example.com: a change saved through one process "
                  "shows through the other. Ctrl+C stops everything.", flush=True)
            while all(app.proc.poll() is None for app in scaled.apps):
                time.sleep(0.5)  # waiting for Ctrl+C, or for an app process to end
            ended = next(app for app in scaled.apps if app.proc.poll() is not None)
            print(f"The app process on {ended.url} ended (code {ended.proc.returncode}); see {ended.log_path}.",
                  file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        print("Stopped.")
        return 0
    except RuntimeError as e:
        print(e, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
