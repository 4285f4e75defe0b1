-- 006: the review step (issue 7): review fields and their history, referral permission,
-- keep-in-touch cadence per contact, and a log of interactions ("we talked").

ALTER TABLE reviews ADD COLUMN resources VARCHAR;
ALTER TABLE reviews ADD COLUMN thank_you_note VARCHAR;
ALTER TABLE reviews ADD COLUMN updated_at TIMESTAMP;

-- Every earlier version of a review, kept when it is edited.
CREATE SEQUENCE review_history_id_seq;
CREATE TABLE review_history (
    id                 BIGINT PRIMARY KEY DEFAULT nextval('review_history_id_seq'),
    meeting_id         BIGINT NOT NULL,
    workbook_id        BIGINT NOT NULL,
    insights           VARCHAR,
    not_online         VARCHAR,
    advice             VARCHAR,
    resources          VARCHAR,
    next_steps         VARCHAR,
    usefulness         INTEGER,
    keep_in_touch_days INTEGER,
    saved_at           TIMESTAMP,
    replaced_at        TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);

ALTER TABLE contacts ADD COLUMN keep_in_touch_days INTEGER;
ALTER TABLE contacts ADD COLUMN may_use_referrer_name BOOLEAN;

-- Contact with a person outside outreach attempts and meetings: a call, a message, a coffee.
CREATE SEQUENCE interactions_id_seq;
CREATE TABLE interactions (
    id          BIGINT PRIMARY KEY DEFAULT nextval('interactions_id_seq'),
    workbook_id BIGINT NOT NULL,
    contact_id  BIGINT NOT NULL,
    happened_on DATE NOT NULL,
    kind        VARCHAR NOT NULL DEFAULT 'talked',
    note        VARCHAR,
    created_at  TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);
