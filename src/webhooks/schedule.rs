//! When a failed webhook delivery is tried again: exponential backoff (×4 from
//! `retry_base_secs`, capped at `retry_max_secs`) with jitter (each wait drawn between 90 %
//! and all of it, so deliveries that failed together do not come back together), over
//! `max_attempts` attempts. With the defaults the waits are 5 s, 20 s, 80 s, 5 min, 21 min,
//! 1.4 h, 5.7 h, 10 h and 10 h: the last attempt comes 24.8 to 27.6 hours after the first.
use chrono::NaiveDateTime;
use rand::Rng;

use super::WebhookSettings;

/// The time of the next attempt after `attempts` failed ones; None when none is left.
pub fn next_attempt(
    settings: &WebhookSettings,
    attempts: i32,
    now: NaiveDateTime,
) -> Option<NaiveDateTime> {
    if attempts >= settings.max_attempts {
        return None;
    }
    let full = full_wait_ms(settings, attempts);
    let jittered = rand::rng().random_range(full * 9 / 10..=full);
    Some(now + chrono::Duration::milliseconds(jittered as i64))
}

/// The wait after `attempts` failed attempts, before jitter, in milliseconds.
fn full_wait_ms(settings: &WebhookSettings, attempts: i32) -> u64 {
    let exponent = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(20);
    settings
        .retry_base_secs
        .saturating_mul(4_u64.saturating_pow(exponent))
        .min(settings.retry_max_secs)
        .saturating_mul(1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_retries_span_at_least_a_day_and_then_stop() {
        let settings = WebhookSettings::default();
        let t0 = NaiveDateTime::default();
        let mut at = t0;
        let mut shortest_total = 0;
        for attempts in 1..settings.max_attempts {
            let next = next_attempt(&settings, attempts, at).expect("an attempt is left");
            let waited = (next - at).num_milliseconds() as u64;
            let full = full_wait_ms(&settings, attempts);
            assert!(
                (full * 9 / 10..=full).contains(&waited),
                "attempt {attempts}"
            );
            shortest_total += full * 9 / 10;
            at = next;
        }
        assert!(shortest_total >= 24 * 3_600 * 1000, "{shortest_total} ms");
        assert!((at - t0).num_hours() <= 28);
        assert_eq!(next_attempt(&settings, settings.max_attempts, at), None);
    }

    #[test]
    fn waits_grow_fourfold_up_to_the_cap() {
        let settings = WebhookSettings::default();
        let waits: Vec<u64> = (1..=9).map(|n| full_wait_ms(&settings, n) / 1000).collect();
        assert_eq!(waits, [5, 20, 80, 320, 1280, 5120, 20480, 36000, 36000]);
    }
}
