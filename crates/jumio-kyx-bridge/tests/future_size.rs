//! The futures a binding makes on its caller's thread stay small: they are moved into the
//! runtime's task there, and the operations' own state (about 9 KB) is boxed on the runtime's
//! thread instead (see `call`); and an operation's own future stays a few KB (it was 9 KB for a
//! status call when the deadline wrapper kept each attempt twice).

fn client() -> jumio_kyx::Client {
    jumio_kyx::Client::builder()
        .base_url("http://127.0.0.1:9")
        .credentials("id", "secret")
        .user_agent("Tests/1.0")
        .build()
        .expect("a client")
}

#[test]
fn a_call_future_is_small_until_it_runs() {
    let client = client();
    let args = serde_json::json!({});
    let call = jumio_kyx_bridge::call(
        &client,
        "get_workflow_status",
        args.clone(),
        Default::default(),
    );
    assert!(
        std::mem::size_of_val(&call) <= 256,
        "{} bytes",
        std::mem::size_of_val(&call)
    );
    let collected = jumio_kyx_bridge::call_collected(
        &client,
        "get_workflow_status",
        args,
        Default::default(),
        None,
    );
    assert!(
        std::mem::size_of_val(&collected) <= 2048,
        "{} bytes",
        std::mem::size_of_val(&collected)
    );
}

#[test]
fn an_operation_future_holds_its_request_once() {
    let client = client();
    let status = client.get_workflow_status("a", "w");
    assert!(
        std::mem::size_of_val(&status) <= 4096,
        "{} bytes",
        std::mem::size_of_val(&status)
    );
}
