-- 010: who may open a workbook (issue 19, hosted mode).
-- owner: the signed-in person's email address (lower case) who created it; NULL for the local app's single
-- person (`make run`, no sign-in), so every workbook made before this migration stays the local person's.
ALTER TABLE workbooks ADD COLUMN owner VARCHAR;

-- A client's consent: a coach (by email, lower case) may open one workbook from granted_at until revoked_at.
-- A grant is the person's decision, not the workbook's content: the column is called `shared_workbook`, not
-- `workbook_id`, so an export, a backup import or a demo reload (which find a workbook's tables by that column)
-- never copy or delete grants. Plain SQL types only (portable to a shared database server later).
CREATE TABLE coach_access (
    shared_workbook BIGINT    NOT NULL,
    coach           VARCHAR   NOT NULL,
    granted_by      VARCHAR   NOT NULL,
    granted_at      TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    revoked_at      TIMESTAMP,
    PRIMARY KEY (shared_workbook, coach)
);
