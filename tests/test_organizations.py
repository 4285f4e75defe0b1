"""Organizations: add, duplicate names, checks, search, delete, and what was learned there (M27)."""
import pytest

from lib import contacts, organizations, workbooks
from lib.errors import Invalid, NotFound


def test_an_organization_is_added_with_its_details_and_checklist(con, wb):
    org = organizations.add(con, wb, name="  Bow River   Water ", industry="Engineering consulting",
                            website="bowriver.example", chk_news=True)
    stored = organizations.get(con, wb, org)
    assert stored["name"] == "Bow River Water"
    assert stored["website"] == "bowriver.example"
    assert stored["chk_news"] is True and stored["chk_culture"] is False


def test_a_duplicate_name_is_refused_ignoring_case_and_spacing(con, wb):
    organizations.add(con, wb, name="Bow River Water")
    with pytest.raises(Invalid, match="already in this workbook"):
        organizations.add(con, wb, name="  bow   RIVER water")
    assert organizations.count(con, wb) == 1


def test_the_same_name_is_allowed_in_another_workbook(con, wb):
    other = workbooks.create(con, "Other client")
    organizations.add(con, wb, name="Acme")
    organizations.add(con, other, name="Acme")
    assert organizations.count(con, other) == 1


def test_renaming_onto_another_organizations_name_is_refused(con, wb):
    organizations.add(con, wb, name="Acme")
    second = organizations.add(con, wb, name="Globex")
    with pytest.raises(Invalid, match="Acme"):
        organizations.update(con, wb, second, name="ACME")
    assert organizations.get(con, wb, second)["name"] == "Globex"


def test_renaming_an_organization_to_its_own_name_in_another_case_is_allowed(con, wb):
    org = organizations.add(con, wb, name="acme")
    organizations.update(con, wb, org, name="Acme")
    assert organizations.get(con, wb, org)["name"] == "Acme"


def test_an_organization_needs_a_name(con, wb):
    with pytest.raises(Invalid, match="Organization name is needed"):
        organizations.add(con, wb, name="   ")


@pytest.mark.parametrize("junk", ["not a url", "http://", "ftp://example.com", "example", "https://exa mple.com"])
def test_an_obviously_wrong_website_is_refused_with_a_message(con, wb, junk):
    with pytest.raises(Invalid, match="Website"):
        organizations.add(con, wb, name="Acme", website=junk)
    assert organizations.count(con, wb) == 0


@pytest.mark.parametrize("ok", ["example.com", "https://www.example.co.uk/about", "http://sub.example.org"])
def test_usual_websites_are_accepted(con, wb, ok):
    org = organizations.add(con, wb, name="Acme", website=ok)
    assert organizations.get(con, wb, org)["website"] == ok


def test_search_finds_by_part_of_a_name_and_counts_all_matches(con, wb):
    for i in range(30):
        organizations.add(con, wb, name=f"Water Company {i:02d}")
    organizations.add(con, wb, name="Bridges Ltd", industry="water infrastructure")
    page, total = organizations.search(con, wb, text_filter="WATER", limit=10, offset=10)
    assert total == 31
    assert len(page) == 10
    assert page["name"].iloc[0] == "Water Company 09"  # "Bridges Ltd" sorts first, so the 11th is 09


def test_deleting_an_organization_keeps_its_people_without_one(con, wb):
    org = organizations.add(con, wb, name="Acme")
    person = contacts.add(con, wb, full_name="Ada Lovelace", organization_id=org)
    organizations.delete(con, wb, org)
    assert contacts.get(con, wb, person)["organization_id"] is None
    with pytest.raises(NotFound):
        organizations.get(con, wb, org)


def test_an_organization_of_another_workbook_is_not_found(con, wb):
    other = workbooks.create(con, "Other client")
    org = organizations.add(con, other, name="Acme")
    with pytest.raises(NotFound):
        organizations.get(con, wb, org)


def test_what_was_learned_in_meetings_is_gathered_on_the_organization(con, demo_id):
    org = organizations.find_id(con, demo_id, "Bow River Water Partners")
    known = organizations.knowledge(con, demo_id, org)
    assert known["summary"]["meetings_done"] >= 1
    assert not known["lessons"].empty
    assert known["lessons"]["insights"].str.contains("Consultancies", regex=False).any()


def test_the_knowledge_of_an_organization_nobody_met_is_empty(con, wb):
    org = organizations.add(con, wb, name="Acme")
    known = organizations.knowledge(con, wb, org)
    assert known["summary"]["people"] == 0
    assert known["lessons"].empty and known["answers"].empty


def test_find_or_create_reuses_an_organization_whatever_its_spacing(con, wb):
    org = organizations.add(con, wb, name="Bow River Water")
    with con.cursor() as cur:
        assert organizations.find_or_create(cur, wb, "bow  river water ") == org
    assert organizations.count(con, wb) == 1


def test_pickers_offer_the_organizations_with_most_people_when_there_are_thousands(con, wb):
    con.execute("INSERT INTO organizations (workbook_id, name) SELECT ?, 'Org ' || i FROM generate_series(0, 49) t(i)", [wb])
    busy = organizations.find_id(con, wb, "Org 49")
    contacts.add(con, wb, full_name="Ada", organization_id=busy)
    offered = organizations.options(con, wb, limit=10)
    assert len(offered) == 10 and busy in offered
    assert list(offered.values()) == sorted(offered.values(), key=str.lower)


def test_pickers_always_offer_the_current_organization(con, wb):
    con.execute("INSERT INTO organizations (workbook_id, name) SELECT ?, 'Org ' || i FROM generate_series(0, 49) t(i)", [wb])
    current = organizations.find_id(con, wb, "Org 7")
    assert current in organizations.options(con, wb, limit=5, include=current)


def test_a_database_from_before_the_research_step_upgrades_with_an_empty_checklist(tmp_path, monkeypatch):
    from lib import db

    path = tmp_path / "old.duckdb"
    first_only = [m for m in db.migration_files() if m[0] == 1]
    with monkeypatch.context() as patch:
        patch.setattr(db, "migration_files", lambda: first_only)
        patch.setattr(db, "sync_reference_data", lambda con: None)
        old = db.open(path)
        old.execute("INSERT INTO workbooks (name) VALUES ('Old')")
        old.execute("INSERT INTO organizations (workbook_id, name) VALUES (1, 'Acme')")
        old.close()
    upgraded = db.open(path)
    try:
        org = organizations.get(upgraded, 1, organizations.find_id(upgraded, 1, "Acme"))
        assert not any(org[k] for k in organizations.CHECKLIST)
        organizations.update(upgraded, 1, org["id"], chk_roles=True)
        assert organizations.get(upgraded, 1, org["id"])["chk_roles"] is True
    finally:
        upgraded.close()
