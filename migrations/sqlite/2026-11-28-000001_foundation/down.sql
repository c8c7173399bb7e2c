DROP TABLE outbox_emails;
DROP TABLE api_keys;
DROP TABLE refresh_tokens;
DROP TABLE one_time_tokens;
DROP TABLE users;
DROP TABLE organisations;
