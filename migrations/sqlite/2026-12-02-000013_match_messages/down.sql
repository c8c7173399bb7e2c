DROP TABLE match_messages;
