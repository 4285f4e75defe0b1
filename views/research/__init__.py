"""Step 2 · Research, by job: people (list, add), a person, organizations (list, add), an organization, LinkedIn import."""
