//! `Client::from_env`: a binary of its own, because it writes the process environment, which no
//! other test may read at the same time.

#[test]
fn the_environment_configures_a_client() {
    let vars = [
        ("JUMIO_CLIENT_ID", "env-id"),
        ("JUMIO_CLIENT_SECRET", "env-secret"),
        ("JUMIO_REGION", "emea-1"),
        ("JUMIO_USER_AGENT", "Env Co Env/1"),
    ];
    for (k, v) in vars {
        // SAFETY: this binary's only test; nothing else reads the environment meanwhile.
        unsafe { std::env::set_var(k, v) };
    }
    let c = jumio_kyx::Client::from_env().unwrap();
    assert_eq!(
        c.base_urls().get(jumio_kyx::HostFamily::Account),
        "https://account.emea-1.jumio.ai"
    );
    unsafe { std::env::set_var("JUMIO_BASE_URL", "http://127.0.0.1:4010") };
    let c = jumio_kyx::Client::from_env().unwrap();
    assert_eq!(
        c.base_urls().get(jumio_kyx::HostFamily::Api),
        "http://127.0.0.1:4010"
    );
    unsafe { std::env::set_var("JUMIO_REGION", "mars-1") };
    assert!(
        jumio_kyx::Client::from_env()
            .unwrap_err()
            .to_string()
            .contains("JUMIO_REGION")
    );
    for (k, _) in vars {
        unsafe { std::env::remove_var(k) };
    }
    unsafe { std::env::remove_var("JUMIO_BASE_URL") };
}
