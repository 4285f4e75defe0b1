-- 003: research step (issue 4). Organization research checklist and edit times.
-- Only ADDs, as every later migration must. No UNIQUE constraints: duplicate organization names
-- are refused in lib/organizations.py (case and spacing insensitive).

ALTER TABLE organizations ADD COLUMN chk_what_they_do BOOLEAN DEFAULT false;
ALTER TABLE organizations ADD COLUMN chk_news BOOLEAN DEFAULT false;
ALTER TABLE organizations ADD COLUMN chk_culture BOOLEAN DEFAULT false;
ALTER TABLE organizations ADD COLUMN chk_roles BOOLEAN DEFAULT false;
ALTER TABLE organizations ADD COLUMN updated_at TIMESTAMP;
ALTER TABLE contacts ADD COLUMN updated_at TIMESTAMP;
