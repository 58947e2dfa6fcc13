"""File objects are streamed into uploads (the core's reader), in chunks, with the upload limit
enforced and a failing read() reported as a LocalFileError."""

from __future__ import annotations

import io
from typing import List, Optional, Tuple

import pytest

import jumio_kyx
from conftest import BACK, FRONT, SELFIE, make_async_client, make_client

CHUNK = jumio_kyx._native.UPLOAD_CHUNK_BYTES


class Stream:
    """A binary file object that is not a file and cannot seek (a socket, a pipe, an HTTP body):
    its length cannot be told before it is read."""

    def __init__(self, data: bytes, *, endless: bool = False, fail_at: Optional[int] = None, returns_text: bool = False) -> None:
        self._data = io.BytesIO(data)
        self.endless = endless
        self.fail_at = fail_at
        self.returns_text = returns_text
        self.reads: List[int] = []
        self.read_bytes = 0

    def read(self, size: int = -1) -> object:
        if size < 0:
            raise AssertionError("an unbounded read of a stream")
        self.reads.append(size)
        if self.fail_at is not None and self.read_bytes >= self.fail_at:
            raise OSError("the disk went away")
        if self.returns_text:
            return "text"
        chunk = self._data.read(size)
        if self.endless and len(chunk) < size:
            chunk += b"\0" * (size - len(chunk))
        self.read_bytes += len(chunk)
        return chunk


def _account(client: jumio_kyx.Client, reference: str) -> Tuple[str, str, str]:
    account = client.create_account({"customerInternalReference": reference, "workflowDefinition": {"key": 10011}})
    credential = next(c["id"] for c in account["workflowExecution"]["credentials"] if c["category"] == "ID")
    return account["account"]["id"], account["workflowExecution"]["id"], credential


def test_a_stream_larger_than_a_chunk_is_uploaded_in_chunks_and_stored_as_sent(sandbox: jumio_kyx.Sandbox, client: jumio_kyx.Client) -> None:
    # A real JPEG, padded past its end to 1.5 MiB: many chunks after the 512 KiB the core
    # inspects first.
    image = BACK + bytes(range(256)) * ((1536 * 1024 - len(BACK)) // 256)
    assert len(image) > 20 * CHUNK
    a, w, credential = _account(client, "py-stream-1")
    stream = Stream(image)
    client.upload_part(a, w, credential, "BACK", stream)  # type: ignore[arg-type]
    assert set(stream.reads) == {CHUNK}, "read in chunks, never whole"
    assert stream.read_bytes == len(image)
    [upload] = sandbox.requests("upload_part")
    assert upload["status"] == 200
    assert client.download_part(a, credential, "BACK")["content"] == image


async def test_the_asyncio_client_streams_too(sandbox: jumio_kyx.Sandbox) -> None:
    client = make_async_client(sandbox)
    account = await client.create_account({"customerInternalReference": "py-stream-async", "workflowDefinition": {"key": 10011}})
    a, w = account["account"]["id"], account["workflowExecution"]["id"]
    credential = next(c["id"] for c in account["workflowExecution"]["credentials"] if c["category"] == "ID")
    image = FRONT + b"\x00" * (300 * 1024)
    await client.upload_part(a, w, credential, "FRONT", Stream(image))  # type: ignore[arg-type]
    assert (await client.download_part(a, credential, "FRONT"))["content"] == image


def test_a_seekable_file_object_is_measured_first_and_refused_before_anything_is_sent(sandbox: jumio_kyx.Sandbox) -> None:
    client = make_client(sandbox, max_upload_bytes=200_000)
    a, w, credential = _account(client, "py-stream-seekable")
    big = io.BytesIO(b"\0" * 7 + FRONT + b"\0" * 200_000)
    big.seek(7)  # from where the caller left it
    with pytest.raises(jumio_kyx.ValidationError) as e:
        client.upload_part(a, w, credential, "FRONT", big)
    assert e.value.field == "front" and "200000" in (e.value.detail or "")
    assert big.tell() == 7, "the position was restored"
    assert sandbox.requests("upload_part") == [], "nothing was sent"
    # Within the limit, from the position it was left at.
    small = io.BytesIO(b"junk" + FRONT)
    small.seek(4)
    client.upload_part(a, w, credential, "FRONT", small)
    assert client.download_part(a, credential, "FRONT")["content"] == FRONT


def test_an_endless_stream_is_refused_at_the_upload_limit_and_nothing_is_stored(sandbox: jumio_kyx.Sandbox) -> None:
    client = make_client(sandbox, max_upload_bytes=1_000_000)
    a, w, credential = _account(client, "py-stream-endless")
    stream = Stream(FRONT, endless=True)
    with pytest.raises(jumio_kyx.ValidationError) as e:
        client.upload_part(a, w, credential, "FRONT", stream)  # type: ignore[arg-type]
    assert e.value.field == "front", "named by its classifier, as every upload error is"
    assert "1000000" in (e.value.detail or "") and e.value.operation == "uploadPart"
    assert 1_000_000 < stream.read_bytes <= 1_000_000 + 2 * CHUNK, "read up to the limit, no further"
    with pytest.raises(jumio_kyx.NotFoundError):
        client.download_part(a, credential, "FRONT")
    # Not retried: a stream cannot be read twice.
    assert len(sandbox.requests("upload_part")) <= 1


@pytest.mark.parametrize("fail_at", [0, 700 * 1024], ids=["first-read", "mid-stream"])
def test_a_read_that_raises_is_a_local_file_error_with_the_exception_as_its_cause(sandbox: jumio_kyx.Sandbox, client: jumio_kyx.Client, fail_at: int) -> None:
    a, w, credential = _account(client, f"py-stream-fails-{fail_at}")
    stream = Stream(FRONT + b"\0" * (1024 * 1024), fail_at=fail_at)
    with pytest.raises(jumio_kyx.LocalFileError) as e:
        client.upload_part(a, w, credential, "FRONT", stream)  # type: ignore[arg-type]
    assert e.value.kind == "local_file" and not e.value.retryable
    assert "front" in (e.value.detail or "")
    assert isinstance(e.value.__cause__, OSError) and "disk went away" in str(e.value.__cause__)
    assert "disk went away" not in str(e.value), "the message is the core's, not the exception's"
    with pytest.raises(jumio_kyx.NotFoundError):
        client.download_part(a, credential, "FRONT")
    if fail_at == 0:
        assert sandbox.requests("upload_part") == [], "nothing was sent"


def test_a_stream_that_gives_text_is_refused(sandbox: jumio_kyx.Sandbox, client: jumio_kyx.Client) -> None:
    a, w, credential = _account(client, "py-stream-text")
    with pytest.raises(jumio_kyx.LocalFileError) as e:
        client.upload_part(a, w, credential, "FRONT", Stream(b"", returns_text=True))  # type: ignore[arg-type]
    assert isinstance(e.value.__cause__, TypeError) and "binary mode" in str(e.value.__cause__)
    with open(__file__, encoding="utf-8") as text_file, pytest.raises(TypeError):
        client.upload_part(a, w, credential, "FRONT", text_file)  # type: ignore[arg-type]
    assert sandbox.requests("upload_part") == []


def test_a_stream_that_is_not_an_image_is_refused_by_its_first_bytes(sandbox: jumio_kyx.Sandbox, client: jumio_kyx.Client) -> None:
    a, w, credential = _account(client, "py-stream-gif")
    stream = Stream(b"GIF89a" + b"\0" * (2 * 1024 * 1024))
    with pytest.raises(jumio_kyx.ValidationError) as e:
        client.upload_part(a, w, credential, "FRONT", stream)  # type: ignore[arg-type]
    assert e.value.field == "front" and "JPEG or PNG" in (e.value.detail or "")
    assert stream.read_bytes <= 512 * 1024, "judged by its header, not read to the end"
    assert sandbox.requests("upload_part") == []


def test_a_flow_streams_file_objects_longer_than_the_header_it_checks(client: jumio_kyx.Client) -> None:
    # The flow checks every image before it creates the account, then each upload checks its own:
    # a stream that cannot be read twice must still arrive whole.
    front = FRONT + bytes(range(256)) * (3 * 1024)  # 768 KiB past the JPEG: more than the 512 KiB checked
    started = client.run_identity_verification("py-stream-flow", Stream(front), Stream(SELFIE), Stream(BACK))  # type: ignore[arg-type]
    credential = next(c["id"] for c in started["workflowExecution"]["credentials"] if c["category"] == "ID")
    assert client.download_part(started["account"]["id"], credential, "FRONT")["content"] == front
    assert client.download_part(started["account"]["id"], credential, "BACK")["content"] == BACK
