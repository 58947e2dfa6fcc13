"""Real servers on loopback for the receiver tests: uvicorn (ASGI: FastAPI, Starlette), werkzeug
(WSGI: Flask) and Django's threaded WSGI server, each on a free port, stopped on exit."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import types
from typing import Any, Callable, Iterator, List


def wait(condition: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


@contextlib.contextmanager
def serve_asgi(app: Any) -> Iterator[int]:
    """Serves an ASGI app with uvicorn; yields the port."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    wait(lambda: server.started, "uvicorn to start")
    try:
        yield sock.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@contextlib.contextmanager
def serve_wsgi(app: Any) -> Iterator[int]:
    """Serves a WSGI app with werkzeug's threaded server; yields the port."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()


DJANGO_URLS = types.ModuleType("kyx_test_urls")
"""The URL configuration of the Django tests (settings can be made once per process)."""


def django_ready() -> None:
    """Minimal settings: no apps, no middleware, the routes of ``DJANGO_URLS``."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            DEBUG=False,
            SECRET_KEY="kyx-receiver-tests-only",
            ALLOWED_HOSTS=["127.0.0.1"],
            ROOT_URLCONF=DJANGO_URLS,
            MIDDLEWARE=[],
            INSTALLED_APPS=[],
            USE_TZ=True,
            LOGGING_CONFIG=None,
        )
        django.setup()


@contextlib.contextmanager
def serve_django(urlpatterns: List[Any]) -> Iterator[int]:
    """Serves Django, routing ``urlpatterns``, with its own threaded WSGI server."""
    django_ready()
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from django.urls import clear_url_caches

    DJANGO_URLS.urlpatterns = urlpatterns  # type: ignore[attr-defined]
    clear_url_caches()

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)
    server.set_app(get_wsgi_application())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()
