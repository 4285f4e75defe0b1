"""`make demo-hosted`: a local test identity provider and the app in hosted mode, signed in through the real
OpenID Connect flow.

- The provider is the `oidc-provider-mock` package on 127.0.0.1:$IDP_PORT (default 8502). Anyone can sign in
  there as any email address: type it on its "Authorize" page. It is for trying the app, never for real use.
- The app's secrets (an `[auth]` section: the provider's metadata URL, a client id and secret, the redirect URI
  and a fresh random cookie secret) are written to .hosted-demo/secrets.toml (git-ignored) on every start and
  handed to Streamlit with `--secrets.files`, so `.streamlit/secrets.toml` is neither needed nor touched.
- `ADMINS` (comma-separated email addresses) names the administrators in the secrets' `[hosting]` section: they
  back up the whole database and load the demo workbook on the Workbooks page.
- The app runs on 127.0.0.1:$PORT (default 8501; this machine only) on $WORKBOOK_DB (default
  data/hosted-demo.duckdb, kept apart from the local app's data/workbook.duckdb).

The browser test tests/browser/test_sign_in_browser.py starts both the same way (start_provider, write_secrets).
"""
from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_DIR = ROOT / ".hosted-demo"
CLIENT_ID = "workbook-demo"


def provider_url(port: int) -> str:
    return f"http://127.0.0.1:{port}"


def admins_from_env(value: str | None) -> list[str]:
    """The ADMINS environment variable (comma-separated email addresses) as a list."""
    return [e.strip() for e in (value or "").split(",") if e.strip()]


def write_secrets(path: Path, *, app_url: str, idp_port: int, admins: list[str] | tuple[str, ...] = ()) -> Path:
    """The `[auth]` section Streamlit's st.login reads, for the mock provider on `idp_port` and the app at
    `app_url` (the address people open: the sign-in cookie belongs to that host), and the `[hosting]` section
    naming the administrators (`admins`: they back up the whole database and load the demo workbook)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (
        "# Written by tools/demo_hosted.py for the local test provider; regenerated on every start.\n"
        "[auth]\n"
        f'redirect_uri = "{app_url}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{secrets.token_urlsafe(16)}"\n'  # the mock provider accepts any client and secret
        f'server_metadata_url = "{provider_url(idp_port)}/.well-known/openid-configuration"\n'
        # the server's token exchange with the provider: 30 s, not httpx's 5 s, so a sign-in during a rush on a busy
        # process waits instead of landing back on the sign-in page (the load test at 60 participants)
        "client_kwargs = { timeout = 30 }\n"
        "\n[hosting]\n"
        f"admins = {json.dumps([str(a) for a in admins])}\n"  # a JSON list of strings is a TOML array
    )
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def start_provider(port: int, log=None) -> subprocess.Popen:
    """`oidc-provider-mock` on 127.0.0.1:`port`, once it answers its metadata URL."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT if log else None,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"oidc-provider-mock exited with code {proc.returncode} (is port {port} free?)")
        try:
            with urllib.request.urlopen(f"{provider_url(port)}/.well-known/openid-configuration", timeout=2):
                return proc
        except OSError:
            time.sleep(0.2)  # polling while the provider starts
    proc.terminate()
    raise RuntimeError("oidc-provider-mock did not start")


def streamlit_command(port: int, secrets_file: Path, address: str | None = None) -> list[str]:
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
               "--secrets.files", str(secrets_file)]
    return command + (["--server.address", address] if address else [])


def main() -> int:
    port = int(os.environ.get("PORT") or 8501)
    idp_port = int(os.environ.get("IDP_PORT") or 8502)
    os.environ.setdefault("WORKBOOK_DB", str(ROOT / "data" / "hosted-demo.duckdb"))
    app_url = f"http://127.0.0.1:{port}"  # the app listens on this machine only: anyone may sign in as anyone
    admins = admins_from_env(os.environ.get("ADMINS"))
    secrets_file = write_secrets(DEMO_DIR / "secrets.toml", app_url=app_url, idp_port=idp_port, admins=admins)
    provider = start_provider(idp_port)
    print(f"Test sign-in provider: {provider_url(idp_port)} (sign in there as any email address)")
    print(f"Database: {os.environ['WORKBOOK_DB']}")
    print(f"Administrators (ADMINS): {', '.join(admins) or 'none'}")
    print(f"Open {app_url} and sign in, e.g. as alice@example.com. Ctrl+C stops both.", flush=True)
    try:
        return subprocess.call(streamlit_command(port, secrets_file, "127.0.0.1"), cwd=ROOT)
    except KeyboardInterrupt:
        return 0
    finally:
        provider.terminate()
        provider.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
