"""Step 1 · Goals' views: the goal form with its worked examples, and where the goal stands and how it moved."""
