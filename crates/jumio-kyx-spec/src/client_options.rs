//! The client options of `x-kyx-client-options`: how a client is built, described once for the
//! bindings' bridge and the Python and Node packages.

use serde::{Deserialize, Deserializer};

use crate::{case, one_line};

/// The type of a client option.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptionType {
    /// `US`, `EU`, `SG` or `amer-1`, `emea-1`, `apac-1`.
    Region,
    #[serde(rename = "string")]
    Str,
    /// A string that is never printed.
    Secret,
    /// Seconds in the core and Python; milliseconds (`…Ms`) in Node.
    Seconds,
    /// A number of times.
    Count,
    /// A number of bytes.
    Bytes,
    Boolean,
    /// A list of strings.
    Strings,
    /// Host name → `ip:port`.
    HostMap,
}

/// One client option.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientOption {
    /// The core's name (snake_case): Python's keyword, the bridge's field.
    pub name: String,
    #[serde(rename = "type")]
    pub ty: OptionType,
    /// One sentence, in Markdown.
    #[serde(deserialize_with = "one_line_text")]
    pub doc: String,
}

impl ClientOption {
    /// Node's name: camelCase, with `Ms` after a time (`connectTimeoutMs`).
    pub fn node_name(&self) -> String {
        let name = case::lower_camel(&self.name);
        match self.ty {
            OptionType::Seconds => format!("{name}Ms"),
            _ => name,
        }
    }

    /// The name the bridge reads from Node: camelCase, in seconds (`connectTimeout`).
    pub fn wire_name(&self) -> String {
        case::lower_camel(&self.name)
    }
}

fn one_line_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(one_line(&String::deserialize(d)?))
}

/// The table, each name once and in snake_case.
pub(crate) fn read(value: &serde_yaml::Value) -> crate::Result<Vec<ClientOption>> {
    let options: Vec<ClientOption> = crate::typed(value, "x-kyx-client-options")?;
    for (i, o) in options.iter().enumerate() {
        if case::snake(&o.name) != o.name {
            return Err(format!("x-kyx-client-options: `{}` is not snake_case", o.name).into());
        }
        if options[..i].iter().any(|p| p.name == o.name) {
            return Err(format!("x-kyx-client-options: `{}` is listed twice", o.name).into());
        }
    }
    Ok(options)
}
