-- 016: a deleted account (issue 19). Deleting an account signs its person out of every tab (as a sign-out does,
-- migration 014), and those tabs say why. deleted_at_times: the person's count of sign-outs that the deletion made
-- (a tab whose session saw a smaller count was open before it); NULL: never deleted.
ALTER TABLE sign_outs ADD COLUMN deleted_at_times INTEGER;
