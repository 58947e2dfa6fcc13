# Generated from openapi/jumio-kyx.yaml by `cargo xtask gen-python`; do not edit.
"""The layer generated from the spec: types, operations, flows, client options, errors."""
