"""Names the guide's Python examples use without defining them: each example is type-checked
as the body of an async function after ``from preamble import *`` (see xtask/src/docs.rs)."""

from __future__ import annotations

from typing import Callable, cast

from jumio_kyx import *  # noqa: F403
from jumio_kyx import AsyncClient, Client, Sandbox
from jumio_kyx.types import AccountRequest

client = cast(Client, None)
aclient = cast(AsyncClient, None)
sandbox = cast(Sandbox, None)
request = cast(AccountRequest, None)
account_id = workflow_id = credential_id = ""
ok_url = failed_url = request_url = peer_ip = ""
body = b""
redirect_to = cast(Callable[[str], None], None)
