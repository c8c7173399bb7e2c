//! Delivery of one outbox email: over SMTP with lettre, or, when no SMTP host is configured,
//! as an `.eml` file under the outbox folder so a newcomer can read what would be sent.
use std::path::PathBuf;
use std::time::Duration;

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

use crate::configuration::{EmailSettings, SmtpTls};
use crate::db::outbox::OutboxEmail;

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

pub struct Mailer {
    from: Mailbox,
    transport: Transport,
}

impl Mailer {
    /// Builds the transport; must run inside a Tokio runtime (lettre's SMTP pool needs one).
    pub fn from_settings(settings: &EmailSettings) -> anyhow::Result<Self> {
        let from: Mailbox = settings.from.parse()?;
        let transport = match &settings.smtp_host {
            Some(host) => Transport::Smtp(smtp_transport(host, settings)?),
            None => Transport::Files(PathBuf::from(&settings.outbox_dir)),
        };
        Ok(Self { from, transport })
    }

    /// Where mail goes, for the start-up log (no credentials).
    pub fn describe(&self) -> String {
        match &self.transport {
            Transport::Smtp(_) => "SMTP".into(),
            Transport::Files(dir) => format!("files under {}", dir.display()),
        }
    }

    pub async fn deliver(&self, email: &OutboxEmail) -> anyhow::Result<()> {
        let message = self.build(email)?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp.send(message).await.map(drop).map_err(Into::into),
            Transport::Files(dir) => write_eml(dir, email, &message.formatted()).await,
        }
    }

    fn build(&self, email: &OutboxEmail) -> anyhow::Result<Message> {
        let mut builder = Message::builder();
        if let Some(url) = &email.list_unsubscribe {
            // RFC 8058: mail clients offer a one-click unsubscribe that POSTs to the URL.
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".into(),
                ));
        }
        Ok(builder
            .from(self.from.clone())
            .to(email.recipient.parse()?)
            .subject(&email.subject)
            .message_id(Some(email.message_id.clone()))
            .date(email.created_at.and_utc().into())
            .multipart(MultiPart::alternative_plain_html(
                email.text_body.clone(),
                email.html_body.clone(),
            ))?)
    }
}

fn smtp_transport(
    host: &str,
    settings: &EmailSettings,
) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
    let builder = match settings.smtp_tls {
        SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
        SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)?,
        SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)?,
    };
    let mut builder = builder
        .port(settings.smtp_port)
        .timeout(Some(Duration::from_secs(settings.smtp_timeout_secs)));
    if let (Some(user), Some(password)) = (&settings.smtp_username, &settings.smtp_password) {
        builder = builder.credentials(Credentials::new(
            user.clone(),
            password.expose_secret().to_owned(),
        ));
    }
    Ok(builder.build())
}

/// Written to a temporary name, then renamed: a reader never sees half a file.
async fn write_eml(dir: &std::path::Path, email: &OutboxEmail, bytes: &[u8]) -> anyhow::Result<()> {
    tokio::fs::create_dir_all(dir).await?;
    let name = format!(
        "{}-{}.eml",
        email.created_at.format("%Y%m%dT%H%M%S"),
        email.id
    );
    let temporary = dir.join(format!(".{name}.tmp"));
    tokio::fs::write(&temporary, bytes).await?;
    tokio::fs::rename(&temporary, dir.join(name)).await?;
    Ok(())
}
