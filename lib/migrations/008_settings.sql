-- 008: settings of the app itself, not of a workbook (issue 14): screen-share mode lives here, on the server,
-- so it holds across reloads, links, new tabs and new sessions. `person` is '' for the local single-person app;
-- a hosted mode keys the same settings by the signed-in person.

CREATE TABLE app_settings (
    person     VARCHAR   NOT NULL DEFAULT '',
    name       VARCHAR   NOT NULL,
    value      VARCHAR   NOT NULL,
    updated_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    PRIMARY KEY (person, name)
);
