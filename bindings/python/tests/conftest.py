"""Fixtures: a sandbox in this process per test, and clients pointed at it."""

from __future__ import annotations

import pathlib
from typing import Iterator

import pytest

import jumio_kyx

REPO = pathlib.Path(__file__).resolve().parents[3]
UA = "Python Tests kyx-tests/1.0"


@pytest.fixture
def sandbox() -> Iterator[jumio_kyx.Sandbox]:
    with jumio_kyx.Sandbox(processing_delay_ms=0, callback_backoff_ms=20) as s:
        yield s


def _options(kw: dict[str, object]) -> dict[str, object]:
    options: dict[str, object] = {"base_url": None, "client_id": "py-client", "client_secret": "py-secret", "user_agent": UA, "initial_backoff": 0.01, "max_retries": 3}
    options.update(kw)
    return options


def make_client(sandbox: jumio_kyx.Sandbox, **kw: object) -> jumio_kyx.Client:
    return jumio_kyx.Client(**_options({"base_url": sandbox.url, **kw}))  # type: ignore[arg-type]


def make_async_client(sandbox: jumio_kyx.Sandbox, **kw: object) -> jumio_kyx.AsyncClient:
    return jumio_kyx.AsyncClient(**_options({"base_url": sandbox.url, **kw}))  # type: ignore[arg-type]


@pytest.fixture
def client(sandbox: jumio_kyx.Sandbox) -> jumio_kyx.Client:
    return make_client(sandbox)


@pytest.fixture
def async_client(sandbox: jumio_kyx.Sandbox) -> jumio_kyx.AsyncClient:
    return make_async_client(sandbox)


FRONT = jumio_kyx.sample_image("front")
BACK = jumio_kyx.sample_image("back")
SELFIE = jumio_kyx.sample_image("selfie")
