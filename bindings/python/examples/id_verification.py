"""An ID + identity verification against an embedded sandbox (or the real platform, with the
JUMIO_* variables set): run it, wait for it, print every capability's decision.

    python examples/id_verification.py
"""

from __future__ import annotations

import os

from jumio_kyx import Client, JumioError, Sandbox, capability_summaries, sample_image


def verify(client: Client, schedule_scale: float | None) -> None:
    started = client.run_identity_verification(
        "example-idv-1",
        front=sample_image("front"),
        back=sample_image("back"),
        selfie=sample_image("selfie"),
        user_reference="example-user-1",
    )
    account_id = started["account"]["id"]
    workflow_id = started["workflowExecution"]["id"]
    status = client.wait_for_completion(account_id, workflow_id, schedule_scale=schedule_scale)
    print("status:", status["workflowExecution"]["status"])
    details = client.get_workflow_details(account_id, workflow_id)
    decision = details.get("decision")
    if decision is not None:
        risk = decision.get("risk")
        print("decision:", decision["type"], "risk", risk.get("score") if risk else None)
    for c in capability_summaries(details):
        print(f"  {c['capability']:<20} {c['category'] or '':<8} {c['decision']:<13} {c['label']}")


def main() -> None:
    try:
        if os.environ.get("JUMIO_CLIENT_ID"):
            verify(Client.from_env(), None)
            return
        with Sandbox(processing_delay_ms=300) as sandbox:
            client = Client(base_url=sandbox.url, client_id="example", client_secret="example", user_agent="jumio-kyx examples/0.1")
            verify(client, 0.01)
    except JumioError as e:
        print(f"failed: {e} (request id {e.request_id})")
        raise


if __name__ == "__main__":
    main()
