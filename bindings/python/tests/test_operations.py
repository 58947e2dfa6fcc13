"""Every operation, through the blocking and the asyncio client, against the sandbox."""

from __future__ import annotations

import io
import pathlib

import pytest

import jumio_kyx
from conftest import BACK, FRONT, SELFIE


def _id_verification(client: jumio_kyx.Client, tmp_path: pathlib.Path) -> tuple[str, str, str, str]:
    account = client.create_account({"customerInternalReference": "py-ops-1", "workflowDefinition": {"key": 10011}, "userReference": "py-user"})
    a, w = account["account"]["id"], account["workflowExecution"]["id"]
    creds = account["workflowExecution"]["credentials"]
    id_cred = next(c["id"] for c in creds if c["category"] == "ID")
    selfie = next(c["id"] for c in creds if c["category"] == "SELFIE")
    # From bytes, from a path, from a binary file object.
    r = client.upload_part(a, w, id_cred, "FRONT", FRONT)
    assert "front" not in r["api"]["parts"]
    back = tmp_path / "back.jpg"
    back.write_bytes(BACK)
    client.upload_part(a, w, id_cred, "BACK", back)
    client.upload_part(a, w, selfie, "FACE", io.BytesIO(SELFIE))
    with open(back, "rb") as f:
        client.replace_part(a, w, id_cred, "BACK", f)
    return a, w, id_cred, selfie


def test_every_operation_blocking(sandbox: jumio_kyx.Sandbox, client: jumio_kyx.Client, tmp_path: pathlib.Path) -> None:
    token = client.get_access_token()
    assert token["token_type"] == "Bearer" and token["expires_in"] == 3600
    a, w, id_cred, _ = _id_verification(client, tmp_path)
    assert all(r["credential"] == "transaction" for r in sandbox.requests("upload_part"))
    assert client.finalize_workflow(a, w)["workflowExecution"]["id"] == w
    status = client.get_workflow_status(a, w)
    assert status["workflowExecution"]["status"] == "PROCESSED"
    details = client.get_workflow_details(a, w)
    assert details["decision"]["type"] == "PASSED"
    assert details["capabilities"]["similarity"][0]["decision"]["details"]["label"] == "MATCH"
    assert client.get_workflow_execution(w)["workflow"]["id"] == w
    assert client.get_workflow_by_href(status["workflowExecution"]["href"])["workflow"]["id"] == w
    assert client.get_workflow_steps(a, w)["steps"][0]["name"] == "ID_IV"
    part = client.download_part(a, id_cred, "FRONT")
    assert part["contentType"] == "image/jpeg" and part["content"] == FRONT and part["length"] == len(FRONT)
    saved = client.download_part(a, id_cred, "BACK", save_to=tmp_path / "copy.jpg")
    assert "content" not in saved and (tmp_path / "copy.jpg").read_bytes() == BACK
    # A file that cannot be written is the caller's side, not the network's.
    with pytest.raises(jumio_kyx.LocalFileError) as unwritable:
        client.download_part(a, id_cred, "BACK", save_to=tmp_path / "no-such-dir" / "copy.jpg")
    assert unwritable.value.kind == "local_file" and not unwritable.value.retryable
    href = next(p["href"] for c in details["credentials"] or [] if c["category"] == "ID" for p in c["parts"] or [] if p["classifier"] == "FRONT")
    assert client.download_href(href)["content"] == FRONT
    second = client.update_account(a, {"customerInternalReference": "py-ops-2", "workflowDefinition": {"key": "10011"}})
    assert second["account"]["id"] == a
    client.delete_workflow(a, second["workflowExecution"]["id"])
    with pytest.raises(jumio_kyx.NotFoundError):
        client.get_workflow_status(a, second["workflowExecution"]["id"])
    client.delete_account(a)
    with pytest.raises(jumio_kyx.NotFoundError):
        client.get_workflow_details(a, w)
    assert client.get_health()["status"] == "UP"
    migrated = client.create_migration({"scanReferences": ["py-scan-1"]})
    client.update_migration(migrated["account"]["id"], {"scanReferences": ["py-scan-2"]})
    assert client.get_workflow_status(migrated["account"]["id"], "py-scan-2")["workflowExecution"]["status"] == "PROCESSED"


def test_prepared_data_and_flows(sandbox: jumio_kyx.Sandbox, client: jumio_kyx.Client) -> None:
    data: jumio_kyx.types.PreparedData = {"firstName": "JANE", "lastName": "SPECIMEN", "dateOfBirth": "1990-01-01", "address": {"country": "USA"}}
    account = client.create_account({"customerInternalReference": "py-data", "workflowDefinition": {"key": 10010}, "userReference": "u"})
    a, w = account["account"]["id"], account["workflowExecution"]["id"]
    cred = account["workflowExecution"]["credentials"][0]["id"]
    assert client.upload_prepared_data(a, w, cred, data, workflow_key=10010)["api"]["parts"] == {}
    client.replace_prepared_data(a, w, cred, data)
    client.finalize_workflow(a, w)
    assert client.get_workflow_details(a, w)["capabilities"]["watchlistScreening"][0]["data"]["searchStatus"] == "SUCCESS"
    started = client.run_prepared_data_verification("py-flow-1", data, user_reference="u2")
    status = client.wait_for_completion(started["account"]["id"], started["workflowExecution"]["id"], poll_interval=0.02, deadline=5)
    assert status["workflowExecution"]["status"] == "PROCESSED"
    idv = client.run_identity_verification("py-flow-2 [similarity=NO_MATCH]", FRONT, SELFIE, BACK)
    details = client.get_workflow_details(idv["account"]["id"], idv["workflowExecution"]["id"])
    assert details["decision"]["type"] == "REJECTED"
    assert len(sandbox.requests("upload_part")) == 3


async def test_every_operation_async(sandbox: jumio_kyx.Sandbox, async_client: jumio_kyx.AsyncClient, tmp_path: pathlib.Path) -> None:
    client = async_client
    assert (await client.get_access_token())["token_type"] == "Bearer"
    account = await client.create_account({"customerInternalReference": "py-async-1", "workflowDefinition": {"key": 10011}})
    a, w = account["account"]["id"], account["workflowExecution"]["id"]
    id_cred = account["workflowExecution"]["credentials"][0]["id"]
    selfie = account["workflowExecution"]["credentials"][1]["id"]
    path = tmp_path / "front.jpg"
    path.write_bytes(FRONT)
    await client.upload_part(a, w, id_cred, "FRONT", path)
    await client.upload_part(a, w, id_cred, "BACK", BACK)
    await client.upload_part(a, w, selfie, "FACE", SELFIE)
    await client.replace_part(a, w, selfie, "FACE", SELFIE)
    await client.finalize_workflow(a, w)
    assert (await client.get_workflow_status(a, w))["workflowExecution"]["status"] == "PROCESSED"
    assert (await client.get_workflow_details(a, w))["decision"]["type"] == "PASSED"
    assert (await client.get_workflow_execution(w))["workflow"]["id"] == w
    assert (await client.get_workflow_steps(a, w))["steps"]
    assert (await client.download_part(a, id_cred, "FRONT"))["content"] == FRONT
    details = await client.get_workflow_details(a, w)
    href = next(p["href"] for c in details["credentials"] or [] if c["category"] == "ID" for p in c["parts"] or [] if p["classifier"] == "FRONT")
    assert (await client.download_href(href, save_to=tmp_path / "href.jpg"))["length"] == len(FRONT)
    second = await client.update_account(a, {"customerInternalReference": "py-async-2", "workflowDefinition": {"key": 10011}})
    await client.delete_workflow(a, second["workflowExecution"]["id"])
    data: jumio_kyx.types.PreparedData = {"firstName": "A", "lastName": "B", "dateOfBirth": "1990-01-01", "address": {"country": "USA"}}
    screening = await client.create_account({"customerInternalReference": "py-async-3", "workflowDefinition": {"key": 10010}, "userReference": "u"})
    sa, sw = screening["account"]["id"], screening["workflowExecution"]["id"]
    sc = screening["workflowExecution"]["credentials"][0]["id"]
    await client.upload_prepared_data(sa, sw, sc, data)
    await client.replace_prepared_data(sa, sw, sc, data)
    await client.delete_account(a)
    with pytest.raises(jumio_kyx.NotFoundError):
        await client.get_workflow_details(a, w)
    assert (await client.get_health())["status"] == "UP"
    m = await client.create_migration({"scanReferences": ["py-async-scan"]})
    await client.update_migration(m["account"]["id"], {"scanReferences": ["py-async-scan-2"]})
    started = await client.run_identity_verification("py-async-flow", FRONT, SELFIE)
    done = await client.wait_for_completion(started["account"]["id"], started["workflowExecution"]["id"], poll_interval=0.02, deadline=5)
    assert done["workflowExecution"]["status"] == "PROCESSED"
    async with jumio_kyx.AsyncClient(base_url=sandbox.url, client_id="x", client_secret="y", user_agent="T/1") as c:
        assert (await c.get_health())["status"] == "UP"


def test_every_spec_operation_has_both_methods() -> None:
    spec_ops = [op for op in jumio_kyx.OPERATIONS if not op.startswith(("run_", "wait_", "get_callback", "get_workflow_by", "download_href"))]
    assert len(spec_ops) == 21  # 18 documented, 3 inferred (x-kyx-inferred)
    for op in spec_ops:
        assert callable(getattr(jumio_kyx.Client, op)), op
        assert callable(getattr(jumio_kyx.AsyncClient, op)), op
