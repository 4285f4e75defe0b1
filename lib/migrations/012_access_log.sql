-- 012: the coach access log (issue 19): the owner sees who opened their workbook and when.
-- A row is written when a person who is not the owner (a coach the workbook is shared with) opens it: at most
-- one row per person and workbook an hour (lib/access.py record_open), so reruns and reloads write nothing.
-- Like coach_access, the column is `shared_workbook`, not `workbook_id`: the log is an account of who looked,
-- not the workbook's content, so exports, backup imports and demo reloads never carry or delete it.
-- Plain SQL types only (portable to a shared database server later).
CREATE TABLE access_log (
    shared_workbook BIGINT    NOT NULL,
    person          VARCHAR   NOT NULL,
    opened_at       TIMESTAMP NOT NULL
);
