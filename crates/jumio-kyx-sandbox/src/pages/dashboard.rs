//! The dashboard at `/__sandbox/ui`: one page that shows what the sandbox holds (workflows and
//! their status, decision, uploaded images and callbacks, the clock, the request log, the fault
//! rules) and drives it through the control API (scenarios, finishing a journey, moving the clock,
//! adding and switching faults, redelivering a callback).
//!
//! The page renders `/__sandbox/ui/state` with plain JavaScript every second, building the DOM
//! with `textContent` so nothing a client sent (a `customerInternalReference`, a callback URL) is
//! ever read as HTML. Nothing to build, no assets to fetch.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde_json::{Map, Value, json};

use crate::platform::lifecycle;
use crate::platform::spec::spec;
use crate::platform::state::App;

/// How many logged requests the dashboard shows (the newest).
const RECENT_REQUESTS: usize = 50;

/// The dashboard's routes, nested under `/__sandbox`.
pub fn router() -> Router<App> {
    Router::new()
        .route("/ui", get(|| async { page() }))
        .route("/ui/state", get(state))
        .route("/ui/parts/{workflow}/{credential}/{classifier}", get(part))
}

/// Everything the page shows, in one answer.
pub fn snapshot(app: &App) -> Value {
    let settings = app.settings();
    let workflows: Vec<Value> = {
        let mut store = app.store();
        let ids: Vec<String> = store.workflows.keys().cloned().collect();
        for id in &ids {
            lifecycle::refresh_one(app, &mut store, id);
        }
        // Newest first.
        store
            .workflows_by_age()
            .into_iter()
            .rev()
            .map(|w| {
                let outcome = w.outcome.as_ref();
                let mut row = w.summary();
                let Value::Object(details) = json!({
                    "createdAt": crate::platform::clock::format(w.created_at),
                    "tokenExpiresAt": crate::platform::clock::format(w.token_expires_at),
                    "nextChangeAt": w.next_deadline(&settings).map(crate::platform::clock::format),
                    "scenario": w.scenario,
                    "webHref": (w.status == crate::platform::state::Status::Initiated)
                        .then(|| app.journey_href(w)),
                    "decision": outcome.map(|o| o.decision.clone()),
                    "capabilities": outcome.map(|o| summarize(&o.capabilities)),
                    "credentials": w.credentials.iter().map(|c| json!({
                        "id": c.id,
                        "category": c.category,
                        "parts": c.uploaded.iter().map(|(classifier, p)| json!({
                            "classifier": classifier,
                            "contentType": p.content_type,
                            "bytes": p.bytes.len(),
                            "image": p.content_type.starts_with("image/"),
                        })).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                }) else {
                    unreachable!("a JSON object literal")
                };
                row.extend(details);
                Value::Object(row)
            })
            .collect()
    };
    let requests = app.requests();
    let recent: Vec<_> = requests.iter().rev().take(RECENT_REQUESTS).collect();
    let capabilities: Map<String, Value> = spec()
        .capabilities()
        .filter_map(|c| {
            let labels = spec().labels(c)?;
            Some((
                c.to_string(),
                labels
                    .iter()
                    .map(|(label, decision)| json!({"label": label, "decision": decision}))
                    .collect(),
            ))
        })
        .collect();
    json!({
        "now": crate::platform::clock::format(app.clock.now()),
        "offsetMs": app.clock.offset().num_milliseconds(),
        "workflows": workflows,
        "callbacks": app.callback_records(),
        "faults": app.faults(),
        "requests": recent,
        "requestCount": requests.len(),
        "defaultScenario": app.store().default_scenario.clone(),
        "capabilities": capabilities,
        "operations": jumio_kyx::routing::OPERATIONS
            .iter()
            .chain(crate::api::websdk::OPERATIONS.iter())
            .map(|o| o.id)
            .collect::<Vec<_>>(),
        "settings": settings,
    })
}

/// `{capability: "DECISION/label, …"}` of a finished workflow's capabilities.
fn summarize(capabilities: &Value) -> Value {
    let Some(map) = capabilities.as_object() else {
        return Value::Null;
    };
    map.iter()
        .map(|(name, entries)| {
            let labels: Vec<String> = entries
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(|e| {
                    let d = &e["decision"];
                    format!(
                        "{}/{}",
                        d["type"].as_str().unwrap_or("?"),
                        d["details"]["label"].as_str().unwrap_or("?")
                    )
                })
                .collect();
            (name.clone(), Value::String(labels.join(", ")))
        })
        .collect::<Map<_, _>>()
        .into()
}

async fn state(State(app): State<App>) -> Response {
    let mut r = axum::Json(snapshot(&app)).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, "no-store".parse().expect("static"));
    r
}

/// An uploaded image, for the thumbnails (other parts are not served).
async fn part(
    State(app): State<App>,
    Path((workflow, credential, classifier)): Path<(String, String, String)>,
) -> Response {
    let found = app.store().workflows.get(&workflow).and_then(|w| {
        w.credentials
            .iter()
            .find(|c| c.id == credential)
            .and_then(|c| c.uploaded.get(&classifier).cloned())
    });
    match found {
        Some(p) if p.content_type.starts_with("image/") => (
            [
                (header::CONTENT_TYPE, p.content_type),
                (header::CACHE_CONTROL, "no-store"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            p.bytes,
        )
            .into_response(),
        _ => (StatusCode::NOT_FOUND, "no such image").into_response(),
    }
}

fn page() -> Html<&'static str> {
    Html(PAGE)
}

const PAGE: &str = r##"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>KYX sandbox</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;color:#1b2733;background:#f6f8fa}
header{background:#1b2733;color:#fff;padding:.7rem 1.2rem;display:flex;gap:1.5rem;align-items:center;flex-wrap:wrap}
header h1{font-size:1.2rem;margin:0}main{padding:1rem 1.2rem}
section{background:#fff;border:1px solid #d8dee4;border-radius:8px;padding:.6rem 1rem;margin-bottom:1rem}
h2{font-size:1.05rem;margin:.3rem 0 .6rem}table{border-collapse:collapse;width:100%;font-size:.88rem}
td,th{text-align:left;padding:.3rem .4rem;border-bottom:1px solid #eef1f4;vertical-align:top}
.status{font-weight:600}.PROCESSED{color:#1a7f37}.INITIATED{color:#9a6700}.ACQUIRED{color:#0969da}
.TOKEN_EXPIRED,.SESSION_EXPIRED,.failed{color:#cf222e}.delivered{color:#1a7f37}.pending{color:#9a6700}
.PASSED{color:#1a7f37}.REJECTED{color:#cf222e}.WARNING{color:#9a6700}.NOT_EXECUTED{color:#57606a}
button,a.button{font-size:.82rem;padding:.2rem .6rem;border-radius:5px;border:1px solid #afb8c1;background:#f6f8fa;cursor:pointer;margin:.1rem;color:inherit;text-decoration:none}
button.primary{background:#1f6feb;color:#fff;border-color:#1f6feb}img.thumb{height:48px;border:1px solid #d8dee4;border-radius:4px;margin:2px}
.muted{color:#57606a}.mono{font-family:ui-monospace,monospace;font-size:.8rem}#message{min-height:1.2rem}
.error{color:#cf222e}select,input{font-size:.82rem}details{margin:.3rem 0}
</style></head>
<body>
<header><h1>KYX sandbox</h1><span>clock <b id="clock">…</b> <span id="offset" class="muted"></span></span>
<span><button data-advance="60">+1 min</button><button data-advance="900">+15 min</button><button data-advance="3600">+1 h</button><button data-advance="86400">+1 day</button></span>
<button id="reset">reset</button>
<a id="export-state" class="button" download="kyx-sandbox-state.json">export state</a>
<button id="import-state" type="button">import state…</button><input id="import-file" type="file" accept="application/json,.json" hidden>
<span id="message" role="status"></span></header>
<main>
<section><h2>Workflows <span class="muted" id="wf-count"></span></h2><table id="workflows"><thead><tr>
<th>created</th><th>workflow / account</th><th>reference</th><th>status</th><th>decision</th><th>images</th><th>actions</th></tr></thead><tbody></tbody></table></section>
<section><h2>Callbacks</h2><table id="callbacks"><thead><tr><th>#</th><th>workflow</th><th>url</th><th>state</th><th>attempts</th><th></th></tr></thead><tbody></tbody></table></section>
<section><h2>Default scenario</h2><div id="default-scenario"></div></section>
<section><h2>Faults</h2><table id="faults"><thead><tr><th>operation</th><th>effect</th><th>rate</th><th>count</th><th>state</th><th></th></tr></thead><tbody></tbody></table>
<div id="fault-form"></div></section>
<section><h2>Requests <span class="muted" id="req-count"></span></h2><table id="requests"><thead><tr><th>#</th><th>at</th><th>request</th><th>operation</th><th>status</th><th>ms</th></tr></thead><tbody></tbody></table></section>
<section><details><summary>Settings</summary><pre id="settings" class="mono"></pre></details></section>
</main>
<script>
"use strict";
let state = null, editing = null;
function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v === true ? "" : v);
  }
  for (const kid of kids.flat()) if (kid !== null && kid !== undefined) e.append(kid instanceof Node ? kid : String(kid));
  return e;
}
function say(text, error) { const m = document.getElementById("message"); m.textContent = text; m.className = error ? "error" : ""; }
async function call(method, path, body) {
  const r = await fetch("/__sandbox" + path, {method, headers: body === undefined ? {} : {"content-type": "application/json"}, body: body === undefined ? undefined : JSON.stringify(body)});
  if (!r.ok) { let d = r.statusText; try { d = (await r.json()).detail || d; } catch (_) {} say(method + " " + path + ": " + d, true); throw new Error(d); }
  await refresh();
  return r;
}
function scenarioEditor(current, save) {
  const box = h("div", {class: "scenario"});
  const selects = {};
  for (const [cap, labels] of Object.entries(state.capabilities)) {
    const s = h("select", {"data-capability": cap}, h("option", {value: ""}, "(passes)"),
      labels.map(l => h("option", {value: l.label, selected: current.labels && current.labels[cap] === l.label}, l.label + " — " + l.decision)));
    selects[cap] = s;
    box.append(h("label", {}, cap + " ", s), " ");
  }
  const risk = h("input", {type: "number", min: 0, max: 100, step: "any", placeholder: "risk", value: current.risk ?? "", "data-risk": ""});
  box.append(h("label", {}, "risk ", risk), " ",
    h("button", {class: "primary", onclick: () => {
      const labels = {};
      for (const [cap, s] of Object.entries(selects)) if (s.value) labels[cap] = s.value;
      const out = {labels};
      if (risk.value !== "") out.risk = Number(risk.value);
      editing = null; save(out);
    }}, "save scenario"));
  return box;
}
function workflowRow(w) {
  const images = w.credentials.flatMap(c => c.parts.map(p => p.image
    ? h("img", {class: "thumb", alt: c.category + " " + p.classifier, title: c.category + " " + p.classifier + " (" + p.bytes + " bytes)",
        src: "/__sandbox/ui/parts/" + encodeURIComponent(w.id) + "/" + encodeURIComponent(c.id) + "/" + encodeURIComponent(p.classifier)})
    : h("span", {class: "muted mono", title: p.contentType}, c.category + " " + p.classifier + " ")));
  const decision = w.decision ? h("div", {},
      h("span", {class: "status " + w.decision.type}, w.decision.type), " ",
      h("span", {class: "muted"}, "risk " + (w.decision.risk ? w.decision.risk.score : "?")),
      h("details", {}, h("summary", {}, "capabilities"),
        h("table", {}, Object.entries(w.capabilities || {}).map(([k, v]) => h("tr", {}, h("td", {}, k), h("td", {class: "mono"}, v))))))
    : h("span", {class: "muted"}, w.nextChangeAt ? "changes at " + w.nextChangeAt : "—");
  const actions = h("td", {});
  if (w.status === "INITIATED") {
    if (w.webHref) actions.append(h("a", {href: w.webHref, target: "_blank", rel: "noopener"}, "open journey"), " ");
    actions.append(h("button", {class: "primary", "data-complete": w.id, onclick: () => call("POST", "/workflows/" + encodeURIComponent(w.id) + "/complete").then(() => say("journey completed for " + w.id))}, "complete journey"));
  }
  if (w.status === "INITIATED" || w.status === "ACQUIRED") {
    actions.append(h("button", {onclick: () => { editing = editing === w.id ? null : w.id; render(); }}, "scenario…"));
    if (editing === w.id) actions.append(scenarioEditor(w.scenario || {}, s => call("PUT", "/workflows/" + encodeURIComponent(w.id) + "/scenario", s).then(() => say("scenario saved for " + w.id))));
  }
  return h("tr", {"data-workflow": w.id},
    h("td", {class: "mono"}, w.createdAt),
    h("td", {class: "mono"}, w.id, h("br"), h("span", {class: "muted"}, w.accountId), h("br"), h("span", {class: "muted"}, "definition " + w.definitionKey)),
    h("td", {}, w.customerInternalReference ?? ""),
    h("td", {class: "status " + w.status}, w.status),
    h("td", {}, decision),
    h("td", {}, images),
    actions);
}
function faultEffect(f) {
  const bits = [];
  if (f.status) bits.push("status " + f.status);
  if (f.drop) bits.push("drop " + f.drop);
  if (f.latencyMs) bits.push(f.latencyMs + " ms late");
  if (f.retryAfter !== undefined) bits.push("Retry-After " + f.retryAfter);
  if (f.body !== undefined) bits.push("custom body");
  return bits.join(", ");
}
function saveFaults(rules) { return call("PUT", "/faults", rules); }
function render() {
  if (!state) return;
  document.getElementById("clock").textContent = state.now;
  document.getElementById("offset").textContent = state.offsetMs ? "(+" + Math.round(state.offsetMs / 1000) + " s)" : "";
  document.getElementById("wf-count").textContent = "(" + state.workflows.length + ")";
  document.querySelector("#workflows tbody").replaceChildren(...state.workflows.map(workflowRow));
  document.querySelector("#callbacks tbody").replaceChildren(...state.callbacks.slice().reverse().map(c => h("tr", {"data-callback": c.id},
    h("td", {}, c.id), h("td", {class: "mono"}, c.workflowExecutionId), h("td", {class: "mono"}, c.url),
    h("td", {class: c.state}, c.state),
    h("td", {}, c.attempts.map(a => h("div", {class: "mono"}, a.at + " → " + (a.status ?? a.error) + " (" + Math.round(a.durationMs) + " ms)"))),
    h("td", {}, h("button", {"data-redeliver": c.id, onclick: () => call("POST", "/callbacks/" + c.id + "/redeliver").then(() => say("callback " + c.id + " redelivering"))}, "redeliver")))));
  if (editing !== "default") {
    document.getElementById("default-scenario").replaceChildren(
      h("span", {class: "mono"}, JSON.stringify(state.defaultScenario)), " ",
      h("button", {onclick: () => { editing = "default"; render(); }}, "edit"));
  } else if (!document.querySelector("#default-scenario .scenario")) {
    document.getElementById("default-scenario").replaceChildren(scenarioEditor(state.defaultScenario, s => call("PUT", "/scenario", s).then(() => say("default scenario saved"))));
  }
  const faults = state.faults;
  document.querySelector("#faults tbody").replaceChildren(...faults.map((f, i) => h("tr", {"data-fault": i},
    h("td", {}, f.operation === "*" ? "every operation" : f.operation), h("td", {}, faultEffect(f)), h("td", {}, f.rate ?? 1), h("td", {}, f.count ?? "∞"),
    h("td", {}, f.disabled ? "off" : "on"),
    h("td", {},
      h("button", {onclick: () => saveFaults(faults.map((g, j) => j === i ? Object.assign({}, g, {disabled: !g.disabled}) : g))}, f.disabled ? "switch on" : "switch off"),
      h("button", {onclick: () => saveFaults(faults.filter((_, j) => j !== i))}, "remove")))));
  if (!document.querySelector("#fault-form form")) {
    const op = h("select", {name: "operation"}, h("option", {value: "*"}, "every operation"), state.operations.map(o => h("option", {value: o}, o)));
    const status = h("input", {name: "status", type: "number", min: 100, max: 599, placeholder: "status", value: 503});
    const drop = h("select", {name: "drop"}, h("option", {value: ""}, "answer"), h("option", {value: "before"}, "drop before processing"), h("option", {value: "after"}, "drop after processing"));
    const count = h("input", {name: "count", type: "number", min: 1, placeholder: "times (∞)"});
    const form = h("form", {onsubmit: (e) => {
      e.preventDefault();
      const rule = {operation: op.value};
      if (drop.value) rule.drop = drop.value; else if (status.value) rule.status = Number(status.value);
      if (count.value) rule.count = Number(count.value);
      saveFaults(state.faults.concat([rule])).then(() => say("fault added"));
    }}, "add fault: ", op, " ", status, " ", drop, " ", count, " ", h("button", {type: "submit"}, "add"));
    document.getElementById("fault-form").replaceChildren(form);
  }
  document.getElementById("req-count").textContent = "(" + state.requestCount + ", newest " + state.requests.length + " shown)";
  document.querySelector("#requests tbody").replaceChildren(...state.requests.map(r => h("tr", {},
    h("td", {}, r.seq), h("td", {class: "mono"}, r.at), h("td", {class: "mono"}, r.method + " " + r.path),
    h("td", {}, r.operation ?? "", r.event === undefined ? "" : h("details", {class: "event"}, h("summary", {}, "event"), h("pre", {class: "mono"}, JSON.stringify(r.event, null, 1)))),
    h("td", {}, r.status ?? "dropped"), h("td", {}, r.durationMs === undefined ? "" : Math.round(r.durationMs)))));
  document.getElementById("settings").textContent = JSON.stringify(state.settings, null, 2);
}
async function refresh() {
  try {
    const r = await fetch("/__sandbox/ui/state", {cache: "no-store"});
    state = await r.json();
    // Keep an open scenario editor: re-rendering it would lose the choice being made.
    if (!(editing && document.activeElement && document.activeElement.closest(".scenario"))) render();
  } catch (e) { say("sandbox unreachable: " + e.message, true); }
}
for (const b of document.querySelectorAll("[data-advance]")) b.addEventListener("click", () => call("POST", "/clock/advance", {seconds: Number(b.dataset.advance)}).then(() => say("clock moved " + b.dataset.advance + " s")));
document.getElementById("export-state").setAttribute("href", "/__sandbox" + "/state");
document.getElementById("import-state").addEventListener("click", () => document.getElementById("import-file").click());
document.getElementById("import-file").addEventListener("change", async (ev) => {
  const file = ev.target.files[0];
  ev.target.value = "";
  if (!file || !confirm("Replace the sandbox's state with " + file.name + "?")) return;
  const r = await fetch("/__sandbox/state", {method: "PUT", headers: {"content-type": "application/json"}, body: await file.text()});
  if (!r.ok) { let d = r.statusText; try { d = (await r.json()).detail || d; } catch (_) {} say("import: " + d, true); return; }
  say("imported " + file.name);
  await refresh();
});
document.getElementById("reset").addEventListener("click", () => { if (confirm("Forget every account, workflow and callback?")) call("POST", "/reset").then(() => say("reset")); });
refresh();
setInterval(refresh, 1000);
</script></body></html>
"##;
