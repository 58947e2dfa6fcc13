"""Names the docs' Python examples (guide, docstrings) use without defining them: each example
is type-checked as the body of an async function after ``from preamble import *`` (see
xtask/src/doc_examples.rs)."""

from __future__ import annotations

from typing import Callable, cast

from jumio_kyx import *  # noqa: F403
from jumio_kyx import AsyncClient, Client, FileInput, Sandbox
from jumio_kyx.types import AccountRequest, MigrationRequest, PreparedData, UploadClassifier

client = cast(Client, None)
aclient = cast(AsyncClient, None)
sandbox = cast(Sandbox, None)
request = account_request = cast(AccountRequest, None)
migration_request = cast(MigrationRequest, None)
account_id = workflow_id = credential_id = ""
ok_url = failed_url = request_url = peer_ip = ""
body = b""
redirect_to = cast(Callable[[str], None], None)
workflow_execution_id = ""
request_body = b""
ids: list[tuple[str, str]] = []
classifier = cast(UploadClassifier, "FRONT")
file = cast(FileInput, None)
prepared_data = cast(PreparedData, None)
