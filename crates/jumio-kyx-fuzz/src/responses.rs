//! Every response type the client reads, from any bytes: parsing never panics, a parsed body
//! re-serialises and parses again to the same value (nothing lost), and the description of a
//! body that does not parse never quotes it.

use jumio_kyx::fuzzing::response_shape_error;
use jumio_kyx::types;

fn round_trip<T>(data: &[u8])
where
    T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
{
    match serde_json::from_slice::<T>(data) {
        Ok(parsed) => {
            let again = serde_json::to_vec(&parsed).expect("a parsed body serialises");
            let reparsed: T = serde_json::from_slice(&again).expect("and parses again");
            // Floats may lose a last digit through a round trip; compare their JSON.
            assert_eq!(
                serde_json::to_value(&parsed).unwrap(),
                serde_json::to_value(&reparsed).unwrap()
            );
            let _ = format!("{parsed:?}");
        }
        Err(_) => {
            let described = response_shape_error::<T>(data);
            // A number of 8+ digits in the body (as a document number would be, in a string
            // or as a number) must not reappear in the description.
            if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
                let mut leaves = Vec::new();
                digits(&value, &mut leaves);
                for d in leaves {
                    assert!(!described.contains(&d), "{described} quotes {d}");
                }
            }
        }
    }
}

/// Every string or number of the value that is made of 8 or more digits.
fn digits(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) if s.len() >= 8 && s.bytes().all(|b| b.is_ascii_digit()) => {
            out.push(s.clone())
        }
        serde_json::Value::Number(n) if n.to_string().len() >= 8 && n.is_u64() => {
            out.push(n.to_string())
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| digits(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| digits(x, out)),
        _ => {}
    }
}

/// One input: returns normally, or panics on a broken promise.
pub fn check(data: &[u8]) {
    let (which, body) = match data.split_first() {
        Some((w, b)) => (*w, b),
        None => return,
    };
    match which % 10 {
        0 => round_trip::<types::WorkflowDetails>(body),
        1 => round_trip::<types::WorkflowStatusResponse>(body),
        2 => round_trip::<types::AccountResponse>(body),
        3 => round_trip::<types::PartUploadResponse>(body),
        4 => round_trip::<types::FinalizeResponse>(body),
        5 => round_trip::<types::StepsResponse>(body),
        6 => round_trip::<types::HealthResponse>(body),
        7 => round_trip::<types::MigrationResponse>(body),
        8 => round_trip::<types::TokenResponse>(body),
        _ => round_trip::<types::Problem>(body),
    }
}
