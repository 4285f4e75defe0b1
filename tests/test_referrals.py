"""lib/referrals.py: each referral becomes a contact linked to the person met, never a duplicate."""
from datetime import datetime

import pytest

from lib import db, referrals, workbooks
from lib.errors import Invalid


@pytest.fixture
def wb(con):
    return workbooks.create(con, "Referral tests")


@pytest.fixture
def met(con, wb):
    """(meeting id, contact id) of a meeting done with Helen at Bow River Water."""
    org = con.execute("INSERT INTO organizations (workbook_id, name) VALUES (?, 'Bow River Water') RETURNING id",
                      [wb]).fetchone()[0]
    helen = con.execute("INSERT INTO contacts (workbook_id, full_name, organization_id, stage) VALUES (?, 'Helen Nguyen', ?, 'met')"
                        " RETURNING id", [wb, org]).fetchone()[0]
    m = con.execute("INSERT INTO meetings (workbook_id, contact_id, scheduled_at, status) VALUES (?, ?, ?, 'done')"
                    " RETURNING id", [wb, helen, datetime(2026, 3, 2, 10)]).fetchone()[0]
    return m, helen


def contact(con, contact_id):
    return db.one(con, "SELECT c.*, o.name AS organization FROM contacts c LEFT JOIN organizations o"
                       " ON o.id = c.organization_id WHERE c.id = ?", [contact_id])


def count(con, table, wb):
    return db.scalar(con, f"SELECT count(*) FROM {table} WHERE workbook_id = ?", [wb])


def test_a_referral_becomes_an_identified_contact_referred_by_the_person_met(con, wb, met):
    meeting_id, helen = met
    new_id, created = referrals.add(con, wb, meeting_id, full_name="Priya Nair", organization="Foothills Water",
                                    title="Operations Manager", email="priya@foothills.example",
                                    may_use_referrer_name=True)
    p = contact(con, new_id)
    assert created
    assert (p["source"], p["stage"], p["referred_by_contact_id"], p["may_use_referrer_name"]) == (
        "referral", "identified", helen, True)
    assert (p["title"], p["email"], p["organization"]) == ("Operations Manager", "priya@foothills.example",
                                                           "Foothills Water")


def test_the_permission_to_use_the_referrers_name_defaults_to_no(con, wb, met):
    new_id, _ = referrals.add(con, wb, met[0], full_name="Ben Carter")
    assert contact(con, new_id)["may_use_referrer_name"] is False


def test_an_organization_is_picked_by_name_ignoring_case_and_spacing(con, wb, met):
    new_id, _ = referrals.add(con, wb, met[0], full_name="Julia Novak", organization="  bow   river WATER ")
    assert contact(con, new_id)["organization"] == "Bow River Water"
    assert count(con, "organizations", wb) == 1


def test_a_new_organization_is_created_once(con, wb, met):
    referrals.add(con, wb, met[0], full_name="A One", organization="Kestrel Lab")
    referrals.add(con, wb, met[0], full_name="B Two", organization="KESTREL LAB")
    assert count(con, "organizations", wb) == 2


def test_an_empty_name_is_refused_and_nothing_is_saved(con, wb, met):
    before = (count(con, "contacts", wb), count(con, "organizations", wb))
    with pytest.raises(Invalid, match="name"):
        referrals.add(con, wb, met[0], full_name="   ", organization="New Org Ltd")
    assert (count(con, "contacts", wb), count(con, "organizations", wb)) == before


def test_a_bad_email_is_refused(con, wb, met):
    with pytest.raises(Invalid, match="email"):
        referrals.add(con, wb, met[0], full_name="Ana Souza", email="ana at example")


def test_referrals_need_a_meeting_that_took_place(con, wb, met):
    con.execute("UPDATE meetings SET status = 'planned' WHERE id = ?", [met[0]])
    with pytest.raises(Invalid, match="not done"):
        referrals.add(con, wb, met[0], full_name="Ana Souza")
    assert count(con, "contacts", wb) == 1


def test_a_person_already_known_by_linkedin_address_is_linked_not_duplicated(con, wb, met):
    known = con.execute("INSERT INTO contacts (workbook_id, full_name, linkedin_url, source, stage) VALUES"
                        " (?, 'Sam Adeyemi', 'linkedin.com/in/sam-adeyemi', 'linkedin', 'researched') RETURNING id",
                        [wb]).fetchone()[0]
    got, created = referrals.add(con, wb, met[0], full_name="Samuel Adeyemi",
                                 linkedin_url="https://www.LinkedIn.com/in/sam-adeyemi/", title="Dam Safety Engineer",
                                 may_use_referrer_name=True)
    p = contact(con, known)
    assert (got, created) == (known, False)
    assert (p["referred_by_contact_id"], p["source"], p["stage"], p["title"], p["may_use_referrer_name"]) == (
        met[1], "linkedin", "researched", "Dam Safety Engineer", True)
    assert count(con, "contacts", wb) == 2


def test_a_person_already_known_by_email_is_linked(con, wb, met):
    known = con.execute("INSERT INTO contacts (workbook_id, full_name, email) VALUES (?, 'M. Zhou', 'mei@lab.example')"
                        " RETURNING id", [wb]).fetchone()[0]
    assert referrals.add(con, wb, met[0], full_name="Mei Lin Zhou", email="MEI@lab.example") == (known, False)


def test_the_same_name_at_the_same_organization_is_linked(con, wb, met):
    first, _ = referrals.add(con, wb, met[0], full_name="Noah Williams", organization="Foothills Water")
    assert referrals.add(con, wb, met[0], full_name="noah  williams", organization="foothills water") == (first, False)


def test_the_same_name_at_another_organization_is_a_different_person(con, wb, met):
    first, _ = referrals.add(con, wb, met[0], full_name="Noah Williams", organization="Foothills Water")
    second, created = referrals.add(con, wb, met[0], full_name="Noah Williams", organization="Prairie Span")
    assert created and second != first


def test_the_same_name_with_no_organization_typed_is_the_one_person_of_that_name(con, wb, met):
    """"Noah Williams" with the organization left blank made a second Noah Williams (found by a hostile tester)."""
    first, _ = referrals.add(con, wb, met[0], full_name="Noah Williams", organization="Foothills Water")
    assert referrals.add(con, wb, met[0], full_name="Noah  Williams") == (first, False)
    assert referrals.add(con, wb, met[0], full_name="noah williams") == (first, False)
    assert "\n" not in contact(con, first)["notes"]  # linked again: "Referred by …" is there once


def test_the_same_name_with_no_organization_typed_is_a_new_person_when_two_share_it(con, wb, met):
    one, _ = referrals.add(con, wb, met[0], full_name="Noah Williams", organization="Foothills Water")
    two, _ = referrals.add(con, wb, met[0], full_name="Noah Williams", organization="Prairie Span")
    third, created = referrals.add(con, wb, met[0], full_name="Noah Williams")
    assert created and third not in (one, two)


def test_linking_keeps_an_earlier_referrer_and_existing_details(con, wb, met):
    other = con.execute("INSERT INTO contacts (workbook_id, full_name) VALUES (?, 'First Referrer') RETURNING id",
                        [wb]).fetchone()[0]
    known = con.execute("INSERT INTO contacts (workbook_id, full_name, email, title, referred_by_contact_id, source)"
                        " VALUES (?, 'Lucas Moreau', 'lucas@x.example', 'Flood Modeller', ?, 'referral') RETURNING id",
                        [wb, other]).fetchone()[0]
    referrals.add(con, wb, met[0], full_name="Lucas Moreau", email="lucas@x.example", title="Intern")
    p = contact(con, known)
    assert (p["referred_by_contact_id"], p["title"]) == (other, "Flood Modeller")


def test_the_person_met_cannot_be_their_own_referral(con, wb, met):
    with pytest.raises(Invalid, match="the person you met"):
        referrals.add(con, wb, met[0], full_name="Helen Nguyen", organization="Bow River Water")


def test_referrals_from_a_meeting_are_listed_in_the_order_added(con, wb, met):
    referrals.add(con, wb, met[0], full_name="First Person")
    referrals.add(con, wb, met[0], full_name="Second Person")
    assert [r["full_name"] for r in referrals.from_meeting(con, wb, met[0])] == ["First Person", "Second Person"]


@pytest.mark.parametrize("a, b", [
    ("linkedin.com/in/x-y", "https://www.linkedin.com/in/X-Y/"),
    ("http://ca.linkedin.com/in/x-y?trk=1", "linkedin.com/in/x-y"),
])
def test_linkedin_addresses_compare_equal_in_their_usual_spellings(a, b):
    assert referrals.normalize_linkedin(a) == referrals.normalize_linkedin(b)
