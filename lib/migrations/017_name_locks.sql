-- 017: one row per name a person has created or renamed to: a workbook's name (unique per owner) or an open
-- workshop's (unique per facilitator), ignoring case and spacing, which no unique index expresses. A transaction
-- that creates or renames one first writes that name's row (lib/db.py lock_names), so two at the same instant
-- with the same name conflict and the later one, retried, finds the name taken; different names never wait on
-- each other. On PostgreSQL, SERIALIZABLE alone would catch it; DuckDB's snapshot isolation does not (each
-- transaction reads "free" and inserts). owner: an email, lower case, or '' for the local app's single person;
-- name: lower(trim(name)), as the checks compare.
CREATE TABLE name_locks (
    owner VARCHAR NOT NULL,
    name  VARCHAR NOT NULL,
    uses  BIGINT  NOT NULL,
    PRIMARY KEY (owner, name)
);
