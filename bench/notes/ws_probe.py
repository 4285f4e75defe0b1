# Probe used while building bench/ws_client.py (task C): anonymous first run, Sign in -> auth_redirect, OIDC sign-in over httpx, reconnect with cookies.
import sys
import tempfile
import asyncio
from pathlib import Path
sys.path.insert(0, "/work/wt/c")
import websockets
from tests.browser.conftest import serve_hosted
from bench import ws_client
async def go(url):
    ws_url = url.replace("http", "ws") + "/_stcore/stream"
    async with websockets.connect(ws_url, subprotocols=["streamlit"], origin=url, max_size=None) as ws:
        page = ws_client.Page()
        await asyncio.wait_for(ws_client.step(ws, page, ws_client.rerun_msg(page, "")), 30)
        await asyncio.wait_for(ws_client.step(ws, page, ws_client.rerun_msg(page, "", page.widget("Sign in"))), 30)
        print("redirect", page.redirect[:80])
    jar = await asyncio.to_thread(ws_client.sign_in, page.redirect if page.redirect.startswith("http") else url + page.redirect, "p1@example.com")
    print("cookies", sorted(jar.keys()))
    hdr = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}
    async with websockets.connect(ws_url, subprotocols=ws_client.subprotocols(jar), origin=url, max_size=None, additional_headers=hdr) as ws:
        page = ws_client.Page()
        t = await asyncio.wait_for(ws_client.step(ws, page, ws_client.rerun_msg(page, "")), 30)
        print("signed-in run", round(t, 2), [(w.kind, w.label) for w in page.widgets.values()][:8], page.exceptions, sorted(page.pages)[:8])
with serve_hosted(Path(tempfile.mkdtemp())) as server:
    asyncio.run(go(server.url))
