-- 002: goals (issue 3). Every earlier version of a workbook's goal is kept when it is edited (M28),
-- and each version carries a version number and an optional note on what changed and why.
-- Only ADDs, as every later migration must.

ALTER TABLE goals ADD COLUMN version INTEGER DEFAULT 1;
ALTER TABLE goals ADD COLUMN change_note VARCHAR;

CREATE SEQUENCE goal_history_id_seq;
CREATE TABLE goal_history (
    id                 BIGINT PRIMARY KEY DEFAULT nextval('goal_history_id_seq'),
    workbook_id        BIGINT NOT NULL,
    version            INTEGER NOT NULL,
    purpose            VARCHAR,
    intentions         VARCHAR,
    target_roles       VARCHAR,
    target_industries  VARCHAR,
    location           VARCHAR,
    career_direction   VARCHAR,
    target_interviews  INTEGER,
    start_date         DATE,
    target_date        DATE,
    weekly_pace        DOUBLE,
    change_note        VARCHAR,
    saved_at           TIMESTAMP,      -- when this version was saved (the goal's updated_at then)
    replaced_at        TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);
