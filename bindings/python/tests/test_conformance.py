"""The shared conformance scenarios of tests/conformance, with the Python client."""

from __future__ import annotations

import json
import pathlib
import re
from typing import Any, Dict

import pytest

import jumio_kyx
from conftest import REPO, UA

SCENARIOS = sorted((REPO / "tests" / "conformance").glob("*.json"))
SAMPLES = {"front": jumio_kyx.sample_image("front"), "back": jumio_kyx.sample_image("back"), "selfie": jumio_kyx.sample_image("selfie")}
FILE_ARGS = ("file", "front", "back", "selfie")


def resolve(v: Any, saved: Dict[str, Any]) -> Any:
    if isinstance(v, str):
        m = re.fullmatch(r"\$\{(\w+):(/.*)\}", v)
        if m:
            target = saved[m.group(1)]
            for part in m.group(2).split("/")[1:]:
                target = target[int(part)] if isinstance(target, list) else target[part]
            return target
        return v
    if isinstance(v, list):
        return [resolve(x, saved) for x in v]
    if isinstance(v, dict):
        return {k: resolve(x, saved) for k, x in v.items()}
    return v


def pointer(v: Any, path: str) -> Any:
    for part in path.split("/")[1:]:
        if isinstance(v, list):
            v = v[int(part)] if int(part) < len(v) else None
        elif isinstance(v, dict):
            v = v.get(part)
        else:
            return None
    return v


NON_FINITE = {"Infinity": float("inf"), "-Infinity": float("-inf"), "NaN": float("nan")}


def call(client: jumio_kyx.Client, op: str, args: Dict[str, Any]) -> Any:
    # Numbers JSON cannot carry arrive as the Python floats a caller would pass.
    kwargs = {k: NON_FINITE.get(v, v) if isinstance(v, str) and k in ("deadline", "poll_interval", "schedule_scale") else v for k, v in args.items()}
    for name in FILE_ARGS:
        if name in kwargs:
            spec = kwargs[name]
            kwargs[name] = SAMPLES[spec["sample"]] if "sample" in spec else spec["text"].encode()
    result = getattr(client, op)(**kwargs)
    if op in ("download_part", "generate_report"):
        result = {"contentType": result["contentType"], "length": result["length"]}
    return result


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario(path: pathlib.Path) -> None:
    scenario = json.loads(path.read_text())
    settings = {re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), k): v for k, v in scenario.get("sandbox", {}).get("settings", {}).items()}
    with jumio_kyx.Sandbox(**settings) as sandbox:
        client = jumio_kyx.Client(base_url=sandbox.url, client_id="conf", client_secret="conf", user_agent=UA, initial_backoff=0.01)
        saved: Dict[str, Any] = {}
        for i, step in enumerate(scenario["steps"]):
            at = f"{scenario['name']}, step {i}"
            args = resolve(step.get("args", {}), saved)
            if "sandbox" in step:
                control = step["sandbox"]
                if control == "set_faults":
                    sandbox.set_faults(args)
                elif control == "advance_clock":
                    sandbox.advance_clock(args["seconds"])
                elif control == "set_workflow_scenario":
                    sandbox.set_workflow_scenario(args["workflow"], args["scenario"]["labels"], args["scenario"].get("risk"))
                elif control == "update_settings":
                    sandbox.update_settings(**args)
                else:
                    raise AssertionError(f"{at}: unknown sandbox step {control}")
                continue
            expect = resolve(step.get("expect", {}), saved)
            before = len(sandbox.requests())
            try:
                result = call(client, step["call"], args)
                error = None
            except jumio_kyx.JumioError as e:
                result, error = None, e
            if "requests" in expect:
                assert len(sandbox.requests()) - before == expect["requests"], f"{at}: requests"
            want = expect.get("error")
            if want is None:
                assert error is None, f"{at}: unexpected error {error!r}"
                for path_, value in expect.get("result", {}).items():
                    got = pointer(result, path_)
                    assert got == value, f"{at}: {path_} is {got!r}, expected {value!r}"
                if "save" in step:
                    saved[step["save"]] = result
            else:
                assert error is not None, f"{at}: expected {want}, got {result!r}"
                assert error.kind == want["kind"], f"{at}: {error!r}"
                for key in ("status", "field", "migration", "retryable"):
                    if key in want:
                        assert getattr(error, key) == want[key], f"{at}: {key} of {error!r}"
                if "bodyContains" in want:
                    assert error.body is not None and want["bodyContains"] in error.body, f"{at}: body {error.body!r}"
                shown = f"{error} {error!r} {error.args!r}"
                for text in want.get("messageIncludes", []):
                    assert text in shown, f"{at}: {text!r} not in {shown}"
                for text in want.get("messageExcludes", []):
                    assert text not in shown, f"{at}: {text!r} in {shown}"
