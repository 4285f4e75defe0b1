"""Contacts: add with checks, inline edits, search at 30,000 people, delete with everything hanging off them."""
from datetime import date, datetime

import pytest

from lib import contacts, organizations, workbooks
from lib.errors import Invalid, NotFound


def test_a_person_is_added_with_a_new_organization_by_name(con, wb):
    person = contacts.add(con, wb, full_name=" Ada   Lovelace ", organization_name="Analytical Engines",
                          title="Mathematician", email="ada@example.com", phone="+44 20 7946 0018",
                          linkedin_url="linkedin.com/in/ada", connected_on=date(2025, 12, 7))
    stored = contacts.get(con, wb, person)
    assert stored["full_name"] == "Ada Lovelace"
    assert stored["organization"] == "Analytical Engines"
    assert (stored["source"], stored["stage"]) == ("manual", "identified")
    assert stored["connected_on"] == date(2025, 12, 7)


def test_picking_an_existing_organization_by_name_does_not_create_a_second(con, wb):
    org = organizations.add(con, wb, name="Analytical Engines")
    person = contacts.add(con, wb, full_name="Ada", organization_name="analytical  engines")
    assert contacts.get(con, wb, person)["organization_id"] == org
    assert organizations.count(con, wb) == 1


@pytest.mark.parametrize("field, value, message", [
    ("email", "ada@", "does not look like an email"),
    ("email", "ada at example dot com", "does not look like an email"),
    ("phone", "call me", "does not look like a phone"),
    ("phone", "12", "does not look like a phone"),
    ("linkedin_url", "https://example.com/ada", "not a LinkedIn address"),
    ("stage", "best friend", "not a stage"),
    ("source", "magic", "not a way of knowing"),
    ("full_name", "   ", "Name is needed"),
    ("notes", "x" * 20_001, "limit is 20,000"),
    ("title", "bad\x00title", "NUL"),
])
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_saved(con, wb, field, value, message):
    fields = {"full_name": "Ada Lovelace", field: value}
    with pytest.raises(Invalid, match=message):
        contacts.add(con, wb, **fields)
    assert contacts.count(con, wb) == 0


def test_a_referral_records_who_introduced_the_person(con, wb):
    helen = contacts.add(con, wb, full_name="Helen")
    jorge = contacts.add(con, wb, full_name="Jorge", source="referral", referred_by_contact_id=helen)
    assert contacts.get(con, wb, jorge)["referred_by"] == "Helen"


def test_a_referral_loop_is_refused(con, wb):
    helen = contacts.add(con, wb, full_name="Helen")
    jorge = contacts.add(con, wb, full_name="Jorge", referred_by_contact_id=helen)
    with pytest.raises(Invalid, match="loop"):
        contacts.update(con, wb, helen, referred_by_contact_id=jorge)


def test_inline_edits_are_saved_together(con, wb):
    a = contacts.add(con, wb, full_name="Ada")
    b = contacts.add(con, wb, full_name="Grace")
    contacts.apply_edits(con, wb, {a: {"title": "Analyst", "stage": "researched"}, b: {"notes": "Navy"}})
    assert contacts.get(con, wb, a)["stage"] == "researched"
    assert contacts.get(con, wb, b)["notes"] == "Navy"


def test_one_bad_inline_edit_saves_none_of_them_and_names_the_person(con, wb):
    a = contacts.add(con, wb, full_name="Ada")
    b = contacts.add(con, wb, full_name="Grace")
    with pytest.raises(Invalid, match="Grace:.*not a stage.*Nothing was saved"):
        contacts.apply_edits(con, wb, {a: {"title": "Analyst"}, b: {"stage": "friends"}})
    assert contacts.get(con, wb, a)["title"] is None


def test_inline_edits_cannot_change_other_fields(con, wb):
    a = contacts.add(con, wb, full_name="Ada")
    with pytest.raises(Invalid, match="open the person"):
        contacts.apply_edits(con, wb, {a: {"email": "x@example.com"}})


def test_deleting_a_person_removes_their_outreach_meetings_plans_and_reviews(con, wb):
    ada = contacts.add(con, wb, full_name="Ada")
    other = contacts.add(con, wb, full_name="Grace")
    referred = contacts.add(con, wb, full_name="Katherine", referred_by_contact_id=ada)
    for person in (ada, other):
        con.execute("INSERT INTO outreach (workbook_id, contact_id, channel, attempted_at) VALUES (?, ?, 'email', ?)",
                    [wb, person, datetime(2026, 1, 5, 9)])
        meeting = con.execute("INSERT INTO meetings (workbook_id, contact_id, scheduled_at) VALUES (?, ?, ?) RETURNING id",
                              [wb, person, datetime(2026, 1, 9, 9)]).fetchone()[0]
        con.execute("INSERT INTO meeting_questions (meeting_id, question_id, position) VALUES (?, 1, 1)", [meeting])
        con.execute("INSERT INTO reviews (meeting_id, workbook_id, insights) VALUES (?, ?, 'x')", [meeting, wb])
    assert contacts.dependents(con, wb, ada) == {"outreach": 1, "meetings": 1, "reviews": 1, "referred": 1,
                                                 "interactions": 0}
    contacts.delete(con, wb, ada)
    with pytest.raises(NotFound):
        contacts.get(con, wb, ada)
    count = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    assert count("SELECT count(*) FROM outreach") == 1
    assert count("SELECT count(*) FROM meetings") == 1
    assert count("SELECT count(*) FROM meeting_questions") == 1
    assert count("SELECT count(*) FROM reviews") == 1
    assert contacts.get(con, wb, referred)["referred_by_contact_id"] is None


def test_deleting_a_person_also_removes_the_later_steps_rows_about_them(con, wb):
    ada = contacts.add(con, wb, full_name="Ada")
    meeting = con.execute("INSERT INTO meetings (workbook_id, contact_id, scheduled_at) VALUES (?, ?, ?) RETURNING id",
                          [wb, ada, datetime(2026, 1, 9, 9)]).fetchone()[0]
    con.execute("INSERT INTO meeting_plans (meeting_id, workbook_id) VALUES (?, ?)", [meeting, wb])
    con.execute("INSERT INTO meeting_history (workbook_id, meeting_id, action) VALUES (?, ?, 'scheduled')", [wb, meeting])
    con.execute("INSERT INTO review_history (meeting_id, workbook_id) VALUES (?, ?)", [meeting, wb])
    con.execute("INSERT INTO interactions (workbook_id, contact_id, happened_on) VALUES (?, ?, ?)", [wb, ada, date(2026, 1, 2)])
    script = con.execute("INSERT INTO script_versions (workbook_id, kind, title, body, contact_id)"
                         " VALUES (?, 'email', 't', 'b', ?) RETURNING id", [wb, ada]).fetchone()[0]
    contacts.delete(con, wb, ada)
    for table in ("meeting_plans", "meeting_history", "review_history", "interactions"):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    assert con.execute("SELECT contact_id FROM script_versions WHERE id = ?", [script]).fetchone() == (None,)


def test_a_person_of_another_workbook_cannot_be_deleted(con, wb):
    other = workbooks.create(con, "Other client")
    person = contacts.add(con, other, full_name="Ada")
    with pytest.raises(NotFound):
        contacts.delete(con, wb, person)
    assert contacts.count(con, other) == 1


def test_search_filters_by_stage_source_organization_and_text(con, wb):
    org = organizations.add(con, wb, name="Acme")
    contacts.add(con, wb, full_name="Ada", organization_id=org, stage="met", source="alumni")
    contacts.add(con, wb, full_name="Grace", organization_id=org, stage="met", source="event")
    contacts.add(con, wb, full_name="Katherine", stage="met", source="alumni", notes="works at acme labs")
    page, total = contacts.search(con, wb, stage="met", source="alumni", organization_id=org)
    assert page["full_name"].tolist() == ["Ada"] and total == 1
    page, total = contacts.search(con, wb, text_filter="ACME")
    assert total == 3


def test_the_history_of_a_demo_person_shows_meetings_and_reviews(con, demo_id):
    page, _ = contacts.search(con, demo_id, text_filter="Helen Nguyen")
    found = contacts.history(con, demo_id, int(page["id"].iloc[0]))
    assert not found["meetings"].empty
    assert found["meetings"]["insights"].notna().any()
    assert not found["outreach"].empty


def _bulk_people(con, workbook_id: int, n: int) -> None:
    """n people in one statement: the size of LinkedIn's connection limit, built in well under a second."""
    con.execute(
        """
        INSERT INTO organizations (workbook_id, name)
        SELECT ?, 'Company ' || i FROM generate_series(0, 299) t(i)
        """,
        [workbook_id],
    )
    con.execute(
        """
        INSERT INTO contacts (workbook_id, full_name, organization_id, title, source, stage, linkedin_url)
        SELECT ?, 'Person ' || lpad(CAST(i AS VARCHAR), 5, '0'),
               (SELECT min(id) FROM organizations WHERE workbook_id = ?) + i % 300,
               CASE WHEN i % 7 = 0 THEN 'Water engineer' ELSE 'Analyst' END,
               'linkedin', CASE WHEN i % 10 = 0 THEN 'met' ELSE 'identified' END,
               'https://www.linkedin.com/in/person-' || i
        FROM generate_series(0, CAST(? AS INTEGER) - 1) t(i)
        """,
        [workbook_id, workbook_id, n],
    )


def test_search_at_thirty_thousand_people_returns_the_right_page_and_total(con, wb):
    _bulk_people(con, wb, 30_000)
    assert contacts.count(con, wb) == 30_000
    page, total = contacts.search(con, wb, limit=50, offset=29_950)
    assert total == 30_000
    assert page["full_name"].tolist() == [f"Person {i:05d}" for i in range(29_950, 30_000)]


def test_filtered_search_at_thirty_thousand_people_counts_only_the_matches(con, wb):
    _bulk_people(con, wb, 30_000)
    page, total = contacts.search(con, wb, text_filter="water", stage="met", limit=50, offset=50)
    # i % 7 == 0 and i % 10 == 0: every multiple of 70 below 30,000
    assert total == len(range(0, 30_000, 70))
    assert page["full_name"].iloc[0] == f"Person {70 * 50:05d}"


def test_linkedin_keys_ignore_scheme_www_case_query_and_trailing_slash():
    key = contacts.linkedin_key
    assert key("HTTPS://www.LinkedIn.com/in/Ada-L/?trk=x") == key("linkedin.com/in/ada-l") == "linkedin.com/in/ada-l"
    assert key("https://example.com/in/ada") is None
    assert key("") is None


def test_search_sorts_by_stage_newest_or_connection_date(con, wb):
    contacts.add(con, wb, full_name="Ada", stage="met", connected_on=date(2024, 1, 1))
    contacts.add(con, wb, full_name="Grace", stage="identified", connected_on=date(2025, 1, 1))
    contacts.add(con, wb, full_name="Katherine", stage="contacted")
    order = lambda how: contacts.search(con, wb, order=how)[0]["full_name"].tolist()  # noqa: E731
    assert order("stage") == ["Grace", "Katherine", "Ada"]
    assert order("newest") == ["Katherine", "Grace", "Ada"]
    assert order("connected") == ["Grace", "Ada", "Katherine"]


def test_a_referrer_typed_by_name_links_that_person(con, wb):
    dana = contacts.add(con, wb, full_name="Dana Whitfield", organization_name="City Water")
    by_name = contacts.add(con, wb, full_name="Sofia Marquez", referred_by_contact_id="  dana   WHITFIELD ")
    as_listed = contacts.add(con, wb, full_name="Helen Nguyen", referred_by_contact_id="Dana Whitfield (City Water)")
    assert contacts.get(con, wb, by_name)["referred_by_contact_id"] == dana
    assert contacts.get(con, wb, as_listed)["referred_by_contact_id"] == dana


@pytest.mark.parametrize("typed, message", [("Nobody Known", "No one on your list is called “Nobody Known”"),
                                            ("Sam Lee", "More than one person on your list is called “Sam Lee”")])
def test_a_referrer_name_that_finds_no_one_or_several_is_refused_and_nothing_is_saved(con, wb, typed, message):
    contacts.add(con, wb, full_name="Sam Lee", organization_name="North")
    contacts.add(con, wb, full_name="Sam Lee", organization_name="South")
    with pytest.raises(Invalid, match=message):
        contacts.add(con, wb, full_name="Ada Lovelace", referred_by_contact_id=typed)
    assert contacts.count(con, wb) == 2
    person = contacts.search(con, wb, text_filter="Sam Lee")[0]["id"].iloc[0]
    with pytest.raises(Invalid, match=message):
        contacts.update(con, wb, int(person), referred_by_contact_id=typed)
