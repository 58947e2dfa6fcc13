//! A hostile HTTP server for tests: it answers each request as a script says, byte by byte, so
//! tests can play a real gateway (HTML error pages, empty bodies, redirects), a broken server
//! (dropped connections, bodies that stop halfway, huge or slow bodies) or a lying one (absurd
//! token lifetimes and Retry-After values, bodies of the wrong shape). It speaks just enough
//! HTTP/1.1 for reqwest (keep-alive, Content-Length and chunked request bodies) and records every
//! request it received.
#![allow(dead_code)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request the server received.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The body of a reply.
#[derive(Clone, Debug)]
pub enum Body {
    /// These bytes, with a Content-Length.
    Bytes(Vec<u8>),
    /// `chunk` repeated up to `total` bytes; with a Content-Length when `declared`, chunked
    /// otherwise. Generated as it is written, so a 300 MB body costs the server nothing.
    Repeat {
        chunk: Vec<u8>,
        total: u64,
        declared: bool,
    },
    /// These bytes, one per `every` (a slow server).
    Trickle { bytes: Vec<u8>, every: Duration },
}

/// What the server does with a request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// Answers.
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Body,
    },
    /// Closes the connection without answering.
    Drop,
    /// Sends the status line, headers (declaring `declared` bytes) and `sent` bytes of body, then
    /// closes the connection.
    BreakOff {
        status: u16,
        declared: u64,
        sent: u64,
    },
    /// Waits, then answers.
    Delay(Duration, Box<Reply>),
}

impl Reply {
    pub fn status(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        let mut headers = Vec::new();
        if !content_type.is_empty() {
            headers.push(("Content-Type".into(), content_type.into()));
        }
        Self::Respond {
            status,
            headers,
            body: Body::Bytes(body.into()),
        }
    }

    pub fn json(status: u16, v: &serde_json::Value) -> Self {
        Self::status(status, "application/json", v.to_string())
    }

    pub fn empty(status: u16) -> Self {
        Self::status(status, "", Vec::new())
    }

    /// A gateway's HTML error page.
    pub fn html(status: u16) -> Self {
        Self::status(
            status,
            "text/html; charset=utf-8",
            format!(
                "<html><head><title>{status}</title></head><body><center><h1>{status} Gateway \
                 Error</h1></center><hr><center>nginx</center></body></html>"
            ),
        )
    }

    /// `chunk` repeated up to `total` bytes, declared or chunked ([`Body::Repeat`]).
    pub fn repeat(
        status: u16,
        content_type: &str,
        chunk: &[u8],
        total: u64,
        declared: bool,
    ) -> Self {
        Self::Respond {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: Body::Repeat {
                chunk: chunk.to_vec(),
                total,
                declared,
            },
        }
    }

    /// An OAuth2 token answer with this `expires_in` (any JSON number).
    pub fn token(expires_in: serde_json::Value) -> Self {
        Self::json(
            200,
            &serde_json::json!({"access_token": "hostile-token", "expires_in": expires_in, "token_type": "Bearer"}),
        )
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Self::Respond { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

type Script = dyn Fn(&Seen) -> Reply + Send + Sync;

/// A running hostile server; stops when dropped.
pub struct Hostile {
    pub url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    script: Arc<Mutex<Arc<Script>>>,
    /// Body bytes written to clients so far.
    written: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Hostile {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A well-formed answer for every operation a test does not script: a token, then `{}`-ish
/// bodies that parse as the operation's response.
pub fn friendly(seen: &Seen) -> Reply {
    if seen.path == "/oauth2/token" {
        return Reply::token(serde_json::json!(3600));
    }
    Reply::json(200, &serde_json::json!({"status": "UP"}))
}

impl Hostile {
    /// Starts a server on a free loopback port, answering with `script`.
    pub async fn start(script: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Mutex<Arc<Script>>> = Arc::new(Mutex::new(Arc::new(script)));
        let written = Arc::new(AtomicU64::new(0));
        let task = tokio::spawn({
            let (seen, script, written) = (seen.clone(), script.clone(), written.clone());
            async move {
                while let Ok((stream, _)) = listener.accept().await {
                    let (seen, script, written) = (seen.clone(), script.clone(), written.clone());
                    tokio::spawn(async move {
                        let _ = serve(stream, seen, script, written).await;
                    });
                }
            }
        });
        Self {
            url,
            seen,
            script,
            written,
            task,
        }
    }

    /// Replaces the script.
    pub fn script(&self, script: impl Fn(&Seen) -> Reply + Send + Sync + 'static) {
        *self.script.lock().unwrap() = Arc::new(script);
    }

    /// Every request received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// Requests received on a path.
    pub fn seen_on(&self, path: &str) -> usize {
        self.seen().iter().filter(|s| s.path == path).count()
    }

    /// Requests other than token requests.
    pub fn api_requests(&self) -> Vec<Seen> {
        self.seen()
            .into_iter()
            .filter(|s| s.path != "/oauth2/token")
            .collect()
    }

    /// Body bytes the server managed to write to clients.
    pub fn body_bytes_written(&self) -> u64 {
        self.written.load(Ordering::Relaxed)
    }
}

async fn serve(
    mut stream: TcpStream,
    seen: Arc<Mutex<Vec<Seen>>>,
    script: Arc<Mutex<Arc<Script>>>,
    written: Arc<AtomicU64>,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buf).await? else {
            return Ok(());
        };
        seen.lock().unwrap().push(request.clone());
        let reply = {
            let script = script.lock().unwrap().clone();
            script(&request)
        };
        if !write_reply(&mut stream, reply, &written).await? {
            return Ok(());
        }
    }
}

/// Reads one request (`None` when the client closed the connection).
async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<Option<Seen>> {
    let head_end = loop {
        if let Some(i) = find(buf, b"\r\n\r\n") {
            break i;
        }
        if !fill(stream, buf).await? {
            return Ok(None);
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    buf.drain(..head_end + 4);
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let method = first.next().unwrap_or_default().to_string();
    let path = first.next().unwrap_or_default().to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let mut body = Vec::new();
    if let Some(len) = header("content-length").and_then(|v| v.parse::<usize>().ok()) {
        while buf.len() < len {
            if !fill(stream, buf).await? {
                return Ok(None);
            }
        }
        body.extend(buf.drain(..len));
    } else if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        loop {
            let line_end = loop {
                if let Some(i) = find(buf, b"\r\n") {
                    break i;
                }
                if !fill(stream, buf).await? {
                    return Ok(None);
                }
            };
            let size = usize::from_str_radix(
                String::from_utf8_lossy(&buf[..line_end])
                    .split(';')
                    .next()
                    .unwrap_or("0")
                    .trim(),
                16,
            )
            .unwrap_or(0);
            buf.drain(..line_end + 2);
            while buf.len() < size + 2 {
                if !fill(stream, buf).await? {
                    return Ok(None);
                }
            }
            body.extend(buf.drain(..size));
            buf.drain(..2);
            if size == 0 {
                break;
            }
        }
    }
    Ok(Some(Seen {
        method,
        path,
        headers,
        body,
    }))
}

async fn fill(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<bool> {
    let mut chunk = [0u8; 16 * 1024];
    let n = stream.read(&mut chunk).await?;
    buf.extend_from_slice(&chunk[..n]);
    Ok(n > 0)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Whatever",
    }
}

/// Writes a reply; `false` when the connection must close.
async fn write_reply(
    stream: &mut TcpStream,
    reply: Reply,
    written: &AtomicU64,
) -> std::io::Result<bool> {
    match reply {
        Reply::Drop => Ok(false),
        Reply::Delay(d, reply) => {
            tokio::time::sleep(d).await;
            Box::pin(write_reply(stream, *reply, written)).await
        }
        Reply::BreakOff {
            status,
            declared,
            sent,
        } => {
            let head = format!(
                "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\nContent-Length: {declared}\r\n\r\n",
                reason(status)
            );
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(&vec![b' '; sent as usize]).await?;
            written.fetch_add(sent, Ordering::Relaxed);
            stream.flush().await?;
            Ok(false)
        }
        Reply::Respond {
            status,
            headers,
            body,
        } => {
            let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
            for (n, v) in &headers {
                head.push_str(&format!("{n}: {v}\r\n"));
            }
            match &body {
                Body::Bytes(b) => head.push_str(&format!("Content-Length: {}\r\n", b.len())),
                Body::Trickle { bytes, .. } => {
                    head.push_str(&format!("Content-Length: {}\r\n", bytes.len()))
                }
                Body::Repeat {
                    total,
                    declared: true,
                    ..
                } => head.push_str(&format!("Content-Length: {total}\r\n")),
                Body::Repeat { .. } => head.push_str("Transfer-Encoding: chunked\r\n"),
            }
            head.push_str("\r\n");
            stream.write_all(head.as_bytes()).await?;
            match body {
                Body::Bytes(b) => {
                    stream.write_all(&b).await?;
                    written.fetch_add(b.len() as u64, Ordering::Relaxed);
                }
                Body::Trickle { bytes, every } => {
                    for b in bytes {
                        tokio::time::sleep(every).await;
                        stream.write_all(&[b]).await?;
                        stream.flush().await?;
                        written.fetch_add(1, Ordering::Relaxed);
                    }
                }
                Body::Repeat {
                    chunk,
                    total,
                    declared,
                } => {
                    let block: Vec<u8> = chunk.iter().copied().cycle().take(64 * 1024).collect();
                    let mut left = total;
                    while left > 0 {
                        let n = left.min(block.len() as u64) as usize;
                        if declared {
                            stream.write_all(&block[..n]).await?;
                        } else {
                            stream.write_all(format!("{n:x}\r\n").as_bytes()).await?;
                            stream.write_all(&block[..n]).await?;
                            stream.write_all(b"\r\n").await?;
                        }
                        written.fetch_add(n as u64, Ordering::Relaxed);
                        left -= n as u64;
                    }
                    if !declared {
                        stream.write_all(b"0\r\n\r\n").await?;
                    }
                }
            }
            stream.flush().await?;
            Ok(true)
        }
    }
}
