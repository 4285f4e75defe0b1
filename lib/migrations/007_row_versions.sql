-- 007: no lost edits, one action one row (issue 14, items 1 and 2). Only ADDs.
-- A row version on every table a form edits: a save states the version its form was opened with
-- (lib/rows.py), so a change made meanwhile by another session is merged or shown, never overwritten.
ALTER TABLE contacts ADD COLUMN version INTEGER DEFAULT 0;
ALTER TABLE organizations ADD COLUMN version INTEGER DEFAULT 0;
ALTER TABLE questions ADD COLUMN version INTEGER DEFAULT 0;
ALTER TABLE reviews ADD COLUMN version INTEGER DEFAULT 0;
ALTER TABLE meetings ADD COLUMN version INTEGER DEFAULT 0;
ALTER TABLE workbooks ADD COLUMN version INTEGER DEFAULT 0;
ALTER TABLE profiles ADD COLUMN version INTEGER DEFAULT 0;
ALTER TABLE question_templates ADD COLUMN version INTEGER DEFAULT 0;

-- One-shot actions (log, schedule, add): the token of the rendered form that asked, unique, written in the
-- same transaction as the row it made; a repeat of the same token gets the first result back (lib/actions.py).
CREATE TABLE action_tokens (
    token       VARCHAR PRIMARY KEY,
    workbook_id BIGINT,
    action      VARCHAR NOT NULL,
    result_id   BIGINT,
    created_at  TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);
