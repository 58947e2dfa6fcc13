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

use askama::Template;
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

/// What every page of the journey shows and posts (`templates/journey/layout.html`): its locale
/// and title, and the iframe event with its target origin, as script-safe JSON.
struct Frame {
    locale: String,
    title: &'static str,
    event: String,
    target: String,
}

/// `templates/journey/refusal.html`: why the journey cannot run.
#[derive(Template)]
#[template(path = "journey/refusal.html")]
struct RefusalPage {
    /// The page's locale, title and iframe event.
    frame: Frame,
    text: &'static str,
    code: u32,
}

/// `templates/journey/form.html`: the journey form.
#[derive(Template)]
#[template(path = "journey/form.html")]
struct FormPage<'a> {
    /// The page's locale, title and iframe event.
    frame: Frame,
    intro: &'static str,
    finish: &'static str,
    definition_key: &'a str,
    account_id: &'a str,
    message: Option<&'a str>,
    action: String,
    credentials: Vec<FormCredential>,
    /// Every label of every capability of the workflow, with its decision type.
    outcomes: Vec<(&'a str, &'static [(String, String)])>,
    error_codes: &'static [(u32, &'static str)],
}

/// A credential the web channel captures, with its parts.
struct FormCredential {
    id: String,
    category: String,
    parts: Vec<FormPart>,
}

struct FormPart {
    classifier: &'static str,
    /// The form field (`front`).
    field: String,
    optional: bool,
    /// FACEMAP: the simulated liveness capture.
    liveness: bool,
}

/// `templates/journey/ending.html`: the page that ends the journey.
#[derive(Template)]
#[template(path = "journey/ending.html")]
struct EndingPage {
    /// The page's locale, title and iframe event.
    frame: Frame,
    text: &'static str,
    code: Option<u32>,
    /// The successUrl/errorUrl to go to, and the same as script-safe JSON.
    redirect: Option<String>,
    redirect_json: Option<String>,
}

/// A rendered page (a template that cannot fail at run time; if it did, a plain 500).
fn html(rendered: askama::Result<String>) -> Response {
    match rendered {
        Ok(page) => Html(page).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
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
fn frame(
    app: &App,
    w: Option<&Workflow>,
    token: &str,
    locale: &str,
    value: &str,
    code: Option<u32>,
) -> Frame {
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
    Frame {
        locale: locale.to_string(),
        title: texts(locale).title,
        event: script_json(&event),
        target: script_json(&json!(target.unwrap_or("*"))),
    }
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
    let f = frame(app, w, token, &locale, "error", Some(code));
    let page = RefusalPage {
        frame: f,
        text,
        code,
    };
    let mut response = html(page.render());
    *response.status_mut() = status;
    Some(response)
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

/// The journey form, with a message when a submission was refused.
fn journey_form(f: Frame, w: &Workflow, token: &str, message: Option<&str>) -> Response {
    let t = texts(&f.locale);
    let action = format!("/web/v4/app?authorizationToken={token}&locale={}", f.locale);
    let credentials = web_parts(w)
        .into_iter()
        .map(|(id, category, parts)| FormCredential {
            id,
            category,
            parts: parts
                .iter()
                .map(|part| FormPart {
                    classifier: part,
                    field: part.to_ascii_lowercase(),
                    optional: *part == "BACK",
                    liveness: *part == "FACEMAP",
                })
                .collect(),
        })
        .collect();
    let spec = crate::platform::spec::spec();
    let outcomes = w
        .template
        .capabilities
        .iter()
        .filter_map(|c| Some((c.as_str(), spec.labels(c)?)))
        .collect();
    html(
        FormPage {
            frame: f,
            intro: t.intro,
            finish: t.finish,
            definition_key: &w.key_text,
            account_id: &w.account_id,
            message,
            action,
            credentials,
            outcomes,
            error_codes: &ERROR_CODES,
        }
        .render(),
    )
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
    let f = frame(&app, Some(&w), &token, &locale, "loaded", None);
    journey_form(f, &w, &token, None)
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
    let f = frame(app, Some(w), token, locale, value, code);
    html(
        EndingPage {
            frame: f,
            text,
            code,
            redirect_json: target.as_ref().map(|url| script_json(&json!(url))),
            redirect: target,
        }
        .render(),
    )
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
        let f = frame(&app, Some(&w), &token, &locale, "loaded", None);
        let mut response = journey_form(f, &w, &token, Some(message));
        *response.status_mut() = StatusCode::BAD_REQUEST;
        response
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
