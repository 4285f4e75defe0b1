-- 001: the whole storage contract of DESIGN.md. Later migrations only add.
-- No FOREIGN KEY constraints: DuckDB has no cascade, and lib/ deletes children explicitly in one transaction.

CREATE SEQUENCE workbooks_id_seq;
CREATE TABLE workbooks (
    id          BIGINT PRIMARY KEY DEFAULT nextval('workbooks_id_seq'),
    name        VARCHAR NOT NULL,
    created_at  TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    archived    BOOLEAN NOT NULL DEFAULT false,
    is_demo     BOOLEAN NOT NULL DEFAULT false
);

-- Who the workbook belongs to: fills outreach scripts and printed sheets.
CREATE TABLE profiles (
    workbook_id    BIGINT PRIMARY KEY,
    full_name      VARCHAR,
    headline       VARCHAR,
    background     VARCHAR,
    elevator_pitch VARCHAR,
    email          VARCHAR,
    phone          VARCHAR,
    updated_at     TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);

CREATE TABLE goals (
    workbook_id        BIGINT PRIMARY KEY,
    purpose            VARCHAR,
    intentions         VARCHAR,
    target_roles       VARCHAR,
    target_industries  VARCHAR,
    location           VARCHAR,
    career_direction   VARCHAR,
    target_interviews  INTEGER NOT NULL DEFAULT 10,
    start_date         DATE,
    target_date        DATE,
    weekly_pace        DOUBLE,
    updated_at         TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);

CREATE SEQUENCE organizations_id_seq;
CREATE TABLE organizations (
    id             BIGINT PRIMARY KEY DEFAULT nextval('organizations_id_seq'),
    workbook_id    BIGINT NOT NULL,
    name           VARCHAR NOT NULL,
    industry       VARCHAR,
    location       VARCHAR,
    website        VARCHAR,
    size           VARCHAR,
    why_interested VARCHAR,
    notes          VARCHAR,
    created_at     TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);

CREATE SEQUENCE contacts_id_seq;
CREATE TABLE contacts (
    id                     BIGINT PRIMARY KEY DEFAULT nextval('contacts_id_seq'),
    workbook_id            BIGINT NOT NULL,
    full_name              VARCHAR NOT NULL,
    organization_id        BIGINT,
    title                  VARCHAR,
    email                  VARCHAR,
    phone                  VARCHAR,
    linkedin_url           VARCHAR,
    source                 VARCHAR NOT NULL DEFAULT 'manual',
    referred_by_contact_id BIGINT,
    stage                  VARCHAR NOT NULL DEFAULT 'identified',
    notes                  VARCHAR,
    private_notes          VARCHAR,
    connected_on           DATE,
    created_at             TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);

CREATE SEQUENCE outreach_id_seq;
CREATE TABLE outreach (
    id           BIGINT PRIMARY KEY DEFAULT nextval('outreach_id_seq'),
    workbook_id  BIGINT NOT NULL,
    contact_id   BIGINT NOT NULL,
    channel      VARCHAR NOT NULL,
    message      VARCHAR,
    attempted_at TIMESTAMP NOT NULL,
    outcome      VARCHAR NOT NULL DEFAULT 'no_reply',
    follow_up_on DATE
);

CREATE SEQUENCE meetings_id_seq;
CREATE TABLE meetings (
    id               BIGINT PRIMARY KEY DEFAULT nextval('meetings_id_seq'),
    workbook_id      BIGINT NOT NULL,
    contact_id       BIGINT NOT NULL,
    scheduled_at     TIMESTAMP NOT NULL,
    duration_minutes INTEGER NOT NULL DEFAULT 15,
    format           VARCHAR NOT NULL DEFAULT 'workplace',
    location         VARCHAR,
    status           VARCHAR NOT NULL DEFAULT 'planned',
    notes            VARCHAR,
    created_at       TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);

CREATE SEQUENCE questions_id_seq;
CREATE TABLE questions (
    id          BIGINT PRIMARY KEY DEFAULT nextval('questions_id_seq'),
    workbook_id BIGINT,            -- NULL for the shipped bank
    bank_key    VARCHAR,           -- stable key of a shipped question, so the bank can be re-synced
    category    VARCHAR NOT NULL,
    tiara       VARCHAR,
    text        VARCHAR NOT NULL,
    minutes     DOUBLE NOT NULL DEFAULT 1.5
);

CREATE TABLE meeting_questions (
    meeting_id  BIGINT NOT NULL,
    question_id BIGINT NOT NULL,
    position    INTEGER NOT NULL,
    notes       VARCHAR,
    must_ask    BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE reviews (
    meeting_id         BIGINT PRIMARY KEY,
    workbook_id        BIGINT NOT NULL,
    insights           VARCHAR,
    not_online         VARCHAR,
    advice             VARCHAR,
    next_steps         VARCHAR,
    usefulness         INTEGER,
    thank_you_sent_on  DATE,
    keep_in_touch_days INTEGER,
    created_at         TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);
