//! The hosted web journey at `web.href` (`/web/v4/app?authorizationToken=…&locale=…`), as Jumio's
//! web client behaves for an integrator (reference §13): the page honours the transaction token
//! (unknown: an error page; expired: the token-expired page, and the workflow is TOKEN_EXPIRED)
//! and the locale, shows the workflow's credentials, takes images from disk or the bundled
//! samples, and lets the tester choose the outcome: a pass, any label of any capability, or a
//! journey error with one of the documented codes. Finishing moves the workflow as the API channel
//! does (ACQUIRED, PROCESSED, the callback) and sends the browser to `successUrl` or `errorUrl`
//! with the documented query parameters, or to a sandbox page. In an iframe, the page posts the
//! documented `postMessage` events (`loaded`, `success`, `error` with its code).
//!
//! Server-rendered HTML with a little plain JavaScript; nothing to build.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use serde::Deserialize;
use serde_json::json;

use crate::platform::state::{App, Part, Status, Workflow};
use crate::platform::{capture, lifecycle};

/// The documented journey error codes (reference §13.1), as the client knows them.
pub use jumio_kyx::web::JOURNEY_ERROR_CODES as ERROR_CODES;

/// The journey's routes.
pub fn router() -> Router<App> {
    Router::new()
        .route("/web/client", get(journey).post(finish))
        .route("/web/v4/app", get(journey).post(finish))
}

#[derive(Deserialize)]
struct JourneyQuery {
    #[serde(rename = "authorizationToken", default)]
    token: Option<String>,
    #[serde(default)]
    locale: Option<String>,
}

/// The texts of the journey, in the locales the sandbox speaks (others fall back to English).
struct Texts {
    title: &'static str,
    intro: &'static str,
    finish: &'static str,
    invalid: &'static str,
    expired: &'static str,
    done: &'static str,
    success: &'static str,
    failure: &'static str,
}

fn texts(locale: &str) -> Texts {
    match locale.split('-').next().unwrap_or("en") {
        "de" => Texts {
            title: "Identitätsprüfung",
            intro: "Laden Sie die Bilder hoch oder wählen Sie die Beispiele, dann wählen Sie das Ergebnis.",
            finish: "Abschließen",
            invalid: "Dieser Link ist ungültig.",
            expired: "Dieser Link ist abgelaufen.",
            done: "Diese Prüfung ist bereits abgeschlossen.",
            success: "Vielen Dank! Ihre Prüfung wird bearbeitet.",
            failure: "Die Prüfung konnte nicht abgeschlossen werden.",
        },
        "fr" => Texts {
            title: "Vérification d'identité",
            intro: "Téléversez les images ou choisissez les exemples, puis choisissez le résultat.",
            finish: "Terminer",
            invalid: "Ce lien n'est pas valide.",
            expired: "Ce lien a expiré.",
            done: "Cette vérification est déjà terminée.",
            success: "Merci ! Votre vérification est en cours.",
            failure: "La vérification n'a pas pu être terminée.",
        },
        "es" => Texts {
            title: "Verificación de identidad",
            intro: "Suba las imágenes o elija los ejemplos y después el resultado.",
            finish: "Terminar",
            invalid: "Este enlace no es válido.",
            expired: "Este enlace ha caducado.",
            done: "Esta verificación ya está terminada.",
            success: "¡Gracias! Su verificación está en curso.",
            failure: "No se pudo terminar la verificación.",
        },
        _ => Texts {
            title: "Identity verification",
            intro: "Upload the images, or pick the bundled samples, then choose the outcome.",
            finish: "Finish",
            invalid: "This link is not valid.",
            expired: "This link has expired.",
            done: "This verification is already complete.",
            success: "Thank you! Your verification is being processed.",
            failure: "The verification could not be completed.",
        },
    }
}

/// Text for HTML (elements and attribute values).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b2733}\
h1{font-size:1.5rem}fieldset{border:1px solid #c9d3dd;border-radius:8px;margin:1rem 0;padding:.5rem 1rem}\
legend{font-weight:600}label{display:block;margin:.4rem 0}.error{background:#fde8e8;border:1px solid #e0a0a0;padding:.6rem;border-radius:6px}\
.note{color:#5a6b7b;font-size:.9rem}button{font-size:1rem;padding:.5rem 1.4rem;border-radius:6px;border:0;background:#1f6feb;color:white}\
select{max-width:100%}.badge{display:inline-block;background:#eef2f6;border-radius:4px;padding:0 .4rem;margin-right:.3rem}";

/// A page of the journey.
fn page(locale: &str, title: &str, body: &str, script: &str) -> String {
    format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
<title>{}</title><style>{STYLE}</style></head><body>{body}<script>{script}</script></body></html>",
        escape(locale),
        escape(title)
    )
}

/// A JSON value as a JavaScript literal inside a `<script>` element: `<`, `>` and `&` are
/// written as `\u003c`, `\u003e` and `\u0026` (so neither `</script>` nor `<!--` in a value can
/// change how the page is parsed), and U+2028/U+2029 escaped for older engines.
pub fn script_json(value: &serde_json::Value) -> String {
    let mut out = String::new();
    for c in value.to_string().chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The origin the journey's events go to: the setting, else the origin of the workflow's
/// `successUrl` (else `errorUrl`), else `None` (any parent, without the token).
fn message_origin(app: &App, w: Option<&Workflow>) -> Option<String> {
    let setting = app
        .settings
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .journey_message_origin
        .clone();
    if setting.is_some() {
        return setting;
    }
    let w = w?;
    [&w.success_url, &w.error_url]
        .into_iter()
        .flatten()
        .filter_map(|u| reqwest::Url::parse(u).ok())
        .find(|u| matches!(u.scheme(), "http" | "https"))
        .map(|u| u.origin().ascii_serialization())
}

/// The iframe event of the documented shape (`eventType` 510), posted to the parent window at
/// [`message_origin`]; to an unknown parent without the token.
fn post_message_script(
    app: &App,
    w: Option<&Workflow>,
    token: &str,
    value: &str,
    code: Option<u32>,
) -> String {
    let target = message_origin(app, w);
    let target = target.as_deref();
    let mut payload = json!({"value": value});
    if let Some(code) = code {
        payload["metainfo"] = json!({"code": code});
    }
    let mut event = json!({
        "accountId": w.map(|w| w.account_id.clone()),
        "authorizationToken": token,
        "workflowExecutionId": w.map(|w| w.id.clone()),
        "customerInternalReference": w.and_then(|w| w.customer_internal_reference.clone()),
        "eventType": 510,
        "payload": payload,
    });
    if target.is_none()
        && let Some(e) = event.as_object_mut()
    {
        e.remove("authorizationToken");
    }
    let event = script_json(&event);
    let target = script_json(&json!(target.unwrap_or("*")));
    format!(
        "(function(){{var e={event};e.dateTime=new Date().toISOString();\
if(window.parent&&window.parent!==window){{window.parent.postMessage(e,{target});}}}})();"
    )
}

fn locale_of(q: &JourneyQuery, w: Option<&Workflow>) -> String {
    q.locale
        .clone()
        .or_else(|| w.map(|w| w.locale.clone()))
        .filter(|l| l.len() <= 5 && l.chars().all(|c| c.is_ascii_alphabetic() || c == '-'))
        .unwrap_or_else(|| "en".into())
}

/// The workflow a token belongs to, brought up to date.
fn workflow_of(app: &App, token: &str) -> Option<Workflow> {
    let mut store = app.store();
    let id = store.transaction_tokens.get(token)?.clone();
    lifecycle::refresh_one(app, &mut store, &id);
    store.workflows.get(&id).cloned()
}

/// Why a journey cannot run, as a page.
fn refusal(app: &App, q: &JourneyQuery, w: Option<&Workflow>, token: &str) -> Option<Response> {
    let locale = locale_of(q, w);
    let t = texts(&locale);
    let (status, text, code) = match w {
        None => (StatusCode::NOT_FOUND, t.invalid, 9200),
        Some(w) if w.status == Status::TokenExpired => (StatusCode::GONE, t.expired, 9200),
        Some(w) if w.status == Status::SessionExpired => (StatusCode::GONE, t.expired, 9210),
        Some(w) if w.status != Status::Initiated => (StatusCode::CONFLICT, t.done, 9100),
        Some(_) => return None,
    };
    let body = format!(
        "<h1>{}</h1><p class=\"error\" id=\"refusal\" data-code=\"{code}\">{}</p>",
        escape(t.title),
        escape(text)
    );
    let script = post_message_script(app, w, token, "error", Some(code));
    Some((status, Html(page(&locale, t.title, &body, &script))).into_response())
}

/// The parts the web channel captures for each credential it may use.
fn web_parts(w: &Workflow) -> Vec<(String, String, &'static [&'static str])> {
    w.credentials
        .iter()
        .filter(|c| c.allows("WEB"))
        .filter_map(|c| {
            let parts = capture::journey_classifiers(&c.category);
            (!parts.is_empty()).then(|| (c.id.clone(), c.category.clone(), parts))
        })
        .collect()
}

/// The journey form.
fn journey_form(w: &Workflow, token: &str, locale: &str, message: Option<&str>) -> String {
    let t = texts(locale);
    let action = format!(
        "/web/v4/app?authorizationToken={}&amp;locale={}",
        escape(token),
        escape(locale)
    );
    let mut body = format!(
        "<h1>{}</h1><p>{}</p><p class=\"note\">Workflow <span class=\"badge\" id=\"definition-key\">{}</span> \
account <code>{}</code></p>",
        escape(t.title),
        escape(t.intro),
        escape(&w.key_text),
        escape(&w.account_id)
    );
    if let Some(m) = message {
        body.push_str(&format!(
            "<p class=\"error\" id=\"message\">{}</p>",
            escape(m)
        ));
    }
    body.push_str(&format!(
        "<form method=\"post\" action=\"{action}\" enctype=\"multipart/form-data\" id=\"journey\">"
    ));
    for (id, category, parts) in web_parts(w) {
        body.push_str(&format!(
            "<fieldset><legend>{} <span class=\"note\">{}</span></legend>",
            escape(&category),
            escape(&id)
        ));
        for part in parts {
            if *part == "FACEMAP" {
                body.push_str(
                    "<label><input type=\"checkbox\" name=\"liveness\" checked> Simulate the liveness capture (a facemap and six frames)</label>",
                );
                continue;
            }
            let field = part.to_ascii_lowercase();
            let optional = if *part == "BACK" { " (optional)" } else { "" };
            body.push_str(&format!(
                "<label>{part}{optional}: <input type=\"file\" name=\"{field}\" id=\"file-{field}\" accept=\"image/jpeg,image/png\"></label>\
<label class=\"note\"><input type=\"checkbox\" name=\"sample_{field}\" id=\"sample-{field}\"> use the bundled sample</label>"
            ));
        }
        body.push_str("</fieldset>");
    }
    // The outcome: pass, any label of any capability of the workflow, or a journey error.
    let mut options =
        String::from("<option value=\"pass\">Pass (every capability passes)</option>");
    let spec = crate::platform::spec::spec();
    for capability in &w.template.capabilities {
        let Some(labels) = spec.labels(capability) else {
            continue;
        };
        options.push_str(&format!("<optgroup label=\"{}\">", escape(capability)));
        for (label, decision) in labels {
            options.push_str(&format!(
                "<option value=\"label:{c}:{l}\">{c}: {l} ({d})</option>",
                c = escape(capability),
                l = escape(label),
                d = escape(decision)
            ));
        }
        options.push_str("</optgroup>");
    }
    options.push_str("<optgroup label=\"journey error\">");
    for (code, what) in ERROR_CODES {
        options.push_str(&format!(
            "<option value=\"error:{code}\">error {code}: {}</option>",
            escape(what)
        ));
    }
    options.push_str("</optgroup>");
    body.push_str(&format!(
        "<fieldset><legend>Outcome</legend><select name=\"outcome\" id=\"outcome\">{options}</select></fieldset>\
<button type=\"submit\" id=\"finish\">{}</button></form>",
        escape(t.finish)
    ));
    body
}

/// The transaction token and its workflow, or the page that says why the journey cannot run.
fn open(app: &App, q: &JourneyQuery) -> Result<(String, Workflow), Box<Response>> {
    let token = q.token.clone().unwrap_or_default();
    let w = workflow_of(app, &token);
    if let Some(r) = refusal(app, q, w.as_ref(), &token) {
        return Err(Box::new(r));
    }
    match w {
        Some(w) => Ok((token, w)),
        None => Err(Box::new(StatusCode::NOT_FOUND.into_response())),
    }
}

/// `GET /web/v4/app`: the journey page (opening it starts the session, as any action does).
async fn journey(State(app): State<App>, Query(q): Query<JourneyQuery>) -> Response {
    let (token, w) = match open(&app, &q) {
        Ok(opened) => opened,
        Err(page) => return *page,
    };
    crate::api::parts::touch(&app, &mut app.store(), &w.account_id, &w.id);
    let locale = locale_of(&q, Some(&w));
    let t = texts(&locale);
    let body = journey_form(&w, &token, &locale, None);
    let script = post_message_script(&app, Some(&w), &token, "loaded", None);
    Html(page(&locale, t.title, &body, &script)).into_response()
}

/// What the form sent.
#[derive(Default)]
struct Submission {
    files: BTreeMap<String, Bytes>,
    samples: Vec<String>,
    liveness: bool,
    outcome: String,
}

async fn read_form(mut form: Multipart, limit: u64) -> Result<Submission, crate::SandboxError> {
    let mut s = Submission::default();
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|_| "the form could not be read".to_string())?
    {
        let name = field.name().unwrap_or_default().to_string();
        let bytes = field
            .bytes()
            .await
            .map_err(|_| "the form could not be read".to_string())?;
        if bytes.len() as u64 > limit {
            return Err(format!(
                "{name}: the file is {} bytes; the upload limit is {limit} bytes",
                bytes.len()
            )
            .into());
        }
        match name.as_str() {
            "outcome" => s.outcome = String::from_utf8_lossy(&bytes).into_owned(),
            "liveness" => s.liveness = true,
            n if n.starts_with("sample_") => s.samples.push(n["sample_".len()..].to_string()),
            n => {
                if !bytes.is_empty() {
                    s.files.insert(n.to_string(), bytes);
                }
            }
        }
    }
    Ok(s)
}

/// The page that ends the journey: posts the iframe event, then goes to `target` (a
/// `successUrl`/`errorUrl` with the documented parameters) or shows the sandbox's own page.
fn ending(
    app: &App,
    w: &Workflow,
    token: &str,
    locale: &str,
    target: Option<String>,
    code: Option<u32>,
) -> Response {
    let t = texts(locale);
    let (value, text) = match code {
        None => ("success", t.success),
        Some(_) => ("error", t.failure),
    };
    let mut script = post_message_script(app, Some(w), token, value, code);
    let mut head = String::new();
    let body = match &target {
        Some(url) => {
            let json_url = script_json(&json!(url));
            script.push_str(&format!("location.replace({json_url});"));
            head = format!(
                "<noscript><meta http-equiv=\"refresh\" content=\"0;url={}\"></noscript>",
                escape(url)
            );
            format!(
                "<p><a href=\"{}\" id=\"continue\">Continue</a></p>",
                escape(url)
            )
        }
        None => {
            let code_line = code.map_or(String::new(), |c| {
                format!("<p id=\"error-code\">error code {c}</p>")
            });
            format!(
                "<h1 id=\"outcome\" data-status=\"{}\">{}</h1>{code_line}<p class=\"note\">jumio-kyx sandbox: no {} was set, so the journey ends here.</p>",
                if code.is_some() { "ERROR" } else { "SUCCESS" },
                escape(text),
                if code.is_some() {
                    "errorUrl"
                } else {
                    "successUrl"
                }
            )
        }
    };
    Html(page(locale, t.title, &format!("{head}{body}"), &script)).into_response()
}

/// The `successUrl` or `errorUrl` with the documented query parameters appended; `None` (the
/// sandbox's own ending page) for anything but an http(s) URL, whatever was stored: only those
/// are navigation targets.
fn redirect_target(base: &str, w: &Workflow, code: Option<u32>) -> Option<String> {
    let mut url = reqwest::Url::parse(base)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))?;
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("accountId", &w.account_id);
        q.append_pair("workflowExecutionId", &w.id);
        if let Some(r) = &w.customer_internal_reference {
            q.append_pair("customerInternalReference", r);
        }
        match code {
            None => {
                q.append_pair("acquisitionStatus", "SUCCESS");
            }
            Some(c) => {
                q.append_pair("acquisitionStatus", "ERROR");
                q.append_pair("errorCode", &c.to_string());
            }
        }
    }
    Some(url.to_string())
}

/// `POST /web/v4/app`: finishes the journey.
async fn finish(
    State(app): State<App>,
    Query(q): Query<JourneyQuery>,
    form: Multipart,
) -> Response {
    let (token, w) = match open(&app, &q) {
        Ok(opened) => opened,
        Err(page) => return *page,
    };
    let locale = locale_of(&q, Some(&w));
    let settings = app.settings();
    let again = |message: &str| {
        let t = texts(&locale);
        let body = journey_form(&w, &token, &locale, Some(message));
        let script = post_message_script(&app, Some(&w), &token, "loaded", None);
        (
            StatusCode::BAD_REQUEST,
            Html(page(&locale, t.title, &body, &script)),
        )
            .into_response()
    };
    let submission = match read_form(form, settings.max_upload_bytes).await {
        Ok(s) => s,
        Err(e) => return again(e.message()),
    };
    // A journey error: the browser goes to errorUrl; the workflow waits to expire.
    if let Some(code) = submission.outcome.strip_prefix("error:") {
        let Some(code) = code
            .parse::<u32>()
            .ok()
            .filter(|c| ERROR_CODES.iter().any(|(k, _)| k == c))
        else {
            return again("unknown journey error code");
        };
        let target = w
            .error_url
            .as_deref()
            .and_then(|u| redirect_target(u, &w, Some(code)));
        return ending(&app, &w, &token, &locale, target, Some(code));
    }
    // Every image checked as the API channel checks it, before anything changes.
    let mut parts: Vec<(String, String, Part)> = Vec::new();
    for (credential, category, classifiers) in web_parts(&w) {
        for classifier in classifiers {
            if *classifier == "FACEMAP" {
                if submission.liveness {
                    let frame = Part::new(
                        Bytes::from_static(crate::infra::samples::SELFIE_JPEG),
                        "image/jpeg",
                    );
                    for (classifier, part) in capture::liveness_parts(&frame) {
                        parts.push((credential.clone(), classifier, part));
                    }
                }
                continue;
            }
            let field = classifier.to_ascii_lowercase();
            let bytes = match submission.files.get(&field) {
                Some(b) => b.clone(),
                None if submission.samples.contains(&field) => {
                    Bytes::from_static(crate::infra::samples::by_name(&field).unwrap_or_default())
                }
                None if *classifier == "BACK" => continue,
                None => {
                    return again(&format!(
                        "{category} {classifier}: upload an image or pick the sample"
                    ));
                }
            };
            let content_type = match crate::api::parts::check_image(
                &bytes,
                settings.min_longest_side,
                settings.max_image_side,
            ) {
                Ok(ct) => ct,
                Err(p) => return again(&format!("{category} {classifier}: {}", p.detail)),
            };
            parts.push((
                credential.clone(),
                classifier.to_string(),
                Part::new(bytes, content_type),
            ));
        }
    }
    let mut scenario = crate::platform::scenario::Scenario::default();
    if let Some(choice) = submission.outcome.strip_prefix("label:") {
        let Some((capability, label)) = choice.split_once(':') else {
            return again("unknown outcome");
        };
        scenario.labels.insert(capability.into(), label.into());
        if let Err(e) = scenario.validate() {
            return again(e.message());
        }
    }
    if !scenario.is_empty()
        && let Err(p) = app.set_workflow_scenario(&w.id, scenario)
    {
        return again(&p.detail);
    }
    if let Err(p) = app.acquire(&w.id, parts) {
        return again(&p.detail);
    }
    let target = w
        .success_url
        .as_deref()
        .and_then(|u| redirect_target(u, &w, None));
    ending(&app, &w, &token, &locale, target, None)
}
