//! The documented workflows (`x-kyx-workflows`) and the capabilities they run
//! (`Capabilities`, its `x-capability-dependencies`, each label enum's `x-labels-by-decision`).

use serde::Deserialize;
use serde_yaml::{Mapping, Value};

use crate::{Result, case};

/// A credential of a workflow.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    pub category: String,
    pub channels: Vec<String>,
    /// Parts the API channel uploads (`FRONT`, `BACK`, `FACE`, `FACEMAP`, `PREPARED_DATA`).
    #[serde(default)]
    pub parts: Vec<String>,
}

/// A documented workflow definition.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Workflow {
    pub key: u64,
    /// A stable name for SDK constants (`id_and_identity_verification`).
    pub slug: String,
    pub name: String,
    pub credentials: Vec<Credential>,
    /// Capabilities, in execution order.
    pub capabilities: Vec<String>,
    /// Step name → capabilities, in order.
    #[serde(default, deserialize_with = "steps")]
    pub steps: Vec<(String, Vec<String>)>,
    /// Dotted paths of the prepared-data fields the workflow requires.
    #[serde(default)]
    pub prepared_data: Vec<String>,
    #[serde(default)]
    pub user_reference_required: bool,
    #[serde(default)]
    pub account_must_exist: bool,
}

fn steps<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<(String, Vec<String>)>, D::Error> {
    let map = Mapping::deserialize(d)?;
    map.into_iter()
        .map(|(k, v)| {
            let k = k
                .as_str()
                .ok_or_else(|| serde::de::Error::custom("a step name is a string"))?
                .to_string();
            let v = serde_yaml::from_value(v).map_err(serde::de::Error::custom)?;
            Ok((k, v))
        })
        .collect()
}

/// A capability (`usability`, `dataChecks`, …).
#[derive(Clone, Debug)]
pub struct Capability {
    pub name: String,
    /// The capability it runs after (`x-capability-dependencies`).
    pub depends_on: Option<String>,
    /// Its labels with the decision type each comes with, in the spec's order.
    pub labels: Vec<(String, String)>,
}

/// Every capability of `Capabilities.properties`, in order. Each has a label enum named after
/// it (`imageChecks` → `ImageChecksLabel`) with `x-labels-by-decision`.
pub(crate) fn capabilities(schemas: &Value) -> Result<Vec<Capability>> {
    let caps = &schemas["Capabilities"];
    let names = caps["properties"]
        .as_mapping()
        .ok_or("no Capabilities.properties")?;
    let dependencies = caps["x-capability-dependencies"]
        .as_mapping()
        .ok_or("no Capabilities.x-capability-dependencies")?;
    let mut out = Vec::new();
    for name in names.keys() {
        let name = name.as_str().ok_or("a capability name is a string")?;
        let enum_name = format!("{}Label", case::upper_camel(name));
        let by_decision: Mapping = crate::typed(
            &schemas[enum_name.as_str()]["x-labels-by-decision"],
            &format!("{enum_name}.x-labels-by-decision"),
        )?;
        let mut labels = Vec::new();
        for (decision, list) in by_decision {
            let decision = decision.as_str().unwrap_or_default();
            let list: Vec<String> = crate::typed(&list, &format!("{enum_name}.{decision}"))?;
            labels.extend(list.into_iter().map(|l| (l, decision.to_string())));
        }
        out.push(Capability {
            name: name.to_string(),
            depends_on: dependencies
                .get(name)
                .and_then(Value::as_str)
                .map(String::from),
            labels,
        });
    }
    Ok(out)
}
