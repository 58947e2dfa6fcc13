//! Helpers shared by the integration tests.
#![allow(dead_code)]

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Parses `json` as `T` and serialises it back.
pub fn round_trip<T: DeserializeOwned + Serialize>(json: &Value) -> Result<(T, Value), String> {
    let parsed: T = serde_json::from_value(json.clone()).map_err(|e| e.to_string())?;
    let back = serde_json::to_value(&parsed).map_err(|e| e.to_string())?;
    Ok((parsed, back))
}

/// Differences between two JSON values, as paths. Numbers compare by value (`40` == `40.0`,
/// since risk scores are floats); `null` members count as absent (an explicit null and a missing
/// member mean the same to every KYX field).
pub fn differences(a: &Value, b: &Value) -> Vec<String> {
    let mut out = Vec::new();
    diff(a, b, "$", &mut out);
    out
}

fn diff(a: &Value, b: &Value, at: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            if x.as_f64() != y.as_f64() {
                out.push(format!("{at}: {x} != {y}"));
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<_> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let (va, vb) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                diff(va, vb, &format!("{at}.{k}"), out);
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                out.push(format!("{at}: {} items != {} items", x.len(), y.len()));
            }
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                diff(va, vb, &format!("{at}[{i}]"), out);
            }
        }
        _ => {
            if a != b {
                out.push(format!("{at}: {a} != {b}"));
            }
        }
    }
}

/// Every string leaf of a JSON value (to look for leaks in Debug output).
pub fn string_leaves(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| string_leaves(x, out)),
        Value::Object(o) => o.values().for_each(|x| string_leaves(x, out)),
        _ => {}
    }
}
