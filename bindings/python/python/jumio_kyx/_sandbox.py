"""`Sandbox`: the Rust sandbox of the KYX platform, running in this process on a free port, with
its control API as methods. For testing your own code with pytest, with no extra process.

Example::

    from jumio_kyx import Client, Sandbox

    with Sandbox(processing_delay_ms=0) as sandbox:
        client = Client(base_url=sandbox.url, client_id="id", client_secret="secret", user_agent="Tests/1.0")
        account = client.create_account({"customerInternalReference": "t-1", "workflowDefinition": {"key": 10011}})
        sandbox.set_workflow_scenario(account["workflowExecution"]["id"], {"similarity": "NO_MATCH"})
        sandbox.advance_clock(seconds=31 * 60)   # expire it instead
"""

from __future__ import annotations

import json
import os
from types import TracebackType
from datetime import datetime
from typing import Any, Dict, List, Optional, Sequence, Type, Union

from . import _native


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


class Sandbox:
    """A local KYX sandbox. Keyword arguments are run-time settings in snake_case
    (``processing_delay_ms``, ``token_ttl_secs``, ``max_upload_bytes``, ``rate_limits``,
    ``expired_decision``, ``default_callback_url``, ``callback_attempts``,
    ``callback_backoff_ms``, ``legacy_scans_auto``, …).

    Args:
        clients: accepted OAuth2 clients ``{id: secret}``; by default any non-empty pair works.
        base_urls: base URL per host family for the hrefs the sandbox writes.
        port: a fixed port (default: a free one).
        tls: serve HTTPS with a certificate for every real host name, signed by a local CA.
        strict_hosts: region mode: each operation only on its real host, real hosts in hrefs.
            With both, ``Client(region="EU", **sandbox.region_options(), …)`` runs exactly as
            against the platform.
        seed: reproducible ids: the same seed and the same calls give the same account, workflow
            and credential ids, tokens and random choices, run after run (golden files).
        clock_start: the instant the sandbox clock starts at (an aware ``datetime`` or an RFC 3339
            string).
        frozen_clock: the clock moves only with ``advance_clock``, so timestamps are reproducible.
        state_dir: keep the state durably in this directory (``state.sqlite3``), written before
            each answer; a sandbox started again on it resumes where the last one stopped.
        allowed_hosts: more host names the sandbox answers to (``"sandbox"``, ``".internal"``
            with its subdomains, ``"*"`` for any). IP addresses, ``localhost`` and the
            ``base_urls`` hosts always work; other names are refused (DNS rebinding).

    Security settings among the keyword arguments: ``journey_frame_ancestors`` (who may frame the
    hosted journey, a CSP source list, ``"*"`` by default) and ``journey_message_origin`` (where
    the journey posts its events; by default the origin of the workflow's ``successUrl``).
    """

    def __init__(self, *, clients: Optional[Dict[str, str]] = None, base_urls: Optional[Dict[str, str]] = None, port: int = 0, tls: bool = False, strict_hosts: bool = False, allowed_hosts: Optional[Sequence[str]] = None, seed: Optional[int] = None, clock_start: Union[str, datetime, None] = None, frozen_clock: bool = False, state_dir: Union[str, "os.PathLike[str]", None] = None, **settings: Any) -> None:
        config = {
            "port": port,
            "clients": clients or {},
            "baseUrls": base_urls or {},
            "tls": tls,
            "strictHosts": strict_hosts,
            "allowedHosts": list(allowed_hosts or []),
            "seed": seed,
            "clockStart": clock_start.isoformat() if isinstance(clock_start, datetime) else clock_start,
            "frozenClock": frozen_clock,
            "stateDir": os.fspath(state_dir) if state_dir is not None else None,
            "settings": {_camel(k): v for k, v in settings.items()},
        }
        self._native = _native.NativeSandbox(config)

    def region_options(self) -> Dict[str, Any]:
        """With ``tls=True``: the client options (``root_certificates``, ``resolve``) that reach
        this sandbox under the real host names of every region. Raises ``ValueError`` without
        TLS."""
        options = self._native.region_options
        if options is None:
            raise ValueError("region options need a sandbox started with tls=True")
        return {"root_certificates": options["rootCertificates"], "resolve": options["resolve"]}

    @property
    def url(self) -> str:
        """The base URL (every host family), e.g. ``http://127.0.0.1:40123``."""
        return self._native.url

    @property
    def ui_url(self) -> str:
        """The dashboard: open it in a browser to watch workflows, decisions, callbacks and the
        request log, and to drive scenarios, faults and the clock."""
        return self._native.ui_url

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]) -> None:
        self.close()

    def close(self) -> None:
        """Stops the sandbox."""
        self._native.close()

    def _control(self, operation: str, args: Any = None) -> Any:
        return self._native.control(operation, args)

    def reset(self) -> None:
        """Forgets every account, workflow, token, log entry, fault and scenario; real time again."""
        self._control("reset")

    def advance_clock(self, seconds: float) -> str:
        """Moves the sandbox clock forward (expiry, processing); returns the new time."""
        return str(self._control("advance_clock", {"seconds": seconds})["now"])

    def settings(self) -> Dict[str, Any]:
        """The run-time settings (camelCase names)."""
        return dict(self._control("settings"))

    def update_settings(self, **settings: Any) -> Dict[str, Any]:
        """Changes run-time settings (snake_case keyword arguments); returns them all."""
        return dict(self._control("update_settings", {_camel(k): v for k, v in settings.items()}))

    def set_scenario(self, labels: Dict[str, str], risk: Optional[float] = None) -> None:
        """The default scenario of new workflows: labels by capability (``usability``,
        ``usability:SELFIE``, …) and an optional risk score."""
        self._control("set_scenario", {"labels": labels, "risk": risk})

    def set_workflow_scenario(self, workflow_execution_id: str, labels: Dict[str, str], risk: Optional[float] = None) -> None:
        """The scenario of one workflow, before it is processed."""
        self._control("set_workflow_scenario", {"workflow_execution_id": workflow_execution_id, "labels": labels, "risk": risk})

    def complete_journey(self, workflow_execution_id: str) -> None:
        """Simulates the end user finishing the web or SDK journey (every part captured, finalized)."""
        self._control("complete_journey", {"workflow_execution_id": workflow_execution_id})

    def workflow_state(self, workflow_execution_id: str) -> Optional[Dict[str, Any]]:
        """The sandbox's view of a workflow (status, deadlines, scenario), or None."""
        state = self._control("workflow_state", {"workflow_execution_id": workflow_execution_id})
        return None if state is None else dict(state)

    def workflows(self) -> List[Dict[str, Any]]:
        """Every workflow execution, oldest first: ``{"id", "accountId", "definitionKey", "status",
        "customerInternalReference", "migratedFrom"}`` (to count executions in a test)."""
        return list(self._control("workflows"))

    def set_faults(self, rules: List[Dict[str, Any]]) -> None:
        """Replaces the fault rules: ``{"operation": "getWorkflowStatus", "status": 503, "count": 2}``,
        ``{"operation": "*", "latencyMs": 200}``, ``{"operation": "createAccount", "drop": "after"}``."""
        self._control("set_faults", {"rules": rules})

    def clear_faults(self) -> None:
        """Removes every fault rule."""
        self.set_faults([])

    def requests(self, operation: Optional[str] = None) -> List[Dict[str, Any]]:
        """The request log (no secrets: only the kind of credential), optionally for one operation."""
        return list(self._control("requests", {"operation": operation}))

    def assert_requested(self, operation: str, times: Optional[int] = None, **fields: Any) -> None:
        """Asserts that ``operation`` (its operationId, ``createAccount``, or ``create_account``)
        was requested: exactly ``times`` times, or at least once, with these non-secret fields.
        Name a field in snake_case or camelCase, with ``__`` between levels
        (``workflow_definition__key=10013``), or pass dotted names with
        ``**{"workflowDefinition.key": 10013}``; path parameters are fields too (``classifier``).
        Personal data (``customer_internal_reference``) is matched by fingerprint and never kept.
        Raises ``AssertionError`` with what was expected and the requests made, one line each.

        Example::

            sandbox.assert_requested("createAccount", times=1, workflow_definition__key=10013)
            sandbox.assert_not_requested("deleteAccount")
        """
        result = self._control("check_requested", {"operation": operation, "times": times, "fields": {k.replace("__", "."): v for k, v in fields.items()}})
        if not result["ok"]:
            raise AssertionError(result["message"])

    def assert_not_requested(self, operation: str, **fields: Any) -> None:
        """Asserts that ``operation`` was never requested (with these fields): see
        ``assert_requested``."""
        self.assert_requested(operation, 0, **fields)

    def clear_requests(self) -> None:
        """Forgets the request log."""
        self._control("clear_requests")

    def callbacks(self) -> List[Dict[str, Any]]:
        """Callbacks sent, with every delivery attempt."""
        return list(self._control("callbacks"))

    def redeliver_callback(self, callback_id: int) -> None:
        """Delivers a recorded callback again (a fresh round of attempts, added to its record)."""
        self._control("redeliver_callback", {"id": callback_id})

    def seed_legacy_scans(self, scans: List[Dict[str, Any]]) -> None:
        """Adds legacy Netverify scans for migration: ``{"scanReference": "…", "state": "final" |
        "not-final" | "wiped-out" | "in-progress" | "not-found" | "authentication-preconditions-not-met"}``."""
        self._control("seed_legacy_scans", {"scans": scans})

    def migrations(self) -> List[Dict[str, str]]:
        """Every migrated scan with the account it went into: ``{"scanReference", "accountId"}``."""
        return list(self._control("migrations"))

    def set_health(self, status: str, details: Optional[Dict[str, str]] = None) -> None:
        """Sets the health check's answer: ``UP``, ``DEGRADED`` or ``DOWN``, per component."""
        self._control("set_health", {"status": status, "details": details or {}})

    def export_state(self) -> Dict[str, Any]:
        """Everything the sandbox holds as one versioned document (accounts, workflows, uploaded
        images, callbacks, scenarios, faults, seeded scans, the clock): commit it as a test
        fixture (``json.dump``), or attach it to a bug report. It holds the personal data the
        sandbox was sent. Settings and the request log are not part of it."""
        return dict(self._control("export_state"))

    def import_state(self, state: Union[Dict[str, Any], str, bytes]) -> None:
        """Replaces the sandbox's state with a document from ``export_state`` (a dict, or its
        JSON text). A broken document, or one of another version, raises ``ValueError`` saying
        what is wrong, and changes nothing."""
        if isinstance(state, (str, bytes)):
            try:
                state = json.loads(state)
            except ValueError:
                raise ValueError("state document refused: not JSON") from None
        self._control("import_state", {"state": state})

    def __repr__(self) -> str:
        return f"<Sandbox {self.url}>"


def sample_image(name: str) -> bytes:
    """A synthetic sample image that ships with the sandbox (no real person): ``front``,
    ``back`` or ``selfie``."""
    return _native.sample_image(name)


__all__ = ["Sandbox", "sample_image"]
