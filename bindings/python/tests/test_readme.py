"""The README's examples marked ``<!-- tested: NAME -->`` run here as they are written, against
the sandbox (the receivers with the sandbox's loopback address allowed, since the README's
verifier accepts Jumio's addresses only)."""

from __future__ import annotations

import contextlib
import http.server
import logging
import pathlib
import re
import threading
import time
from typing import Any, Dict, Iterator

import pytest

import jumio_kyx
from conftest import BACK, FRONT, SELFIE, make_async_client, make_client
from servers import serve_asgi, serve_django, serve_wsgi, wait

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"


def example(name: str) -> str:
    text = README.read_text(encoding="utf-8")
    found = re.search(rf"<!-- tested: {re.escape(name)} \(tests/test_readme\.py\) -->\n```python\n(.*?)```", text, re.S)
    assert found, f"the README has no tested example {name!r}"
    return found.group(1)


def run(name: str, replace: Dict[str, str] | None = None, **names: Any) -> Dict[str, Any]:
    code = example(name)
    for old, new in (replace or {}).items():
        assert old in code
        code = code.replace(old, new)
    namespace: Dict[str, Any] = {"__name__": f"readme_{name}", **names}
    exec(compile(code, f"README.md:{name}", "exec"), namespace)
    return namespace


def test_every_tested_example_is_run_here() -> None:
    marked = re.findall(r"<!-- tested: (\w+) \(tests/test_readme\.py\) -->", README.read_text(encoding="utf-8"))
    assert sorted(marked) == sorted(["cancellation", "streaming", "fastapi", "flask", "django", "logging"])


def test_logging(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="jumio_kyx")  # restores the level the example changes
    run("logging")
    assert any(r.name == "jumio_kyx" and r.getMessage().startswith("kyx http attempt operation=get_health") for r in caplog.records)


def test_cancellation() -> None:
    run("cancellation")


def test_streaming(sandbox: jumio_kyx.Sandbox, client: jumio_kyx.Client) -> None:
    class Image(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.end_headers()  # no Content-Length: a stream of unknown length
            self.wfile.write(FRONT)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Image)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        account = client.create_account({"customerInternalReference": "py-readme-stream", "workflowDefinition": {"key": 10011}})
        credential = next(c["id"] for c in account["workflowExecution"]["credentials"] if c["category"] == "ID")
        ids = {"account_id": account["account"]["id"], "workflow_id": account["workflowExecution"]["id"], "credential_id": credential}
        local = f"http://127.0.0.1:{server.server_address[1]}/front.jpg"
        run("streaming", {"https://scans.example.com/front.jpg": local}, client=client, **ids)
    finally:
        server.shutdown()
        server.server_close()
    assert client.download_part(ids["account_id"], credential, "FRONT")["content"] == FRONT


@pytest.fixture
def loopback_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """``CallbackVerifier("US")`` as the examples write it, plus the sandbox's address."""
    real = jumio_kyx.CallbackVerifier
    monkeypatch.setattr(jumio_kyx, "CallbackVerifier", lambda region: real(region, allow=["127.0.0.1"]))


@contextlib.contextmanager
def _served(name: str, **names: Any) -> Iterator[str]:
    namespace = run(name, **names)
    server = {"fastapi": lambda: serve_asgi(namespace["app"]), "flask": lambda: serve_wsgi(namespace["app"]), "django": lambda: serve_django(namespace["urlpatterns"])}[name]
    with server() as port:
        yield f"http://127.0.0.1:{port}/jumio/callback"


@pytest.mark.parametrize("name", ["fastapi", "flask", "django"])
@pytest.mark.usefixtures("loopback_allowed")
def test_receivers(name: str, sandbox: jumio_kyx.Sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    client = make_client(sandbox)
    with _served(name, client=client, aclient=make_async_client(sandbox)) as url:
        started = client.run_identity_verification(f"py-readme-{name}", FRONT, SELFIE, BACK, callback_url=url, user_reference="py-user")
        workflow_id = started["workflowExecution"]["id"]
        printed = ""

        def handled() -> bool:
            nonlocal printed
            printed += capsys.readouterr().out
            return f"{workflow_id} PASSED" in printed

        wait(handled, "the example's handler")
        time.sleep(0.1)
