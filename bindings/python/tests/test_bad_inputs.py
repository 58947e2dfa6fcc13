"""The bad-input catalogue of tests/bad-inputs (also run by the Rust and Node clients): every
input is a ``ValidationError`` naming its field, raised before anything reaches the sandbox."""

from __future__ import annotations

import base64
import json
import re
from typing import Any, Dict

import pytest

import jumio_kyx
from conftest import REPO, UA

_FILE = json.loads((REPO / "tests" / "bad-inputs" / "catalogue.json").read_text())
CATALOGUE = _FILE["inputs"]
SANDBOX_OPTIONS = _FILE["sandbox"]
SAMPLES = {"front": jumio_kyx.sample_image("front"), "back": jumio_kyx.sample_image("back"), "selfie": jumio_kyx.sample_image("selfie")}
NON_FINITE = {"Infinity": float("inf"), "-Infinity": float("-inf"), "NaN": float("nan")}


def snake(name: str) -> str:
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def file(spec: Dict[str, Any]) -> bytes:
    if "sample" in spec:
        data = SAMPLES[spec["sample"]]
    elif "text" in spec:
        data = spec["text"].encode()
    else:
        data = base64.b64decode(spec["base64"])
    return data.ljust(spec.get("padTo", 0), b"\0")


def number(v: Any) -> Any:
    return NON_FINITE.get(v, v) if isinstance(v, str) else v


@pytest.fixture(scope="module")
def sandbox() -> Any:
    with jumio_kyx.Sandbox(processing_delay_ms=0) as s:
        yield s


def attempt(sandbox: jumio_kyx.Sandbox, client: jumio_kyx.Client, entry: Dict[str, Any]) -> None:
    if "client" in entry:
        options: Dict[str, Any] = {"base_url": sandbox.url, "client_id": "bad-inputs", "client_secret": "secret", "user_agent": UA}
        options.update({snake(k): number(v) for k, v in entry["client"].items()})
        jumio_kyx.Client(**options)
        return
    kwargs = {k: number(v) for k, v in entry["args"].items()}
    kwargs.update({name: file(spec) for name, spec in entry.get("files", {}).items()})
    getattr(client, entry["call"])(**kwargs)


@pytest.mark.parametrize("entry", CATALOGUE, ids=[e["name"] for e in CATALOGUE])
def test_bad_input(sandbox: jumio_kyx.Sandbox, entry: Dict[str, Any]) -> None:
    client = jumio_kyx.Client(base_url=sandbox.url, client_id="bad-inputs", client_secret="secret", user_agent=UA)
    if entry.get("missingArgument"):
        with pytest.raises(TypeError):
            attempt(sandbox, client, entry)
    else:
        with pytest.raises(jumio_kyx.ValidationError) as e:
            attempt(sandbox, client, entry)
        assert e.value.field == entry["field"], repr(e.value)
    assert sandbox.requests() == [], "nothing may reach the server"


def test_the_catalogue_is_large() -> None:
    assert len(CATALOGUE) >= 100


@pytest.mark.parametrize("entry", SANDBOX_OPTIONS, ids=[e["name"] for e in SANDBOX_OPTIONS])
def test_bad_sandbox_option(entry: Dict[str, Any]) -> None:
    """Options of the embedded sandbox, as keyword arguments: refused at start, saying what (a
    ``ValueError`` for a bad value, a ``RuntimeError`` for a directory that cannot be used)."""
    options = {snake(k): v for k, v in entry["options"].items()}
    with pytest.raises((ValueError, RuntimeError), match=re.escape(entry["says"])):
        jumio_kyx.Sandbox(**options)
