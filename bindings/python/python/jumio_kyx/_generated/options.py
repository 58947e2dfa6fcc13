# Generated from openapi/jumio-kyx.yaml by `cargo xtask gen-python`; do not edit.
"""The constructor both clients share, with one keyword per entry of the spec's
`x-kyx-client-options` (the bridge reads the same table)."""

from __future__ import annotations

from typing import Dict, List, Optional

from .. import _native

Region = str
"""``US``, ``EU``, ``SG`` (or ``amer-1``, ``emea-1``, ``apac-1``)."""


class _ClientOptions:
    _native: _native.NativeClient

    def __init__(
        self,
        *,
        region: Optional[Region] = None,
        base_url: Optional[str] = None,
        client_id: Optional[str] = None,
        client_secret: Optional[str] = None,
        api_token: Optional[str] = None,
        api_secret: Optional[str] = None,
        user_agent: Optional[str] = None,
        connect_timeout: Optional[float] = None,
        request_timeout: Optional[float] = None,
        deadline: Optional[float] = None,
        proxy: Optional[str] = None,
        max_retries: Optional[int] = None,
        max_rate_limit_retries: Optional[int] = None,
        initial_backoff: Optional[float] = None,
        max_backoff: Optional[float] = None,
        rate_limit: Optional[bool] = None,
        max_upload_bytes: Optional[int] = None,
        max_response_bytes: Optional[int] = None,
        max_download_bytes: Optional[int] = None,
        root_certificates: Optional[List[str]] = None,
        resolve: Optional[Dict[str, str]] = None,
        from_env: bool = False,
    ) -> None:
        """Every option is checked by the core when the client is made: a time that is not a
        finite number of seconds more than zero (``deadline=float("inf")``, ``-1``) raises
        ``ValidationError`` naming the option; nothing is ever sent with a bad configuration.

        Args:
            region: The data center. A client needs ``region`` or a base URL (a configuration error
                otherwise).
            base_url: One base URL for every host family (a sandbox, a proxy); overrides the region.
            client_id: OAuth2 client id (Portal > Settings > API credentials > OAuth2 Clients).
            client_secret: OAuth2 client secret. Kept in the native client only; never printed.
            api_token: Legacy API token (HTTP Basic), for the migration API on older tenants.
            api_secret: Legacy API secret. Never printed.
            user_agent: Your application's User-Agent (``Company App/Version``); Jumio requires one.
            connect_timeout: Time allowed to establish a connection (10 s).
            request_timeout: Time allowed for one HTTP request (60 s).
            deadline: Time allowed for a whole call, retries included.
            proxy: An HTTP(S) proxy URL.
            max_retries: Retries after failures other than 429, for requests that are safe to repeat
                (3); ``0`` turns them off.
            max_rate_limit_retries: Retries after a 429, which means the request was not processed
                (10); for every operation.
            initial_backoff: Wait before the first retry, doubled for each further one (with
                jitter).
            max_backoff: Longest wait between attempts (30 s); a longer ``Retry-After`` ends the
                retries.
            rate_limit: Whether the client waits to stay within Jumio's published rate limits (off).
            max_upload_bytes: Largest upload, in bytes, checked before sending (10 MB).
            max_response_bytes: Largest JSON answer read, in bytes (16 MiB).
            max_download_bytes: Largest part download, in bytes (no limit; downloads are streamed).
            root_certificates: More root certificates to trust (PEM), besides the system's: a
                TLS-inspecting proxy.
            resolve: Host name to ``ip:port``, used instead of DNS.
            from_env: Start from the ``JUMIO_*`` environment variables (``from_env()``).
        """
        self._native = _native.NativeClient(
            {
                "region": region,
                "base_url": base_url,
                "client_id": client_id,
                "client_secret": client_secret,
                "api_token": api_token,
                "api_secret": api_secret,
                "user_agent": user_agent,
                "connect_timeout": connect_timeout,
                "request_timeout": request_timeout,
                "deadline": deadline,
                "proxy": proxy,
                "max_retries": max_retries,
                "max_rate_limit_retries": max_rate_limit_retries,
                "initial_backoff": initial_backoff,
                "max_backoff": max_backoff,
                "rate_limit": rate_limit,
                "max_upload_bytes": max_upload_bytes,
                "max_response_bytes": max_response_bytes,
                "max_download_bytes": max_download_bytes,
                "root_certificates": root_certificates,
                "resolve": resolve,
                "from_env": from_env,
            }
        )
