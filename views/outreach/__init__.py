"""The Outreach page (step 3), one module per job: picker, write, profile, attempts, follow-ups, meetings."""
