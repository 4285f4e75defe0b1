-- 005: question plans (step 4). Reusable templates per target role, plan settings and the live meeting mode.
-- Every new table carries workbook_id so a workbook's rows can be deleted by workbook.

-- An own question may ask for referrals (M22); shipped ones are known by their bank key.
ALTER TABLE questions ADD COLUMN asks_referral BOOLEAN DEFAULT false;
ALTER TABLE questions ADD COLUMN created_at TIMESTAMP DEFAULT current_localtimestamp();

-- Live mode: which questions were asked, and when a note was last saved.
ALTER TABLE meeting_questions ADD COLUMN asked BOOLEAN DEFAULT false;
ALTER TABLE meeting_questions ADD COLUMN notes_saved_at TIMESTAMP;

CREATE SEQUENCE question_templates_id_seq;
CREATE TABLE question_templates (
    id               BIGINT PRIMARY KEY DEFAULT nextval('question_templates_id_seq'),
    workbook_id      BIGINT NOT NULL,
    name             VARCHAR NOT NULL,
    target_role      VARCHAR,
    duration_minutes INTEGER NOT NULL DEFAULT 20,
    skip_referral    BOOLEAN NOT NULL DEFAULT false,   -- the user removed the referral question on purpose
    created_at       TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);

CREATE TABLE template_questions (
    template_id BIGINT NOT NULL,
    workbook_id BIGINT NOT NULL,
    question_id BIGINT NOT NULL,
    position    INTEGER NOT NULL,
    must_ask    BOOLEAN NOT NULL DEFAULT false
);

-- One row per meeting that has plan settings or a live run. Absent row = defaults.
CREATE TABLE meeting_plans (
    meeting_id       BIGINT PRIMARY KEY,
    workbook_id      BIGINT NOT NULL,
    skip_referral    BOOLEAN NOT NULL DEFAULT false,
    live_started_at  TIMESTAMP,          -- the meeting clock: elapsed time is computed from it, never slept on
    live_position    INTEGER NOT NULL DEFAULT 1,
    live_finished_at TIMESTAMP
);
