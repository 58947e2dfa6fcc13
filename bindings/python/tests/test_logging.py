"""The core's log records in Python's logging (logger ``jumio_kyx``), with nothing secret or
personal in them, at the level the logger asks for."""

from __future__ import annotations

import asyncio
import base64
import logging
import sys

import pytest

import jumio_kyx
from conftest import BACK, FRONT, SELFIE, make_async_client, make_client

SECRET = "py-log-secret-7f3a9c41"
FIRST, LAST = "Zebulon", "Quintavalle"
DATE_OF_BIRTH = "1987-03-14"
DOCUMENT_NUMBER = "X9Q8W7E6R5"
REFERENCE = "order-py-log-5531"
EMAIL = "zebulon.quintavalle@example.com"


def _image_traces(image: bytes) -> list[str]:
    """Ways an image's bytes could show up in text."""
    middle = image[len(image) // 2 : len(image) // 2 + 24]
    return [middle.hex(), base64.b64encode(middle).decode(), repr(middle)[2:-1], middle.decode("latin-1")]


def _kyx(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith("jumio_kyx")]


def test_a_full_flow_at_debug_logs_each_attempt_and_no_secret_or_personal_value(sandbox: jumio_kyx.Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="jumio_kyx")
    sandbox.set_faults([{"operation": "getWorkflowStatus", "status": 503, "count": 1}])
    client = make_client(sandbox, client_secret=SECRET)
    started = client.run_identity_verification(REFERENCE, FRONT, SELFIE, BACK, user_reference="py-log-user")
    client.get_workflow_status(started["account"]["id"], started["workflowExecution"]["id"])
    data: jumio_kyx.types.PreparedData = {
        "firstName": FIRST,
        "lastName": LAST,
        "dateOfBirth": DATE_OF_BIRTH,
        "email": EMAIL,
        "id": {"idNumber": DOCUMENT_NUMBER, "type": "PASSPORT"},
        "address": {"country": "USA"},
    }
    screened = client.run_prepared_data_verification(REFERENCE + "-data", data, user_reference="py-log-user")
    client.get_workflow_details(screened["account"]["id"], screened["workflowExecution"]["id"])
    records = _kyx(caplog)
    messages = [r.getMessage() for r in records]
    # One record per HTTP attempt, at DEBUG, on the jumio_kyx logger, with the core's target.
    attempts = [r for r in records if r.getMessage().startswith("kyx http attempt")]
    assert len(attempts) >= 10, messages
    assert all(r.levelno == logging.DEBUG and r.name == "jumio_kyx" for r in attempts)
    assert all(str(getattr(r, "rust_target", "")).startswith("jumio_kyx") for r in attempts)
    assert any("operation=create_account" in m and "status=200" in m for m in messages), messages
    assert sum("operation=upload_part" in m for m in messages) == 3, messages
    assert any("operation=get_workflow_status" in m and "status=503" in m for m in messages), messages
    assert any(m.startswith("kyx retry") and "operation=getWorkflowStatus" in m and "status=503" in m for m in messages), messages
    # Nothing secret or personal, in any form.
    text = "\n".join(messages + [repr(r.__dict__) for r in records])
    for value in [SECRET, FIRST, LAST, DATE_OF_BIRTH, DOCUMENT_NUMBER, EMAIL, REFERENCE, "py-log-user", *_image_traces(FRONT), *_image_traces(SELFIE), *_image_traces(BACK)]:
        assert value not in text, f"a log record contains {value!r}"


async def test_records_from_the_asyncio_client_arrive_from_tokio_threads(sandbox: jumio_kyx.Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="jumio_kyx")
    client = make_async_client(sandbox, client_secret=SECRET)
    await asyncio.gather(*(client.get_health() for _ in range(20)))
    health = [r for r in _kyx(caplog) if "operation=get_health" in r.getMessage()]
    assert len(health) == 20


def test_the_level_follows_the_logger_from_the_next_call(sandbox: jumio_kyx.Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    client = make_client(sandbox)
    caplog.set_level(logging.WARNING, logger="jumio_kyx")
    client.get_health()
    assert not any("kyx http attempt" in r.getMessage() for r in _kyx(caplog)), "DEBUG records above a WARNING logger"
    # At the default WARNING level the core's warnings still arrive: a screening workflow
    # without the userReference its screening needs.
    client.run_prepared_data_verification("py-log-warn", {"firstName": FIRST, "lastName": LAST, "dateOfBirth": DATE_OF_BIRTH})
    warnings = [r for r in _kyx(caplog) if r.levelno == logging.WARNING]
    assert any("userReference is missing" in r.getMessage() for r in warnings), [r.getMessage() for r in warnings]
    assert not any(v in r.getMessage() for r in warnings for v in [FIRST, LAST, DATE_OF_BIRTH, "py-log-warn"])
    caplog.clear()
    caplog.set_level(logging.DEBUG, logger="jumio_kyx")
    client.get_health()
    assert any("operation=get_health" in r.getMessage() for r in _kyx(caplog))


def test_a_handler_that_raises_does_not_break_the_call(sandbox: jumio_kyx.Sandbox, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            raise RuntimeError("a broken log handler")

        def handleError(self, record: logging.LogRecord) -> None:
            raise RuntimeError("and its error handler too")

    # Reported as Python reports errors nobody can catch (sys.unraisablehook).
    unraisable: list[BaseException] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: unraisable.append(u.exc_value))
    logger = logging.getLogger("jumio_kyx")
    broken = Broken()
    logger.addHandler(broken)
    caplog.set_level(logging.DEBUG, logger="jumio_kyx")
    try:
        assert make_client(sandbox).get_health()["status"] == "UP"
    finally:
        logger.removeHandler(broken)
    assert unraisable and all(isinstance(e, RuntimeError) for e in unraisable)
