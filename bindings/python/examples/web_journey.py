"""A tiny web app on the web channel (standard library only): ``POST /start`` creates an account
and sends the browser to Jumio's hosted journey; the journey sends it back to ``/kyc/done`` or
``/kyc/failed``, which parse the redirect, check it is a transaction this app started, and show
the workflow's status. ``POST /embed`` runs the journey inside the app's own page with Jumio's Web
SDK (``<jumio-sdk>``; install ``@jumio/websdk`` yourself, serve its folder and set
JUMIO_WEBSDK_SCRIPT to its ``index.js`` URL), then shows ``/kyc/embedded?workflow=…``.

    python examples/web_journey.py [--port 8080]

It serves against an embedded sandbox (or the real platform, with the JUMIO_* variables set) and
prints the address to open. The browser tests (``tests/browser``) drive it in headless Chromium.
"""

from __future__ import annotations

import argparse
import html
import itertools
import json
import os
import threading
from urllib.parse import parse_qs, urlsplit
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar, Dict, Optional, Tuple

from jumio_kyx import Client, JumioError, Sandbox, ValidationError, journey_url, parse_web_redirect

ORDERS = itertools.count(1000)


class App:
    def __init__(self, client: Client, base: str) -> None:
        self.client = client
        self.base = base
        # Transactions this app started: workflow execution id -> account id. A redirect naming
        # any other pair is refused: anyone can type a successUrl.
        self.started: Dict[str, str] = {}
        self.lock = threading.Lock()

    def start(self) -> str:
        account = self.client.create_account({
            "customerInternalReference": f"order-{next(ORDERS)}",
            "workflowDefinition": {"key": 3},
            "web": {"successUrl": f"{self.base}/kyc/done", "errorUrl": f"{self.base}/kyc/failed"},
        })
        url = journey_url(account)  # refuses a non-https or disguised address
        with self.lock:
            self.started[account["workflowExecution"]["id"]] = account["account"]["id"]
        return url

    def embed(self) -> str:
        """The app's page with Jumio's Web SDK. The token and the API the SDK talks to come from
        the account's ``web.href`` (``…/web/client?baseUrl=…&authorizationToken=…``); in
        production you may instead name the data centre: ``<jumio-sdk token="…" dc="us">``."""
        account = self.client.create_account({
            "customerInternalReference": f"order-{next(ORDERS)}",
            "workflowDefinition": {"key": 3},
        })
        query = parse_qs(urlsplit(journey_url(account)).query)
        workflow_id = account["workflowExecution"]["id"]
        with self.lock:
            self.started[workflow_id] = account["account"]["id"]
        script = os.environ.get("JUMIO_WEBSDK_SCRIPT")
        missing = "" if script else (
            "<p id=websdk-missing>Install the SDK (<code>npm install @jumio/websdk</code>), serve its folder"
            " and set JUMIO_WEBSDK_SCRIPT to its <code>index.js</code> URL.</p>"
        )
        loader = f'<script type=module src="{html.escape(script)}"></script>' if script else ""
        done = json.dumps(f"/kyc/embedded?workflow={workflow_id}").replace("<", "\\u003c")
        token = html.escape(query.get("authorizationToken", [""])[0])
        base_url = html.escape(query.get("baseUrl", [""])[0])
        return (
            "<!doctype html><meta charset=utf-8><title>Verify your identity</title>"
            f"<h1 id=title>Verify your identity</h1>{missing}{loader}"
            f'<jumio-sdk id=sdk token="{token}" base-url="{base_url}" locale="en"></jumio-sdk>'
            f"<script>let done=false;const finish=()=>{{if(!done){{done=true;location.assign({done});}}}};"
            "document.getElementById('sdk').addEventListener('workflow:success',finish);"
            "document.addEventListener('workflow:success',finish);</script>"
        )

    def embedded(self, path: str) -> Tuple[int, str, str]:
        workflow_id = parse_qs(urlsplit(path).query).get("workflow", [""])[0]
        with self.lock:
            account_id = self.started.get(workflow_id)
        if account_id is None:
            return 400, "Unknown verification", "<p>this app did not start that transaction</p>"
        # The SDK says the user finished; the platform says where the workflow is.
        state = self.client.get_workflow_status(account_id, workflow_id)["workflowExecution"]["status"]
        body = (
            f"<dl><dt>workflow</dt><dd id=workflow-id>{html.escape(workflow_id)}</dd>"
            f"<dt>status</dt><dd id=workflow-status>{html.escape(state)}</dd></dl>"
            "<p>The decision arrives by callback or polling.</p>"
        )
        return 200, "Thank you", body

    def back(self, path: str) -> Tuple[int, str, str]:
        try:
            redirect = parse_web_redirect(path)
        except ValidationError as e:
            return 400, "Not a verification redirect", f"<p>{html.escape(str(e))}</p>"
        with self.lock:
            ours = self.started.get(redirect["workflowExecutionId"]) == redirect["accountId"]
        if not ours:
            return 400, "Unknown verification", "<p>this app did not start that transaction</p>"
        # The redirect says the user is back; the platform says where the workflow is.
        try:
            status = self.client.get_workflow_status(redirect["accountId"], redirect["workflowExecutionId"])
            state: str = status["workflowExecution"]["status"]
        except JumioError as e:
            state = f"unknown ({e})"
        error = ""
        if "errorCode" in redirect:
            text = f"{redirect['errorCode']} ({redirect.get('errorDescription', 'undocumented')})"
            error = f"<dt>error</dt><dd id=error-code data-code={redirect['errorCode']}>{html.escape(text)}</dd>"
        body = (
            f"<dl><dt>journey</dt><dd id=acquisition-status>{html.escape(redirect['acquisitionStatus'])}</dd>{error}"
            f"<dt>workflow</dt><dd id=workflow-id>{html.escape(redirect['workflowExecutionId'])}</dd>"
            f"<dt>status</dt><dd id=workflow-status>{html.escape(state)}</dd></dl>"
            "<p>The decision arrives by callback or polling.</p>"
        )
        return 200, ("Thank you" if redirect["acquisitionStatus"] == "SUCCESS" else "Verification failed"), body


HOME = (
    "<!doctype html><title>Shop</title><h1>Shop</h1><p>Verify your identity to continue.</p>"
    "<form method=post action=/start><button id=verify>Verify my identity</button></form>"
    "<form method=post action=/embed><button id=embed>Verify here (Jumio Web SDK)</button></form>"
)


class Handler(BaseHTTPRequestHandler):
    app: ClassVar[App]

    def _page(self, status: int, title: str, body: str) -> None:
        page = f"<!doctype html><title>{html.escape(title)}</title><h1 id=title>{html.escape(title)}</h1><div id=body>{body}</div>"
        self._send(status, page)

    def _send(self, status: int, text: str, location: Optional[str] = None) -> None:
        data = text.encode()
        self.send_response(status)
        self.send_header("content-type", "text/html; charset=utf-8")
        self.send_header("content-length", str(len(data)))
        if location:
            self.send_header("location", location)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        route = self.path.split("?", 1)[0]
        if route == "/":
            self._send(200, HOME)
        elif route in ("/kyc/done", "/kyc/failed"):
            self._page(*self.app.back(self.path))
        elif route == "/kyc/embedded":
            try:
                self._page(*self.app.embedded(self.path))
            except JumioError as e:
                self._page(502, "Verification unavailable", f"<p>{html.escape(str(e))}</p>")
        else:
            self._page(404, "Not found", "")

    def do_POST(self) -> None:  # noqa: N802
        if self.path not in ("/start", "/embed"):
            return self._page(404, "Not found", "")
        try:
            if self.path == "/embed":
                return self._send(200, self.app.embed())
            url = self.app.start()
        except JumioError as e:
            return self._page(502, "Verification unavailable", f"<p>{html.escape(str(e))}</p>")
        self._send(303, "", location=url)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the journey address carries a token: keep it out of the console


def serve(client: Client, port: int, dashboard: Optional[str]) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    Handler.app = App(client, base)
    print(f"open {base}/", flush=True)
    if dashboard:
        print(f"sandbox dashboard: {dashboard}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    port = parser.parse_args().port
    if os.environ.get("JUMIO_CLIENT_ID"):
        serve(Client.from_env(), port, None)
        return
    with Sandbox(processing_delay_ms=500) as sandbox:
        print(f"using an embedded sandbox at {sandbox.url}", flush=True)
        client = Client(base_url=sandbox.url, client_id="example-client", client_secret="example-secret", user_agent="jumio-kyx examples/0.1")
        serve(client, port, sandbox.ui_url)


if __name__ == "__main__":
    main()
