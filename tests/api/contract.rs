//! The served API and `api-spec/openapi.yaml` agree, and the two migration trees list the
//! same migrations.
use std::collections::BTreeSet;

use terril::api::table::ROUTES;

use crate::helpers::spawn_app;

const SPEC: &str = include_str!("../../api-spec/openapi.yaml");
const METHODS: [&str; 7] = ["get", "put", "post", "delete", "patch", "head", "options"];

fn spec_routes() -> BTreeSet<(String, String)> {
    let spec: serde_yaml::Value = serde_yaml::from_str(SPEC).expect("the spec is YAML");
    let paths = spec["paths"].as_mapping().expect("the spec has paths");
    let mut routes = BTreeSet::new();
    for (path, item) in paths {
        for (method, _) in item.as_mapping().unwrap() {
            let method = method.as_str().unwrap();
            if METHODS.contains(&method) {
                routes.insert((method.to_uppercase(), path.as_str().unwrap().to_owned()));
            }
        }
    }
    routes
}

#[test]
fn every_served_route_is_in_the_spec_and_the_reverse() {
    let served: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    let documented = spec_routes();
    let undocumented: Vec<_> = served.difference(&documented).collect();
    let unserved: Vec<_> = documented.difference(&served).collect();
    assert!(
        undocumented.is_empty(),
        "served but not in the spec: {undocumented:?}"
    );
    assert!(
        unserved.is_empty(),
        "in the spec but not served: {unserved:?}"
    );
}

#[tokio::test]
async fn the_spec_is_served_as_written() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/openapi.yaml", None).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), SPEC);
}

#[tokio::test]
async fn every_documented_route_is_routed() {
    // Unauthenticated calls reach a handler or its extractor: never the fallback 404/405.
    let app = spawn_app().await;
    for (method, path) in spec_routes() {
        // A territory's code is a region's (Hauts-de-France), a material's a class's.
        let code = if path.contains("{level}") {
            "32"
        } else {
            "construction"
        };
        let concrete = path
            .replace("{id}", "00000000-0000-7000-8000-000000000000")
            .replace("{level}", "region")
            .replace("{code}", code);
        let verb = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let request = app.client.request(verb, app.url(&concrete));
        let response = app.send(&method, &concrete, request, None).await;
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        assert!(
            status != 405 && (!body.contains("\"not_found\"") || path.contains("{id}")),
            "{method} {path} answered {status}: {body}"
        );
    }
}

fn migration_names(engine: &str) -> Vec<String> {
    let dir = format!("{}/migrations/{engine}", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn both_engines_have_the_same_list_of_migrations() {
    let sqlite = migration_names("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, migration_names("postgres"));
}
