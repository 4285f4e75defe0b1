-- 014: sign-outs (issue 19). When a person signs out in one tab, their other open tabs (and other browsers) must
-- end too, but Streamlit reads the sign-in cookie only when a tab's session starts. So every sign-out is recorded
-- here, and every script run compares the person's count of sign-outs with the count its session saw when it first
-- saw them: a different count means they signed out since, and the tab shows the sign-in page.
-- person: the signed-in person's email (lower case). times: how many sign-outs so far (what runs compare; no clock).
CREATE TABLE sign_outs (
    person         VARCHAR   NOT NULL PRIMARY KEY,
    times          INTEGER   NOT NULL,
    signed_out_at  TIMESTAMP NOT NULL
);
