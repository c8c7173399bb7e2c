//! Notification preferences, digests, one-click unsubscribe and saved searches.
