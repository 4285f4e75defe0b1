-- 017: one row per person whose names are being checked: a workbook's name (unique per owner) or an open
-- workshop's (unique per facilitator), ignoring case and spacing, which no unique index expresses. A transaction
-- that creates or renames one first writes its person's row (lib/db.py lock_names), so two at the same instant
-- conflict and the later one, retried, finds the name taken. On PostgreSQL, SERIALIZABLE alone would catch it;
-- DuckDB's snapshot isolation does not (each transaction reads "free" and inserts). owner: an email, lower case,
-- or '' for the local app's single person.
CREATE TABLE name_locks (
    owner VARCHAR PRIMARY KEY,
    uses  BIGINT  NOT NULL
);
