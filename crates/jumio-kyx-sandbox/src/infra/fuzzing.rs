//! Entry points for the fuzz targets (`crates/jumio-kyx-fuzz`): the sandbox's HTTP handlers,
//! driven in-process without a socket. Not part of the API.

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Request, header};
use tower::ServiceExt;

use crate::platform::state::Sandbox;

/// A sandbox's router and state, with one account of workflow 10011 and one of 10010 created,
/// and an OAuth2 token for them.
pub struct Target {
    runtime: tokio::runtime::Runtime,
    router: axum::Router,
    /// `Bearer <token>`.
    pub authorization: String,
    /// Paths of the 10011 workflow: `(account, workflow, id credential, selfie credential)`.
    pub idv: (String, String, String, String),
    /// Paths of the 10010 workflow: `(account, workflow, data credential)`.
    pub screening: (String, String, String),
    app: Arc<Sandbox>,
}

impl Target {
    /// The shared target (built once per fuzzing process).
    pub fn get() -> &'static Target {
        static TARGET: OnceLock<Target> = OnceLock::new();
        TARGET.get_or_init(Target::new)
    }

    fn new() -> Target {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        // The sandbox keeps a handle of the runtime it runs on (callbacks are spawned there).
        let app = {
            let _on_runtime = runtime.enter();
            crate::new_app(crate::SandboxConfig::default(), "http://127.0.0.1:9".into())
                .expect("sandbox state")
        };
        let router = crate::api::server::router(app.clone());
        let mut target = Target {
            runtime,
            router,
            authorization: String::new(),
            idv: Default::default(),
            screening: Default::default(),
            app,
        };
        let (_, token) = target.send(
            "POST",
            "/oauth2/token",
            Some("application/x-www-form-urlencoded"),
            b"grant_type=client_credentials&client_id=fuzz&client_secret=fuzz".to_vec(),
        );
        let token: serde_json::Value = serde_json::from_slice(&token).expect("token");
        target.authorization = format!("Bearer {}", token["access_token"].as_str().unwrap());
        let create = |t: &Target, key: u64, user: &str| -> serde_json::Value {
            let body = serde_json::json!({"customerInternalReference": "fuzz", "userReference": user,
                "workflowDefinition": {"key": key}});
            let (_, b) = t.send(
                "POST",
                "/api/v1/accounts",
                Some("application/json"),
                body.to_string().into_bytes(),
            );
            serde_json::from_slice(&b).expect("account")
        };
        let a = create(&target, 10011, "u");
        let cred = |a: &serde_json::Value, i: usize| {
            a["workflowExecution"]["credentials"][i]["id"]
                .as_str()
                .unwrap()
                .to_string()
        };
        target.idv = (
            a["account"]["id"].as_str().unwrap().into(),
            a["workflowExecution"]["id"].as_str().unwrap().into(),
            cred(&a, 0),
            cred(&a, 1),
        );
        let s = create(&target, 10010, "u");
        target.screening = (
            s["account"]["id"].as_str().unwrap().into(),
            s["workflowExecution"]["id"].as_str().unwrap().into(),
            cred(&s, 0),
        );
        target
    }

    /// Sends a request through the router; returns the status and body. Panics only where the
    /// sandbox would have panicked.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> (u16, Vec<u8>) {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::USER_AGENT, "fuzz/1.0");
        if !self.authorization.is_empty() {
            req = req.header(header::AUTHORIZATION, &self.authorization);
        }
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        let Ok(req) = req.body(Body::from(body)) else {
            return (0, Vec::new());
        };
        self.runtime.block_on(async {
            let response = match self.router.clone().oneshot(req).await {
                Ok(r) => r,
                Err(never) => match never {},
            };
            let status = response.status().as_u16();
            let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .map(|b| b.to_vec())
                .unwrap_or_default();
            (status, bytes)
        })
    }

    /// Forgets what the fuzzed requests created, beyond the fixed accounts (bounded memory).
    pub fn trim(&self) {
        let mut store = self.app.store();
        if store.workflows.len() > 1000 {
            let keep = [self.idv.1.clone(), self.screening.1.clone()];
            store.workflows.retain(|id, _| keep.contains(id));
        }
    }
}
