//! Reference data: the material taxonomy and the List of Waste codes. Public and cacheable:
//! they change only with a release, so an ETag lets clients revalidate for free.
use actix_web::http::header::{self, HeaderValue};
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use super::language::language;
use crate::catalogue::taxonomy::{MaterialClass, Taxonomy};
use crate::domain::Language;
use crate::http::error::ApiError;
use crate::http::AppState;

#[derive(Serialize)]
struct ClassView<'a> {
    code: &'a str,
    parent: Option<&'a str>,
    name: &'a str,
    default_unit: &'a str,
    units: &'a [String],
    density_t_per_m3: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    density_source: Option<SourceView<'a>>,
    mass_per_piece_t: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mass_per_piece_source: Option<SourceView<'a>>,
    waste_codes: &'a [String],
    embodied_kgco2e_per_t: Option<f64>,
    carbon_source: Option<SourceView<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    children: Vec<ClassView<'a>>,
}

#[derive(Serialize)]
struct SourceView<'a> {
    id: &'a str,
    title: &'a str,
    url: Option<&'a str>,
}

fn source<'a>(taxonomy: &'a Taxonomy, id: Option<&'a str>) -> Option<SourceView<'a>> {
    let id = id?;
    taxonomy.sources.get(id).map(|s| SourceView {
        id,
        title: &s.title,
        url: s.url.as_deref(),
    })
}

fn view<'a>(
    taxonomy: &'a Taxonomy,
    class: &'a MaterialClass,
    lang: Language,
    children: Vec<ClassView<'a>>,
) -> ClassView<'a> {
    let factors = crate::impact::Factors::current();
    ClassView {
        code: &class.code,
        parent: class.parent.as_deref(),
        name: class.name(lang),
        default_unit: &class.default_unit,
        units: &class.units,
        density_t_per_m3: class.density_t_per_m3,
        density_source: source(
            taxonomy,
            factors.densities.get(&class.code).map(|f| &*f.source),
        ),
        mass_per_piece_t: class.mass_per_piece_t,
        mass_per_piece_source: source(
            taxonomy,
            factors.piece_masses.get(&class.code).map(|f| &*f.source),
        ),
        waste_codes: &class.waste_codes,
        embodied_kgco2e_per_t: class.embodied_kgco2e_per_t,
        carbon_source: source(taxonomy, class.carbon_source.as_deref()),
        children,
    }
}

/// The subtree under `parent` (None: the roots), in the taxonomy's order.
fn tree<'a>(taxonomy: &'a Taxonomy, parent: Option<&str>, lang: Language) -> Vec<ClassView<'a>> {
    taxonomy
        .classes()
        .iter()
        .filter(|c| c.parent.as_deref() == parent)
        .map(|c| view(taxonomy, c, lang, tree(taxonomy, Some(&c.code), lang)))
        .collect()
}

/// Answers 304 when the client holds the current version; otherwise the JSON with its tag.
fn cacheable(req: &HttpRequest, etag: &str, lang: Language, body: impl Serialize) -> HttpResponse {
    let tag = format!("{}-{}\"", etag.trim_end_matches('"'), lang.as_str());
    let fresh = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
    let mut response = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((
            header::ETAG,
            HeaderValue::from_str(&tag).unwrap_or(HeaderValue::from_static("\"0\"")),
        ))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .insert_header((header::VARY, "Accept-Language"));
    if fresh {
        response.finish()
    } else {
        response.json(body)
    }
}

pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let taxonomy = &state.catalogue.taxonomy;
    let lang = language(&req);
    cacheable(
        &req,
        &taxonomy.etag,
        lang,
        serde_json::json!({ "items": tree(taxonomy, None, lang) }),
    )
}

pub async fn get(
    req: HttpRequest,
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let taxonomy = &state.catalogue.taxonomy;
    let lang = language(&req);
    let class = taxonomy.get(&code).ok_or(ApiError::NotFound)?;
    let body = view(
        taxonomy,
        class,
        lang,
        tree(taxonomy, Some(&class.code), lang),
    );
    Ok(cacheable(&req, &taxonomy.etag, lang, body))
}

#[derive(Serialize)]
struct WasteCodeView<'a> {
    code: &'a str,
    hazardous: bool,
    label: &'a str,
}

pub async fn waste_codes(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let taxonomy = &state.catalogue.taxonomy;
    let lang = language(&req);
    let items: Vec<WasteCodeView> = taxonomy
        .waste_codes()
        .iter()
        .map(|w| WasteCodeView {
            code: &w.code,
            hazardous: w.hazardous,
            label: if lang == Language::Fr {
                &w.label_fr
            } else {
                &w.label_en
            },
        })
        .collect();
    cacheable(
        &req,
        &taxonomy.etag,
        lang,
        serde_json::json!({ "items": items }),
    )
}
