//! Telling people: emails rendered from templates, written to the outbox in the caller's
//! transaction, delivered by the worker.
pub mod digest;
pub mod filters;
pub mod grouped;
pub mod mailer;
pub mod notice;
pub mod preferences;
pub mod templates;
pub mod unsubscribe;
pub mod wording;

use minijinja::{context, Value};

use crate::configuration::Settings;
use crate::db::jobs::Job;
use crate::db::outbox::OutboxEmail;
use crate::db::{new_id, now, DbConnection};
use crate::domain::error::DomainError;
use crate::domain::{EmailStatus, JobKind, Language};
use templates::EmailTemplates;

/// Renders emails and queues them in the outbox.
pub struct Notifier {
    templates: EmailTemplates,
    base_url: String,
    message_id_domain: String,
    pub unsubscribe: unsubscribe::UnsubscribeTokens,
    /// See `EmailSettings::notifications_per_hour`.
    pub notifications_per_hour: u32,
    /// How long a match notice waits for others (`EmailSettings::match_grouping_secs`).
    pub match_grouping: chrono::Duration,
}

/// What an email carries besides its content.
#[derive(Debug, Default)]
pub struct Envelope {
    /// Derives the Message-ID (an event and its recipient), so the email is queued once and
    /// a resend carries the same Message-ID. None: a fresh one.
    pub message_key: Option<String>,
    /// The one-click unsubscribe link, also given to the templates as `unsubscribe_url`.
    pub unsubscribe_url: Option<String>,
}

impl Notifier {
    pub fn new(settings: &Settings) -> anyhow::Result<Self> {
        Ok(Self {
            templates: EmailTemplates::load()?,
            base_url: settings.base_url().to_owned(),
            message_id_domain: settings.email.message_id_domain.clone(),
            unsubscribe: unsubscribe::UnsubscribeTokens::new(&settings.jwt_secret_bytes()),
            notifications_per_hour: settings.email.notifications_per_hour,
            match_grouping: chrono::Duration::from_std(std::time::Duration::from_secs(
                settings.email.match_grouping_secs,
            ))?,
        })
    }

    /// A full link to a path of this service.
    pub fn link(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.base_url)
    }

    /// Renders `template` in `language` and writes it to the outbox on `conn`, so it is sent
    /// if and only if the caller's transaction commits.
    pub fn queue(
        &self,
        conn: &mut DbConnection,
        to: &str,
        language: Language,
        template: &str,
        vars: Value,
    ) -> Result<(), DomainError> {
        self.queue_with(conn, to, language, template, vars, Envelope::default())
            .map(drop)
    }

    /// As [`Self::queue`]; false when an email with the same Message-ID was already queued.
    pub fn queue_with(
        &self,
        conn: &mut DbConnection,
        to: &str,
        language: Language,
        template: &str,
        vars: Value,
        envelope: Envelope,
    ) -> Result<bool, DomainError> {
        let vars = context! {
            app_name => "Terril",
            base_url => &self.base_url,
            unsubscribe_url => &envelope.unsubscribe_url,
            ..vars
        };
        let rendered = self
            .templates
            .render(template, language, &vars)
            .map_err(DomainError::internal)?;
        let id = new_id();
        let created_at = now();
        let key = envelope.message_key.as_deref().unwrap_or(&id);
        let queued = OutboxEmail {
            message_id: format!("<{key}@{}>", self.message_id_domain),
            id: id.clone(),
            recipient: to.to_owned(),
            subject: rendered.subject,
            text_body: rendered.text,
            html_body: rendered.html,
            status: EmailStatus::Pending,
            attempts: 0,
            last_error: None,
            created_at,
            sent_at: None,
            list_unsubscribe: envelope.unsubscribe_url,
        };
        if !queued.insert_if_new(conn)? {
            return Ok(false);
        }
        // Account emails (no unsubscribe link: verification, reset, invitation) go first.
        let priority = if queued.list_unsubscribe.is_none() {
            1
        } else {
            0
        };
        Job::enqueue(conn, JobKind::DeliverEmail, &id, priority, created_at)?;
        Ok(true)
    }
}
