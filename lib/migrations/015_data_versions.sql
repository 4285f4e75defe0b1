-- 015: data versions shared by several app processes of one database server (issue 20; lib/data_versions.py).
-- scope: a workbook's id, or 0 for "every workbook". An embedded DuckDB file keeps its versions in its one
-- process and leaves this table empty. Not a workbook's content (no workbook_id): exports never carry it.
CREATE SEQUENCE data_version_counter START 1;
CREATE TABLE data_versions (
    scope   BIGINT NOT NULL PRIMARY KEY,
    version BIGINT NOT NULL
);
