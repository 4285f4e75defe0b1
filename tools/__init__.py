"""Developer tools run from the Makefile (not part of the app)."""
