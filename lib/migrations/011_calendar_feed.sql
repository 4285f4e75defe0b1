-- 011: each person's private calendar feed (issue 19): a secret link a calendar app subscribes to.
-- person: the signed-in person's email (lower case) in hosted mode, '' for the local app's single person.
-- token: 32 random bytes, URL-safe, kept so the app can show the link again; a request is looked up by
-- token_hash (SHA-256 of the token), so no comparison of secrets leaks timing. Resetting replaces both, and the
-- old link finds nothing. Not a workbook's content (no workbook_id): exports and backups never carry it.
CREATE TABLE calendar_feeds (
    person     VARCHAR   NOT NULL PRIMARY KEY,
    token      VARCHAR   NOT NULL,
    token_hash VARCHAR   NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);
