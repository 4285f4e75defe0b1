-- 013: workshops (issue 19, hosted mode): a facilitator's join link, and who joined with it.
-- facilitator: the signed-in person's email (lower case) who made the workshop. token: 32 random bytes, URL-safe,
-- kept so the facilitator can see the link again; a link is looked up by token_hash (SHA-256 of the token), so
-- no comparison of secrets leaks timing (as calendar_feeds, 011). closed_at: no new participant from then on.
CREATE SEQUENCE workshops_id_seq;
CREATE TABLE workshops (
    id          BIGINT    PRIMARY KEY DEFAULT nextval('workshops_id_seq'),
    facilitator VARCHAR   NOT NULL,
    name        VARCHAR   NOT NULL,
    token       VARCHAR   NOT NULL,
    token_hash  VARCHAR   NOT NULL UNIQUE,
    created_at  TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    closed_at   TIMESTAMP
);

-- A participant's joining: the workbook made for them in the workshop (theirs; the facilitator opens it through a
-- coach_access grant the participant may revoke). A person's decision, not a workbook's content: the column is
-- `member_workbook`, not `workbook_id`, so exports, backup imports and demo reloads never copy or delete it.
CREATE TABLE workshop_members (
    workshop        BIGINT    NOT NULL,
    participant     VARCHAR   NOT NULL,
    member_workbook BIGINT    NOT NULL,
    joined_at       TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    PRIMARY KEY (workshop, participant)
);
