//! Checks every answer the tests receive against `api-spec/openapi.yaml`: the status must be
//! documented for the operation, and the body must match the documented schema (formats
//! included). A served API that drifts from its contract fails the suite.
use std::sync::OnceLock;

use serde_json::{json, Value};

const SPEC_YAML: &str = include_str!("../../api-spec/openapi.yaml");

fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| serde_yaml::from_str(SPEC_YAML).expect("the spec is YAML"))
}

/// The documented path template that a concrete path matches (`{id}` matches a segment).
fn template_for(path: &str) -> Option<String> {
    let path = path.split('?').next().unwrap_or(path);
    let segments: Vec<&str> = path.split('/').collect();
    let paths = spec()["paths"].as_object()?;
    let matches = |template: &str| {
        let parts: Vec<&str> = template.split('/').collect();
        parts.len() == segments.len()
            && parts
                .iter()
                .zip(&segments)
                .all(|(t, s)| t == s || (t.starts_with('{') && t.ends_with('}')))
    };
    // An exact match wins over a templated one.
    paths
        .keys()
        .find(|t| t.as_str() == path)
        .or_else(|| paths.keys().find(|t| matches(t)))
        .cloned()
}

fn resolve(value: &Value) -> &Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference.trim_start_matches('#');
            resolve(
                spec()
                    .pointer(pointer)
                    .unwrap_or_else(|| panic!("dangling $ref {reference}")),
            )
        }
        None => value,
    }
}

pub fn assert_conforms(
    method: &str,
    path: &str,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) {
    let Some(template) = template_for(path) else {
        // Undocumented paths answer 404 by design (429 once the client's budget is spent);
        // anything else is a contract breach.
        assert!(
            status == 404 || status == 429,
            "{method} {path} is not in the spec but answered {status}"
        );
        return;
    };
    let operation = &spec()["paths"][&template][method.to_lowercase()];
    assert!(
        !operation.is_null() || status == 405,
        "{method} {template} is not documented"
    );
    if operation.is_null() {
        return;
    }
    let responses = &operation["responses"];
    let response = responses
        .get(status.to_string())
        .or_else(|| responses.get("default"))
        .unwrap_or_else(|| {
            panic!("{method} {template} answered {status}, which the spec does not list")
        });
    let response = resolve(response);
    let Some(content) = response.get("content").and_then(Value::as_object) else {
        assert!(
            body.is_empty(),
            "{method} {template} {status}: the spec documents no body"
        );
        return;
    };
    let media_type = content_type
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim();
    let documented = content.get(media_type).unwrap_or_else(|| {
        panic!("{method} {template} {status}: content type {media_type:?} not documented")
    });
    if media_type.ends_with("json") {
        let instance: Value = serde_json::from_slice(body).expect("a JSON body");
        check_schema(
            &documented["schema"],
            &instance,
            &format!("{method} {template} {status}"),
        );
    }
}

fn check_schema(schema: &Value, instance: &Value, context: &str) {
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": spec()["components"],
        "allOf": [schema],
    });
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&root)
        .unwrap_or_else(|e| panic!("{context}: the spec's schema does not compile: {e}"));
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "{context}: body does not match the spec: {errors:?}\nbody: {instance}"
    );
}
