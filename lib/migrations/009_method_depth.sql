-- 009: method depth (issue 18): fit and next steps (M30), the public holidays that business days skip,
-- the 3B7 follow-up kept on its own date, and shipped bank keys renamed to match their reworded text.

-- Goals: what the person brings and what they want to test about fit (M30); the holiday calendar
-- (a country code such as CA and an optional subdivision such as AB) that reminders skip.
ALTER TABLE goals ADD COLUMN what_you_bring VARCHAR;
ALTER TABLE goals ADD COLUMN fit_to_test VARCHAR;
ALTER TABLE goals ADD COLUMN holiday_country VARCHAR;
ALTER TABLE goals ADD COLUMN holiday_subdivision VARCHAR;
ALTER TABLE goal_history ADD COLUMN what_you_bring VARCHAR;
ALTER TABLE goal_history ADD COLUMN fit_to_test VARCHAR;
ALTER TABLE goal_history ADD COLUMN holiday_country VARCHAR;
ALTER TABLE goal_history ADD COLUMN holiday_subdivision VARCHAR;

-- Reviews: what the conversation changes in the plan (M30/M28), and what was seen at their workplace (M17/M30).
ALTER TABLE reviews ADD COLUMN plan_changes VARCHAR;
ALTER TABLE reviews ADD COLUMN workplace_seen VARCHAR;
ALTER TABLE review_history ADD COLUMN plan_changes VARCHAR;
ALTER TABLE review_history ADD COLUMN workplace_seen VARCHAR;

-- The one follow-up (7 business days after the attempt), stored from the start so it comes due on its own
-- date whether or not the 3-day step was marked done.
ALTER TABLE outreach ADD COLUMN follow_up_7_on DATE;

-- Shipped questions reworded (job-leaning ones dropped from the bank's wording): their keys follow the text.
UPDATE questions SET bank_key = 'role-proud-work' WHERE workbook_id IS NULL AND bank_key = 'role-portfolio';
UPDATE questions SET bank_key = 'org-backgrounds' WHERE workbook_id IS NULL AND bank_key = 'org-hiring-path';
UPDATE questions SET bank_key = 'path-start-over' WHERE workbook_id IS NULL AND bank_key = 'path-transition';
UPDATE questions SET bank_key = 'path-wish-known' WHERE workbook_id IS NULL AND bank_key = 'path-balance';
UPDATE questions SET bank_key = 'path-neighbours' WHERE workbook_id IS NULL AND bank_key = 'path-side-door';
UPDATE questions SET bank_key = 'org-team-learning' WHERE workbook_id IS NULL AND bank_key = 'org-trial-project';

-- A person's own question written from research on one person or organization (M29): the plan builder
-- counts these as specific to that meeting and the balanced proposal puts them first.
ALTER TABLE questions ADD COLUMN about_contact_id BIGINT;
ALTER TABLE questions ADD COLUMN about_organization_id BIGINT;
