"""The question bank: the shipped file, and a person's own questions (add, edit, delete, search)."""
import re
from pathlib import Path

import pytest

from lib import db, question_plans as plans, questions, vocab, workbooks
from lib.errors import Invalid

SEED = Path("/work/shared/method/seed-article.txt")


def _bank():
    return questions.read_bank_file()


def test_the_shipped_bank_holds_at_least_80_questions_with_unique_keys():
    rows = _bank()
    assert len(rows) >= 80
    assert len({r["key"] for r in rows}) == len(rows)
    assert len({r["text"].lower() for r in rows}) == len(rows)


def test_every_shipped_question_is_tagged_by_category_tiara_and_minutes():
    for row in _bank():
        assert row["category"] in vocab.QUESTION_CATEGORIES, row
        if row["category"] == "closing":
            assert row["tiara"] is None, row   # closing questions would inflate the TIARA coverage
        else:
            assert row["tiara"] in vocab.TIARA, row
        assert 0 < row["minutes"] <= 3, row
        assert row["text"].endswith("?"), row


def test_every_shipped_question_is_one_question_with_its_commas():
    for row in _bank():
        assert row["text"].count("?") == 1, row
        assert not re.search(r"\b(?:and|but) (?:how|what|where|when|why) (?:could|can|should|do|would) I\b", row["text"]), row
        assert not re.match(r"^(?:If|Looking at|When|Before|After) [^,]+ (?:what|how|which|who)\b", row["text"]), row


def test_reworded_questions_carry_keys_that_match_their_text():
    """Keys whose text was reworded (issue 18) were renamed with it; the old keys are gone from the bank."""
    by_key = {r["key"]: r["text"].lower() for r in _bank()}
    renamed = {"role-portfolio": ("role-proud-work", "your own work"),
               "org-hiring-path": ("org-backgrounds", "backgrounds"), "path-transition": ("path-start-over", "starting over"),
               "path-balance": ("path-wish-known", "wish you had known"), "path-side-door": ("path-neighbours", "neighbouring"),
               "org-trial-project": ("org-team-learning", "learns")}
    for old, (new, words) in renamed.items():
        assert old not in by_key
        assert words in by_key[new], new
    assert "mentor" in by_key["path-mentor"] and "volunteer" in by_key["path-volunteer"]
    assert "entry-level" in by_key["path-entry-level"] and "shadow" in by_key["role-shadow"]


def test_an_opened_database_holds_the_new_keys_only(con):
    ids = {k: db.scalar(con, "SELECT id FROM questions WHERE workbook_id IS NULL AND bank_key = ?", [k])
           for k in ("org-backgrounds", "path-neighbours")}
    assert all(ids.values())
    assert db.scalar(con, "SELECT count(*) FROM questions WHERE bank_key IN ('org-hiring-path', 'path-side-door')") == 0


def test_every_category_and_tiara_tag_has_several_questions():
    rows = _bank()
    for category in vocab.QUESTION_CATEGORIES:
        assert sum(r["category"] == category for r in rows) >= 8, category
    for tag in vocab.TIARA:
        assert sum(r["tiara"] == tag for r in rows) >= 6, tag


def test_the_bank_asks_for_referrals_and_for_permission_to_use_the_name():
    by_key = {r["key"]: r for r in _bank()}
    referrals = [r for k, r in by_key.items() if k.startswith(questions.REFERRAL_KEY_PREFIX)]
    assert len(referrals) >= 2 and all(r["category"] == "closing" for r in referrals)
    assert "name" in by_key[plans.PERMISSION_KEY]["text"].lower()
    assert "mention you" in by_key["close-name-how"]["text"].lower()


@pytest.mark.skipif(not SEED.exists(), reason="the method's source article is not on this machine")
def test_no_shipped_question_copies_six_words_in_a_row_from_the_source_article():
    article = " ".join(re.findall(r"[a-z']+", SEED.read_text(encoding="utf-8").lower()))
    for row in _bank():
        words = re.findall(r"[a-z']+", row["text"].lower())
        for i in range(len(words) - 5):
            assert " ".join(words[i:i + 6]) not in article, row["key"]


def test_syncing_the_bank_twice_writes_nothing_the_second_time(con):
    assert questions.sync_bank(con) == 0
    assert db.scalar(con, "SELECT count(*) FROM questions WHERE workbook_id IS NULL") == len(_bank())


def test_an_own_question_is_found_in_its_workbook_only(con):
    mine = workbooks.create(con, "Mine")
    other = workbooks.create(con, "Other")
    questions.add(con, mine, text="What does a site visit look like here?", category="role", tiara="insights",
                  minutes=1)
    found, total = questions.search(con, mine, text="site visit")
    assert total == 1 and found[0]["own"]
    assert questions.search(con, other, text="site visit")[1] == 0


@pytest.mark.parametrize(("fields", "match"), [
    pytest.param({"text": "   ", "category": "role"}, "needed", id="empty"),
    pytest.param({"text": "Anything?", "category": "gossip"}, "category", id="unknown category"),
    pytest.param({"text": "Anything?", "category": "role", "minutes": 45}, "between", id="minutes out of range"),
    pytest.param({"text": "how did you get started in this field?", "category": "career_path"}, "already",
                 id="already in the bank"),
])
def test_adding_a_question_that_breaks_a_rule_is_refused(con, fields, match):
    wb = workbooks.create(con, "Mine")
    with pytest.raises(Invalid, match=match):
        questions.add(con, wb, **fields)


def test_editing_an_own_question_changes_its_wording_and_tags(con):
    wb = workbooks.create(con, "Mine")
    qid = questions.add(con, wb, text="Old wording?", category="role", tiara="insights")
    questions.update(con, wb, qid, text="New wording?", category="industry", tiara="trends", minutes=2)
    q = questions.get(con, wb, qid)
    assert (q["text"], q["category"], q["tiara"], q["minutes"]) == ("New wording?", "industry", "trends", 2.0)


def test_a_shipped_question_cannot_be_edited(con):
    wb = workbooks.create(con, "Mine")
    with pytest.raises(Invalid, match="own version"):
        questions.update(con, wb, questions.bank_id(con, "role-day"), text="Changed?", category="role")


def test_deleting_an_own_question_takes_it_out_of_plans_and_closes_the_gap(con, demo_id):
    meeting_id = plans.meetings(con, demo_id)[0]["id"]
    qid = questions.add(con, demo_id, text="Which site would you show a visitor first?", category="organization")
    plans.add(con, demo_id, plans.meeting(meeting_id), qid)
    assert questions.delete(con, demo_id, qid) == 1
    positions = [q["position"] for q in plans.items(con, demo_id, plans.meeting(meeting_id))]
    assert positions == list(range(1, len(positions) + 1))
    assert db.scalar(con, "SELECT count(*) FROM questions WHERE id = ?", [qid]) == 0


def test_deleting_an_own_question_that_holds_meeting_notes_is_refused(con, demo_id):
    meeting_id = plans.meetings(con, demo_id)[0]["id"]
    qid = questions.add(con, demo_id, text="Which site would you show a visitor first?", category="organization")
    plans.add(con, demo_id, plans.meeting(meeting_id), qid)
    plans.save_note(con, demo_id, meeting_id, qid, "The treatment plant on the river.")
    with pytest.raises(Invalid, match="notes"):
        questions.delete(con, demo_id, qid)


def test_searching_filters_by_category_and_tiara(con):
    wb = workbooks.create(con, "Mine")
    found, total = questions.search(con, wb, category="industry", tiara="trends", limit=100)
    assert total == len(found) > 0
    assert all(q["category"] == "industry" and q["tiara"] == "trends" for q in found)


def test_searching_by_source_separates_the_bank_from_own_questions(con):
    wb = workbooks.create(con, "Mine")
    questions.add(con, wb, text="Mine only?", category="role")
    own, total = questions.search(con, wb, source="own")
    assert total == 1 and own[0]["text"] == "Mine only?"
    assert questions.search(con, wb, source="bank")[1] == len(_bank())


def test_search_pages_through_the_bank_without_overlap(con):
    wb = workbooks.create(con, "Mine")
    first, total = questions.search(con, wb, limit=20, offset=0)
    second, _ = questions.search(con, wb, limit=20, offset=20)
    assert total == len(_bank())
    assert len(first) == 20 and not {q["id"] for q in first} & {q["id"] for q in second}


def test_search_text_treats_percent_and_underscore_literally(con):
    wb = workbooks.create(con, "Mine")
    assert questions.search(con, wb, text="%")[1] == 0
    questions.add(con, wb, text="Is 50% of the work in the field?", category="role")
    assert questions.search(con, wb, text="50%")[1] == 1


def test_an_own_question_can_be_marked_as_asking_for_referrals(con):
    wb = workbooks.create(con, "Mine")
    qid = questions.add(con, wb, text="Who in the city team should I meet next?", category="closing",
                        asks_referral=True)
    assert questions.get(con, wb, qid)["is_referral"]
