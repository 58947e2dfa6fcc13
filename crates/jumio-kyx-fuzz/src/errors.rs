//! Error answers: any status, headers and body make a typed error whose message carries no
//! control character and stays bounded.

/// One input: returns normally, or panics on a broken promise.
pub fn check(data: &[u8]) {
    if data.len() < 2 {
        return;
    }
    let status = 100 + u16::from_le_bytes([data[0], data[1]]) % 900;
    let rest = &data[2..];
    let (head, body) = match rest.iter().position(|b| *b == 0) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, &[][..]),
    };
    let headers: Vec<(String, String)> = String::from_utf8_lossy(head)
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let e = jumio_kyx::fuzzing::error_from_answer(status, &headers, body);
    let shown = format!("{e} {e:?}");
    assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
    assert!(e.detail().is_none_or(|d| d.chars().count() <= 1001));
    assert!(e.body().is_none_or(|b| b.chars().count() <= 2049));
    assert!(
        e.retry_after()
            .is_none_or(|d| d <= jumio_kyx::error::MAX_RETRY_AFTER)
    );
    assert_eq!(e.status(), Some(status));
}
