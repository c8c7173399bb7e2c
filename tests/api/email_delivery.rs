//! Emails go through the outbox to a real SMTP server, survive outages and crashed workers,
//! and are delivered once.
use std::collections::HashSet;

use terril::app::build_worker;
use terril::db::jobs::Job;
use terril::db::now;
use terril::db::outbox::OutboxEmail;
use terril::domain::{EmailStatus, JobKind};
use terril::jobs::Runner;

use crate::helpers::{spawn_app, spawn_app_with, SmtpServer};

const EMAIL: &[JobKind] = &[JobKind::DeliverEmail];

fn only_email(app: &crate::helpers::TestApp, to: &str) -> OutboxEmail {
    let mut emails = app.outbox_for(to);
    assert_eq!(emails.len(), 1);
    emails.pop().unwrap()
}

#[tokio::test]
async fn a_queued_email_reaches_the_smtp_server_with_its_message_id() {
    let app = spawn_app().await;
    app.register("smtp@example.fr", "Smtp").await;
    assert_eq!(app.deliver_emails().await, 1);

    let received = app.smtp.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].to, ["smtp@example.fr"]);
    let stored = only_email(&app, "smtp@example.fr");
    assert_eq!(stored.status, EmailStatus::Sent);
    assert_eq!(
        received[0].header("Message-ID").as_deref(),
        Some(stored.message_id.as_str())
    );
    assert!(received[0].raw.contains("multipart/alternative"));
    // Nothing left: a second pass sends nothing more.
    assert_eq!(app.deliver_emails().await, 0);
    assert_eq!(app.smtp.received().len(), 1);
}

#[tokio::test]
async fn an_email_survives_an_smtp_outage_and_is_delivered_once_smtp_is_back() {
    let outage = SmtpServer::down();
    let port = outage.port;
    let app = spawn_app_with(|s| s.email.smtp_port = port).await;
    app.register("outage@example.fr", "Outage").await;

    assert_eq!(app.worker.run_due().await.unwrap(), 1, "one attempt fails");
    let waiting = only_email(&app, "outage@example.fr");
    assert_eq!(waiting.status, EmailStatus::Pending);
    assert_eq!(waiting.attempts, 1);
    assert!(waiting.last_error.is_some());

    outage.start_on_port();
    assert_eq!(app.deliver_emails().await, 1);
    let delivered = only_email(&app, "outage@example.fr");
    assert_eq!(delivered.status, EmailStatus::Sent);
    assert_eq!(delivered.attempts, 2);
    assert_eq!(outage.received().len(), 1);
}

#[tokio::test]
async fn after_the_last_attempt_an_email_is_marked_failed() {
    let outage = SmtpServer::down();
    let port = outage.port;
    let app = spawn_app_with(|s| {
        s.email.smtp_port = port;
        s.worker.max_attempts = 2;
    })
    .await;
    app.register("failing@example.fr", "Failing").await;
    assert_eq!(app.deliver_emails().await, 2);
    let failed = only_email(&app, "failing@example.fr");
    assert_eq!(failed.status, EmailStatus::Failed);
    assert_eq!(failed.attempts, 2);

    let mut conn = app.db.get().unwrap();
    assert!(OutboxEmail::retry_failed(&mut conn, &failed.id, now()).unwrap());
    outage.start_on_port();
    assert_eq!(app.deliver_emails().await, 1);
    assert_eq!(
        only_email(&app, "failing@example.fr").status,
        EmailStatus::Sent
    );
}

#[tokio::test]
async fn a_crashed_workers_claim_runs_out_and_the_email_is_sent_then() {
    let app = spawn_app().await;
    app.register("crash@example.fr", "Crash").await;
    // A worker claims the email and dies before sending it.
    let mut conn = app.db.get().unwrap();
    let lease_until = now() + chrono::Duration::seconds(300);
    assert_eq!(
        Job::claim_due(&mut conn, EMAIL, now(), lease_until, 10)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        app.deliver_emails().await,
        0,
        "the lease keeps others off while it runs"
    );

    // Its lease runs out: as seen from a moment after the lease, the email is due again.
    let later = lease_until + chrono::Duration::seconds(1);
    let reclaimed = Job::claim_due(&mut conn, EMAIL, later, later, 10).unwrap();
    assert_eq!(reclaimed.len(), 1);
    assert_eq!(reclaimed[0].attempts, 2);
}

#[tokio::test]
async fn two_workers_deliver_each_email_exactly_once() {
    let app = spawn_app().await;
    for n in 0..12 {
        app.register(&format!("w{n}@example.fr"), "Workers").await;
    }
    let other = build_worker(&app.settings, app.db.clone()).unwrap();
    let (a, b) = tokio::join!(drain(&app.worker), drain(&other));
    assert_eq!(a + b, 12);
    let received = app.smtp.received();
    assert_eq!(received.len(), 12);
    let ids: HashSet<_> = received
        .iter()
        .filter_map(|m| m.header("Message-ID"))
        .collect();
    assert_eq!(ids.len(), 12, "no email sent twice");
}

async fn drain(worker: &Runner) -> usize {
    let mut total = 0;
    loop {
        match worker.run_due().await.unwrap() {
            0 => return total,
            n => total += n,
        }
    }
}

#[tokio::test]
async fn a_verification_email_goes_out_first_while_two_thousand_notifications_wait() {
    use diesel::Connection;
    let app = spawn_app().await;
    let notifier = terril::notify::Notifier::new(&app.settings).unwrap();
    {
        let mut conn = app.db.get().unwrap();
        conn.transaction(|conn| {
            for n in 0..2_000 {
                let envelope = terril::notify::Envelope {
                    message_key: None,
                    unsubscribe_url: Some(format!("http://terril.test/unsubscribe?n={n}")),
                };
                let vars = minijinja::context! {
                    recipient_name => "Zoé", search_name => "Briques", listing_title => "Lot",
                    material_name => "Briques",
                    distance_km => "12.5", quantity_available => "300", unit => "piece",
                    condition_label => "bon", price_label => "gratuit",
                    listing_url => "http://terril.test/listings/1",
                };
                notifier
                    .queue_with(
                        conn,
                        &format!("busy{n}@example.fr"),
                        terril::domain::Language::Fr,
                        "saved_search_hit",
                        vars,
                        envelope,
                    )
                    .map_err(|e| {
                        diesel::result::Error::QueryBuilderError(format!("{e:?}").into())
                    })?;
            }
            Ok::<_, diesel::result::Error>(())
        })
        .unwrap();
    }
    app.register("first@example.fr", "First").await;
    // One batch of the runner (10 emails) out of 2,001 waiting.
    assert!(app.worker.run_due().await.unwrap() <= 10);
    let received = app.smtp.received();
    assert!(
        received.iter().any(|m| m.to == ["first@example.fr"]),
        "the verification email is in the first batch"
    );
}
