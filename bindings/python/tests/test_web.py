"""The web channel: the redirect and journey-address cases of tests/web/cases.json (also run by
the Rust and Node clients), ``journey_url`` of a real account, and the dashboard's address."""

from __future__ import annotations

import json
import urllib.request
from typing import Any, Dict

import pytest

import jumio_kyx
from conftest import REPO

CASES = json.loads((REPO / "tests" / "web" / "cases.json").read_text())


@pytest.mark.parametrize("case", CASES["redirects"], ids=lambda c: c["name"])
def test_redirect_cases(case: Dict[str, Any]) -> None:
    if "error" in case:
        with pytest.raises(jumio_kyx.ValidationError) as info:
            jumio_kyx.parse_web_redirect(case["input"])
        assert info.value.field == case["error"]
        return
    got = jumio_kyx.parse_web_redirect(case["input"])
    for key, value in case["expect"].items():
        assert got.get(key) == value, key


@pytest.mark.parametrize("case", CASES["journeyHrefs"], ids=lambda c: c["name"])
def test_journey_href_cases(case: Dict[str, Any]) -> None:
    account = {"account": {"id": "a"}, "workflowExecution": {"id": "w"}, "web": {"href": case["href"]}}
    if case["ok"]:
        assert jumio_kyx.journey_url(account).split(":", 1)[0] in ("http", "https")
        return
    with pytest.raises(jumio_kyx.ValidationError) as info:
        jumio_kyx.journey_url(account)
    assert info.value.field == "web.href"
    assert case["href"] == "" or case["href"] not in str(info.value)


def test_journey_url_of_a_real_account_opens_the_journey(sandbox: jumio_kyx.Sandbox, client: jumio_kyx.Client) -> None:
    account = client.create_account({"customerInternalReference": "py-web-1", "workflowDefinition": {"key": 3}, "web": {"locale": "de"}})
    url = jumio_kyx.journey_url(account)
    assert url.startswith(sandbox.url + "/web/client?baseUrl=")
    with urllib.request.urlopen(url) as page:
        html = page.read().decode()
    assert '<html lang="de">' in html and account["workflowExecution"]["id"] in html
    screening = client.create_account({"customerInternalReference": "py-web-2", "workflowDefinition": {"key": 10010}, "userReference": "u"})
    with pytest.raises(jumio_kyx.ValidationError) as info:
        jumio_kyx.journey_url(screening)
    assert info.value.field == "web.href"


def test_the_dashboard_address(sandbox: jumio_kyx.Sandbox) -> None:
    assert sandbox.ui_url == sandbox.url + "/__sandbox/ui"
    with urllib.request.urlopen(sandbox.ui_url) as page:
        assert "<title>KYX sandbox</title>" in page.read().decode()
