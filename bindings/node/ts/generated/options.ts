// Generated from openapi/jumio-kyx.yaml by `cargo xtask gen-node`; do not edit.

/** Where the client sends requests: `US`, `EU`, `SG` (or `amer-1`, `emea-1`, `apac-1`). */
export type Region = 'US' | 'EU' | 'SG' | 'amer-1' | 'emea-1' | 'apac-1';

/** How to build a `Client`: one option per entry of the spec's `x-kyx-client-options`. Durations are in milliseconds. */
export interface ClientOptions {
  /** The data center. A client needs `region` or a base URL (a configuration error otherwise). */
  region?: Region;
  /** One base URL for every host family (a sandbox, a proxy); overrides the region. */
  baseUrl?: string;
  /** OAuth2 client id (Portal > Settings > API credentials > OAuth2 Clients). */
  clientId?: string;
  /** OAuth2 client secret. Kept in the native client only; never printed. */
  clientSecret?: string;
  /** Legacy API token (HTTP Basic), for the migration API on older tenants. */
  apiToken?: string;
  /** Legacy API secret. Never printed. */
  apiSecret?: string;
  /** Your application's User-Agent (`Company App/Version`); Jumio requires one. */
  userAgent?: string;
  /** Time allowed to establish a connection (10 s). */
  connectTimeoutMs?: number;
  /** Time allowed for one HTTP request (60 s). */
  requestTimeoutMs?: number;
  /** Time allowed for a whole call, retries included. */
  deadlineMs?: number;
  /** An HTTP(S) proxy URL. */
  proxy?: string;
  /** Retries after failures other than 429, for requests that are safe to repeat (3); `0` turns them off. */
  maxRetries?: number;
  /** Retries after a 429, which means the request was not processed (10); for every operation. */
  maxRateLimitRetries?: number;
  /** Wait before the first retry, doubled for each further one (with jitter). */
  initialBackoffMs?: number;
  /** Longest wait between attempts (30 s); a longer `Retry-After` ends the retries. */
  maxBackoffMs?: number;
  /** Whether the client waits to stay within Jumio's published rate limits (off). */
  rateLimit?: boolean;
  /** Largest upload, in bytes, checked before sending (10 MB). */
  maxUploadBytes?: number;
  /** Largest JSON answer read, in bytes (16 MiB). */
  maxResponseBytes?: number;
  /** Largest part download, in bytes (no limit; downloads are streamed). */
  maxDownloadBytes?: number;
  /** More root certificates to trust (PEM), besides the system's: a TLS-inspecting proxy. */
  rootCertificates?: string[];
  /** Host name to `ip:port`, used instead of DNS. */
  resolve?: Record<string, string>;
}

const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000);

/** The options as the core reads them: camelCase names, times in seconds. */
export function wireOptions(o: ClientOptions): Record<string, unknown> {
  return {
    region: o.region,
    baseUrl: o.baseUrl,
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    apiToken: o.apiToken,
    apiSecret: o.apiSecret,
    userAgent: o.userAgent,
    connectTimeout: seconds(o.connectTimeoutMs),
    requestTimeout: seconds(o.requestTimeoutMs),
    deadline: seconds(o.deadlineMs),
    proxy: o.proxy,
    maxRetries: o.maxRetries,
    maxRateLimitRetries: o.maxRateLimitRetries,
    initialBackoff: seconds(o.initialBackoffMs),
    maxBackoff: seconds(o.maxBackoffMs),
    rateLimit: o.rateLimit,
    maxUploadBytes: o.maxUploadBytes,
    maxResponseBytes: o.maxResponseBytes,
    maxDownloadBytes: o.maxDownloadBytes,
    rootCertificates: o.rootCertificates,
    resolve: o.resolve,
  };
}
