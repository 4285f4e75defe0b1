"""Step 5 · Review's views: the meeting picker, the review form, referrals, thanks, keeping in touch, knowledge, summary."""
