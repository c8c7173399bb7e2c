//! The pages' templates (`templates/pages/`, embedded in the binary), rendered with
//! minijinja: HTML is auto-escaped, a variable the code forgot fails the render, and
//! `t("key", name=...)` gives the catalogue's text in the page's language (`lang`).
use std::borrow::Cow;
use std::collections::HashMap;

use actix_web::http::header::HeaderValue;
use fluent_templates::fluent_bundle::FluentValue;
use include_dir::{include_dir, Dir};
use minijinja::value::{Kwargs, Value, ValueKind};
use minijinja::{Environment, Error, ErrorKind, State, UndefinedBehavior};

use super::csrf::CsrfKey;
use super::i18n;
use crate::domain::Language;
use crate::http::error::ApiError;

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates/pages");

pub struct Pages {
    env: Environment<'static>,
    pub csrf: CsrfKey,
    /// Cookies are `Secure` in production (served over https).
    pub secure_cookies: bool,
    pub settings: super::WebSettings,
    /// The pages' content security policy: Terril's own scripts and styles, and images
    /// from Terril and the map's tile server.
    pub content_security_policy: HeaderValue,
}

impl Pages {
    pub fn load(settings: &crate::configuration::Settings) -> anyhow::Result<Self> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        crate::notify::templates::add_dir(&mut env, &TEMPLATES)?;
        env.add_function("t", translate);
        // `asset("terril.css")`: the asset's URL with its digest (see `web::assets`).
        env.add_function("asset", |path: &str| {
            Value::from_safe_string(super::assets::url(path))
        });
        crate::notify::filters::add(&mut env);
        let tiles = settings.web.map.tile_origin()?;
        let policy = crate::http::headers::HTML_CONTENT_SECURITY_POLICY.replace(
            "img-src 'self' data:",
            &format!("img-src 'self' data: {tiles}"),
        );
        Ok(Self {
            content_security_policy: HeaderValue::try_from(policy)?,
            env,
            csrf: CsrfKey::derive(&settings.jwt_secret_bytes()),
            secure_cookies: settings.env == crate::configuration::Environment::Production,
            settings: settings.web.clone(),
        })
    }

    /// Renders `templates/pages/<name>`; a failure is Terril's fault, logged as such.
    pub fn render(&self, name: &str, vars: Value) -> Result<String, ApiError> {
        self.env
            .get_template(name)
            .and_then(|template| template.render(vars))
            .map_err(|e| ApiError::internal(anyhow::anyhow!("page {name}: {e:#}")))
    }
}

/// `t("key", count=3)`: the catalogue's text for the page's language.
fn translate(state: &State, key: &str, kwargs: Kwargs) -> Result<String, Error> {
    // Never a default: a template that lost the page's language must fail, not switch.
    let language = state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(Language::parse))
        .ok_or_else(|| Error::new(ErrorKind::UndefinedError, "t() without the page's lang"))?;
    let mut args: HashMap<Cow<'static, str>, FluentValue<'static>> = HashMap::new();
    for name in kwargs.args() {
        let value: Value = kwargs.get(name)?;
        let fluent = match value.kind() {
            ValueKind::Number => FluentValue::from(f64::try_from(value).unwrap_or_default()),
            _ => FluentValue::from(value.to_string()),
        };
        args.insert(Cow::Owned(name.to_owned()), fluent);
    }
    i18n::text(language, key, &args).ok_or_else(|| {
        Error::new(
            ErrorKind::UndefinedError,
            format!("no text for {key:?} in {language}"),
        )
    })
}
