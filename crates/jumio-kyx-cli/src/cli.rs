//! The command line, as clap sees it. Every option that configures the client also reads a
//! `JUMIO_*` variable; secrets never show their values in `--help`.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jumio_kyx_sandbox::infra::cli::SandboxArgs;

/// `kyx`: drive Jumio's KYX identity-verification platform, or a local sandbox of it.
#[derive(Parser, Debug)]
#[command(
    name = "kyx",
    version,
    about,
    after_help = "Exit codes: 0 success, 1 other failure, 2 usage, 3 invalid input (nothing sent, or 400), \
                  4 authentication, 5 not found, 6 rate limited, 7 server, network or timeout (may succeed later), \
                  8 migration error."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options of every command.
#[derive(Args, Debug, Clone)]
pub struct Global {
    /// Print results as JSON (for scripts) instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// Include transaction tokens and token-bearing links in the output (hidden by default).
    #[arg(long, global = true)]
    pub show_secrets: bool,
    /// No progress bars or spinners.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
    #[command(flatten)]
    pub connection: Connection,
}

/// Where and as whom to connect.
#[derive(Args, Debug, Clone, Default)]
#[command(next_help_heading = "Connection")]
pub struct Connection {
    /// Data center: US, EU or SG (amer-1, emea-1, apac-1).
    #[arg(long, global = true, env = "JUMIO_REGION")]
    pub region: Option<String>,
    /// One base URL for every host family (a sandbox, a proxy); overrides --region.
    #[arg(long, global = true, env = "JUMIO_BASE_URL")]
    pub base_url: Option<String>,
    /// OAuth2 client id.
    #[arg(long, global = true, env = "JUMIO_CLIENT_ID")]
    pub client_id: Option<String>,
    /// OAuth2 client secret.
    #[arg(
        long,
        global = true,
        env = "JUMIO_CLIENT_SECRET",
        hide_env_values = true
    )]
    pub client_secret: Option<String>,
    /// Legacy API token (HTTP Basic).
    #[arg(long, global = true, env = "JUMIO_API_TOKEN", hide_env_values = true)]
    pub api_token: Option<String>,
    /// Legacy API secret.
    #[arg(long, global = true, env = "JUMIO_API_SECRET", hide_env_values = true)]
    pub api_secret: Option<String>,
    /// Your company and application, as Jumio asks (`Acme Onboarding/2.1`).
    #[arg(long, global = true, env = "JUMIO_USER_AGENT")]
    pub user_agent: Option<String>,
    /// Time for one request, in seconds.
    #[arg(
        long,
        global = true,
        value_name = "SECONDS",
        value_parser = seconds,
        allow_negative_numbers = true,
    )]
    pub timeout: Option<Duration>,
}

/// A number of seconds from the command line (`--timeout 2.5`), checked by the client's own rule
/// (`jumio_kyx::validate::seconds`: finite, more than zero, at most 30 days). NaN, `inf`, negative
/// and absurd values are usage errors (exit 2) naming the flag, never a panic or a silent clamp.
pub fn seconds(value: &str) -> Result<Duration, String> {
    let n: f64 = value
        .trim()
        .parse()
        .map_err(|_| "must be a number of seconds".to_string())?;
    jumio_kyx::validate::seconds("seconds", n, jumio_kyx::validate::MAX_CALLER_DURATION).map_err(
        |e| {
            e.detail()
                .unwrap_or("is not a valid number of seconds")
                .to_string()
        },
    )
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run KYX workflows end to end against an embedded sandbox (or, with --region and
    /// credentials, the real platform) and summarise the decisions.
    Demo(DemoArgs),
    /// Run the sandbox on a local port and print its URL.
    Sandbox(SandboxArgs),
    /// Get an OAuth2 access token.
    Token,
    /// Create or update accounts (each starts a workflow execution).
    #[command(subcommand)]
    Account(AccountCommand),
    /// Upload an image part (FRONT, BACK, FACE, FACEMAP) or prepared data (JSON).
    Upload(UploadArgs),
    /// Finalize a workflow execution (API channel).
    Finalize(WorkflowIds),
    /// The status of a workflow execution.
    Status(StatusArgs),
    /// The details of a workflow execution: decision, capabilities, extracted data.
    Details(DetailsArgs),
    /// The steps of a workflow execution.
    Steps(WorkflowIds),
    /// Download a part (an image, a facemap, prepared data).
    Download(DownloadArgs),
    /// The rules evaluated for a workflow execution (inferred endpoint).
    Rules(WorkflowIds),
    /// Save the PDF transaction report of a processed workflow execution (inferred endpoint).
    Report(ReportArgs),
    /// Delete an account, or one workflow execution of it.
    Delete(DeleteArgs),
    /// The platform's health.
    Health,
    /// Migrate legacy Netverify scans: a few by reference, or in bulk from a file with a journal.
    Migrate(MigrateArgs),
    /// Receive callbacks.
    #[command(subcommand)]
    Callbacks(CallbacksCommand),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// `kyx demo`.
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Milliseconds the sandbox takes to process a workflow (realism; 0 is instant; at most
    /// 60000, as the demo waits 60 s for each callback).
    #[arg(
        long,
        default_value_t = 800,
        value_parser = clap::value_parser!(u64).range(0..=60_000),
    )]
    pub processing_delay_ms: u64,
    /// Against a platform: poll at this interval (seconds) instead of Jumio's documented
    /// schedule (first poll after 40 s).
    #[arg(
        long,
        value_name = "SECONDS",
        value_parser = seconds,
        allow_negative_numbers = true,
    )]
    pub poll_interval: Option<Duration>,
    /// Run against the embedded sandbox in region mode: this region's real host names
    /// (`https://account.amer-1.jumio.ai`, …) over HTTPS, as a client in production does, with
    /// the sandbox's CA trusted and the names resolved to it (US, EU or SG).
    #[arg(long, value_name = "REGION")]
    pub tls_region: Option<jumio_kyx::Region>,
}

#[derive(Subcommand, Debug)]
pub enum AccountCommand {
    /// Create an account and start a workflow execution.
    Create(AccountArgs),
    /// Start a new workflow execution on an existing account.
    Update {
        /// The account.
        account_id: String,
        #[command(flatten)]
        request: AccountArgs,
    },
    /// An account and its workflow executions (its `account.href`; inferred endpoint).
    Get {
        /// The account.
        account_id: String,
    },
}

/// The account request, from flags or a JSON file.
#[derive(Args, Debug)]
pub struct AccountArgs {
    /// Workflow definition key (10011: ID and identity verification, 10010: screening, …).
    #[arg(long, short = 'w', required_unless_present = "body")]
    pub workflow: Option<String>,
    /// Your reference of the transaction (customerInternalReference).
    #[arg(long, short = 'r', required_unless_present = "body")]
    pub reference: Option<String>,
    /// Your reference of the end user (userReference).
    #[arg(long)]
    pub user_reference: Option<String>,
    /// Where the callback goes.
    #[arg(long)]
    pub callback_url: Option<String>,
    /// Lifetime of the transaction tokens (`30m`, `5m` … `60d`).
    #[arg(long)]
    pub token_lifetime: Option<String>,
    /// The whole request body as a JSON file (`-` for stdin); flags override its fields.
    #[arg(long, value_name = "FILE")]
    pub body: Option<PathBuf>,
}

/// The two ids of a workflow execution.
#[derive(Args, Debug)]
pub struct WorkflowIds {
    /// The account.
    pub account_id: String,
    /// The workflow execution.
    pub workflow_execution_id: String,
}

/// `kyx upload`.
#[derive(Args, Debug)]
pub struct UploadArgs {
    /// The account.
    pub account_id: String,
    /// The workflow execution.
    pub workflow_execution_id: String,
    /// The credential (from the account response).
    pub credential_id: String,
    /// FRONT, BACK, FACE, FACEMAP, or PREPARED_DATA.
    pub classifier: String,
    /// The file: an image, a facemap, or prepared data as JSON.
    pub file: PathBuf,
    /// Replace a part uploaded before (PUT).
    #[arg(long)]
    pub replace: bool,
    /// The workflow key, so prepared data is checked against the workflow's required fields.
    #[arg(long)]
    pub workflow: Option<String>,
}

/// `kyx status`.
#[derive(Args, Debug)]
pub struct StatusArgs {
    #[command(flatten)]
    pub ids: WorkflowIds,
    /// Poll until the workflow is final (on Jumio's documented schedule).
    #[arg(long)]
    pub wait: bool,
    /// Poll at this interval instead, in seconds.
    #[arg(
        long,
        value_name = "SECONDS",
        requires = "wait",
        value_parser = seconds,
        allow_negative_numbers = true,
    )]
    pub interval: Option<Duration>,
    /// Give up waiting after this many seconds.
    #[arg(
        long,
        value_name = "SECONDS",
        requires = "wait",
        value_parser = seconds,
        allow_negative_numbers = true,
    )]
    pub wait_timeout: Option<Duration>,
}

/// `kyx details`.
#[derive(Args, Debug)]
pub struct DetailsArgs {
    /// The account (or use --href, or --workflow-execution alone).
    #[arg(required_unless_present_any = ["href", "workflow_execution"])]
    pub account_id: Option<String>,
    /// The workflow execution.
    #[arg(required_unless_present_any = ["href", "workflow_execution"])]
    pub workflow_execution_id: Option<String>,
    /// A workflowExecution.href (from a callback or a status).
    #[arg(long, conflicts_with_all = ["account_id", "workflow_execution"])]
    pub href: Option<String>,
    /// Look up by the workflow execution id alone.
    #[arg(long, conflicts_with = "account_id")]
    pub workflow_execution: Option<String>,
}

/// `kyx download`.
#[derive(Args, Debug)]
pub struct DownloadArgs {
    /// The account.
    pub account_id: String,
    /// The credential.
    pub credential_id: String,
    /// FRONT, BACK, FACE, FACEMAP, PREPARED_DATA, LIVENESS_1…6, …
    pub classifier: String,
    /// Where to save it (`-` for stdout).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: PathBuf,
}

/// `kyx report`.
#[derive(Args, Debug)]
pub struct ReportArgs {
    #[command(flatten)]
    pub ids: WorkflowIds,
    /// Where to save the PDF (`-` for stdout).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: PathBuf,
}

/// `kyx delete`.
#[derive(Args, Debug)]
pub struct DeleteArgs {
    /// The account.
    pub account_id: String,
    /// Only this workflow execution.
    pub workflow_execution_id: Option<String>,
}

/// `kyx migrate`.
#[derive(Args, Debug)]
pub struct MigrateArgs {
    /// Scan references to migrate into one account (or use --input for bulk).
    #[arg(required_unless_present = "input", conflicts_with = "input")]
    pub scan_references: Vec<String>,
    /// Add the scans to this existing account instead of creating one.
    #[arg(long, conflicts_with = "input")]
    pub account: Option<String>,
    /// Bulk: a CSV file (`scan_reference` column; optional `group` and `account_id` columns)
    /// or one scan reference per line.
    #[arg(long, short = 'i', value_name = "FILE", requires = "journal")]
    pub input: Option<PathBuf>,
    /// Bulk: the SQLite journal that makes the run resumable (created when missing).
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,
    /// Bulk: where to write the report (`.csv` or `.json`; default: beside the journal).
    #[arg(long, value_name = "FILE", requires = "input")]
    pub report: Option<PathBuf>,
    /// Bulk: scan references per request (scans of one group share an account).
    #[arg(long, default_value_t = 10, requires = "input")]
    pub batch_size: usize,
    /// Bulk: requests in flight at once.
    #[arg(long, default_value_t = 8, requires = "input")]
    pub concurrency: usize,
    /// Bulk: stay under Jumio's published rate limits (on by default; turn off for a sandbox).
    #[arg(long, value_enum, default_value_t = Toggle::On, requires = "input")]
    pub rate_limit: Toggle,
    /// Bulk: send scans that failed in an earlier run again.
    #[arg(long, requires = "input")]
    pub retry_failed: bool,
    /// The callback URL for the migrated workflows.
    #[arg(long)]
    pub callback_url: Option<String>,
}

/// On or off.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Toggle {
    On,
    Off,
}

#[derive(Subcommand, Debug)]
pub enum CallbacksCommand {
    /// Listen for callbacks: check each sender, print the event, fetch its details.
    Listen(ListenArgs),
}

/// `kyx callbacks listen`.
#[derive(Args, Debug)]
pub struct ListenArgs {
    /// Port to listen on.
    #[arg(long, short = 'p', default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: std::net::IpAddr,
    /// Accept Jumio's addresses of this region (US, EU, SG) or `all`.
    #[arg(long, default_value = "all")]
    pub senders: String,
    /// Also accept this sender address (repeatable; e.g. 127.0.0.1 for a local sandbox).
    #[arg(long = "allow", value_name = "IP")]
    pub allow: Vec<std::net::IpAddr>,
    /// A reverse proxy in front of this receiver (its X-Forwarded-For is trusted; repeatable).
    #[arg(long = "trusted-proxy", value_name = "IP")]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Print callbacks only; do not fetch details.
    #[arg(long)]
    pub no_details: bool,
    /// Stop after this many distinct callbacks.
    #[arg(long, value_name = "N")]
    pub count: Option<usize>,
    /// Seconds a sender has to send a request's headers, and again its body; slower senders are
    /// cut off (headers) or answered 408 (body).
    #[arg(
        long,
        value_name = "SECONDS",
        default_value = "10",
        value_parser = seconds,
        allow_negative_numbers = true,
    )]
    pub read_timeout: Duration,
}
