-- 004: outreach scripts, the 3B7 follow-up routine, meeting history.

-- When the contact answered (replied_yes / replied_no); a reply cancels the follow-up reminders.
ALTER TABLE outreach ADD COLUMN replied_at TIMESTAMP;
-- What the reminder due on follow_up_on asks for: second_contact (3 business days), follow_up
-- (7 business days), move_on (after the one follow-up), call_again (a call nobody answered).
ALTER TABLE outreach ADD COLUMN follow_up_kind VARCHAR;

-- A person's own versions of the outreach scripts, kept as templates (placeholders for names)
-- so one version serves every contact.
CREATE SEQUENCE script_versions_id_seq;
CREATE TABLE script_versions (
    id          BIGINT PRIMARY KEY DEFAULT nextval('script_versions_id_seq'),
    workbook_id BIGINT NOT NULL,
    kind        VARCHAR NOT NULL,
    title       VARCHAR NOT NULL,
    subject     VARCHAR,
    body        VARCHAR NOT NULL,
    contact_id  BIGINT,            -- the person it was first written for, if any
    created_at  TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);

-- Every change to a meeting: scheduled, rescheduled (old and new time), cancelled, done, no-show.
CREATE SEQUENCE meeting_history_id_seq;
CREATE TABLE meeting_history (
    id               BIGINT PRIMARY KEY DEFAULT nextval('meeting_history_id_seq'),
    workbook_id      BIGINT NOT NULL,
    meeting_id       BIGINT NOT NULL,
    action           VARCHAR NOT NULL,
    old_scheduled_at TIMESTAMP,
    new_scheduled_at TIMESTAMP,
    reason           VARCHAR,
    changed_at       TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);
