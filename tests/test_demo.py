"""lib/demo.py: the demo workbook feeds every page and is safe to load again."""
from datetime import timedelta

from lib import db, demo, vocab
from tests.conftest import DEMO_TODAY

TABLES = ("organizations", "contacts", "outreach", "meetings", "reviews")


def content(con, workbook_id):
    """Every demo row, ids left out, so two loads can be compared."""
    out = {}
    for table in TABLES:
        cols = [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND column_name NOT IN"
            " ('id', 'contact_id', 'organization_id', 'referred_by_contact_id', 'meeting_id', 'created_at')",
            [table]).fetchall()]
        out[table] = sorted(map(repr, con.execute(
            f"SELECT {', '.join(cols)} FROM {table} WHERE workbook_id = ?", [workbook_id]).fetchall()))
    return out


def test_the_demo_has_the_size_the_workshops_need(con, demo_id):
    count = lambda t: db.scalar(con, f"SELECT count(*) FROM {t} WHERE workbook_id = ?", [demo_id])  # noqa: E731
    assert count("organizations") == 15
    assert 38 <= count("contacts") <= 45
    assert count("outreach") >= 25
    assert count("meetings") == 12
    assert count("reviews") >= 8
    sources = {r[0] for r in con.execute("SELECT DISTINCT source FROM contacts WHERE workbook_id = ?", [demo_id]).fetchall()}
    assert sources == set(vocab.SOURCES)


def test_referrals_reach_three_generations(con, demo_id):
    depth = db.scalar(con, """
        WITH RECURSIVE tree(id, generation) AS (
            SELECT id, 0 FROM contacts WHERE workbook_id = ? AND referred_by_contact_id IS NULL
            UNION ALL
            SELECT c.id, t.generation + 1 FROM contacts c JOIN tree t ON c.referred_by_contact_id = t.id
        ) SELECT max(generation) FROM tree""", [demo_id])
    assert depth == 3


def test_every_stored_value_is_in_its_vocabulary(con, demo_id):
    checks = [("contacts", "source", vocab.SOURCES), ("contacts", "stage", vocab.STAGES),
              ("outreach", "channel", vocab.CHANNELS), ("outreach", "outcome", vocab.OUTCOMES),
              ("meetings", "format", vocab.FORMATS), ("meetings", "status", vocab.MEETING_STATUSES)]
    for table, column, words in checks:
        found = {r[0] for r in con.execute(f"SELECT DISTINCT {column} FROM {table} WHERE workbook_id = ?", [demo_id]).fetchall()}
        assert found <= set(words), (table, column, found - set(words))


def test_dates_follow_the_day_it_is_loaded(con, demo_id):
    upcoming = db.rows(con, "SELECT scheduled_at FROM meetings WHERE workbook_id = ? AND status = 'planned'", [demo_id])
    assert upcoming and all(DEMO_TODAY < r["scheduled_at"].date() <= DEMO_TODAY + timedelta(days=7) for r in upcoming)


def test_loading_again_resets_the_same_workbook_without_duplicates(con, demo_id):
    before = content(con, demo_id)
    con.execute("DELETE FROM reviews WHERE workbook_id = ?", [demo_id])  # a workshop participant changed things
    again = demo.load(con, today=DEMO_TODAY)
    assert again == demo_id
    assert db.scalar(con, "SELECT count(*) FROM workbooks WHERE is_demo") == 1
    assert content(con, again) == before


def test_plans_hold_twelve_questions_ending_with_a_referral_request(con, demo_id):
    plans = db.rows(con, """
        SELECT mq.meeting_id, count(*) AS n, (SELECT q2.bank_key FROM meeting_questions mq2 JOIN questions q2 ON q2.id = mq2.question_id
                WHERE mq2.meeting_id = mq.meeting_id ORDER BY mq2.position DESC LIMIT 1) AS last_key
        FROM meeting_questions mq JOIN questions q ON q.id = mq.question_id
        JOIN meetings m ON m.id = mq.meeting_id WHERE m.workbook_id = ? GROUP BY mq.meeting_id""", [demo_id])
    assert len(plans) == 11
    assert all(p["n"] == 12 for p in plans)
    assert {p["last_key"] for p in plans} == {"close-name"}


def test_the_demo_messages_to_people_pass_the_app_s_own_checks(con, demo_id):
    """Emails and LinkedIn notes in the demo's attempt log pass every check of their channel (issue 18)."""
    from lib import db as database, scripts
    sent = database.rows(con, "SELECT channel, message FROM outreach WHERE workbook_id = ?"
                              " AND channel IN ('email', 'linkedin')", [demo_id])
    assert sent
    failed = {m["message"]: [f.rule for f in scripts.check(m["message"], m["channel"]) if not f.ok] for m in sent}
    assert {k: v for k, v in failed.items() if v} == {}
