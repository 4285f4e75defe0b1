"""LinkedIn Connections.csv: parsing every quirk of the export, dedupe, all-or-nothing import, 30,000 rows."""
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from lib import contacts, linkedin, organizations
from lib.errors import Invalid

FIXTURES = Path(__file__).parent / "fixtures" / "linkedin"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def current() -> linkedin.Parsed:
    return linkedin.read(fixture("connections_current.csv"))


def names(rows) -> list[str]:
    return [r.full_name for r in rows]


# ---- parsing --------------------------------------------------------------------------------

def test_the_header_is_found_after_the_notes_preamble_and_the_bom(current):
    assert current.has_url_column
    assert current.rows[0].full_name == "Helen Nguyen"


def test_quoted_fields_keep_their_commas_and_quotes(current):
    marcus = next(r for r in current.rows if r.full_name == "Marcus Whitfield")
    assert marcus.company == "Prairie Span Engineering, Ltd."
    assert marcus.position == "Lead, Bridge Engineering"
    assert any(r.full_name == 'Ana "Ani" Souza' for r in current.rows)


def test_urls_without_https_are_completed_and_normalized(current):
    marcus = next(r for r in current.rows if r.full_name == "Marcus Whitfield")
    priya = next(r for r in current.rows if r.full_name == "Priya Raman")
    assert marcus.linkedin_url == "https://www.linkedin.com/in/marcus-whitfield"
    assert priya.url_key == "linkedin.com/in/priya-raman"


def test_connected_on_is_read_with_one_or_two_digit_days(current):
    by_name = {r.full_name: r.connected_on for r in current.rows}
    assert by_name["Helen Nguyen"] == date(2025, 12, 7)
    assert by_name["Marcus Whitfield"] == date(2026, 1, 3)


def test_an_unreadable_date_keeps_the_row_without_a_date(current):
    li = next(r for r in current.rows if r.full_name == "Li Wei")
    assert li.connected_on is None and current.undated == 1


def test_a_junk_email_is_left_out_but_the_row_is_kept(current):
    li = next(r for r in current.rows if r.full_name == "Li Wei")
    assert li.email is None and current.dropped_emails == 1


def test_blank_rows_are_ignored_and_nameless_rows_are_skipped_with_a_reason(current):
    assert current.blank_rows == 2  # a row of commas only, and an empty line
    assert [(line, reason) for line, _, reason in current.skipped] == [(11, "No first or last name")]


def test_empty_company_and_position_are_kept_as_empty(current):
    jonas = next(r for r in current.rows if r.full_name == "Jonas Berg")
    assert jonas.company is None and jonas.position is None


def test_an_older_export_without_a_url_column_is_read():
    parsed = linkedin.read(fixture("connections_old_no_url.csv"))
    assert not parsed.has_url_column
    assert names(parsed.rows) == ["Tomasz Kowalski", "Grace O'Neil", "Tomasz Kowalski"]
    assert parsed.rows[1].company == "Alberta Engineers, Geoscientists"


def test_a_longer_preamble_with_a_multiline_note_is_skipped():
    parsed = linkedin.read(fixture("connections_long_preamble.csv"))
    assert names(parsed.rows) == ["Zoë Müller"]
    assert parsed.rows[0].line == 8


def test_a_utf16_export_with_its_byte_order_mark_is_read():
    parsed = linkedin.read(fixture("utf16.csv"))
    assert parsed.rows[0].company == "Café Systèmes"


def test_the_zip_archive_from_linkedin_is_accepted():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Basic_LinkedInDataExport/Connections.csv", fixture("connections_current.csv"))
        archive.writestr("Basic_LinkedInDataExport/Messages.csv", "x")
    assert len(linkedin.read(buffer.getvalue()).rows) == 7


@pytest.mark.parametrize("name, message", [
    ("empty.csv", "empty"),
    ("header_only.csv", "no connections under it"),
    ("wrong_columns.csv", "does not look like LinkedIn's Connections.csv"),
    ("latin1.csv", "not in UTF-8"),
    ("binary.csv", "not a text file"),
])
def test_a_bad_file_gets_a_clear_message(name, message):
    with pytest.raises(Invalid, match=message):
        linkedin.read(fixture(name))


@pytest.mark.parametrize("content, message", [
    ("First Name,Company\nAda,Acme\n", "has a “First Name” column but no “Last Name” column"),
    ("Company,Last Name\nAcme,Lovelace\n", "has a “Last Name” column but no “First Name” column"),
    ("First Name;Last Name;Company\nAda;Lovelace;Acme\n", "separated by semicolons"),
])
def test_a_file_with_part_of_the_header_is_told_what_is_wrong(content, message):
    with pytest.raises(Invalid, match=message):
        linkedin.read(content.encode())


def test_a_huge_file_is_refused_before_it_is_read():
    with pytest.raises(Invalid, match="the limit here is 20 MB"):
        linkedin.read(b"First Name,Last Name\r\n" + b"a" * (linkedin.MAX_BYTES + 1))


def test_a_zip_without_connections_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Messages.csv", "x")
    with pytest.raises(Invalid, match="no Connections.csv"):
        linkedin.read(buffer.getvalue())


# ---- preview and dedupe -------------------------------------------------------------------------

def test_the_preview_counts_new_present_and_skipped_rows(con, wb, current):
    contacts.add(con, wb, full_name="Priya Raman", linkedin_url="https://www.linkedin.com/in/Priya-Raman/")
    plan = linkedin.preview(con, wb, current)
    assert len(plan.present) == 1 and plan.present[0].full_name == "Priya Raman"
    assert len(plan.new) == 5
    assert sorted(reason for _, _, reason in plan.skipped) == ["Listed twice in the file", "No first or last name"]


def test_the_preview_changes_nothing(con, wb, current):
    linkedin.preview(con, wb, current)
    assert contacts.count(con, wb) == 0 and organizations.count(con, wb) == 0


def test_without_urls_people_match_on_name_and_company(con, wb):
    contacts.add(con, wb, full_name="tomasz  kowalski", organization_name="CHINOOK Infrastructure Group")
    plan = linkedin.preview(con, wb, linkedin.read(fixture("connections_old_no_url.csv")))
    assert names(plan.present) == ["Tomasz Kowalski"]
    assert names(plan.new) == ["Grace O'Neil"]
    assert [reason for _, _, reason in plan.skipped] == ["Listed twice in the file"]


def test_a_person_added_by_hand_without_url_matches_a_row_with_url(con, wb, current):
    contacts.add(con, wb, full_name="Helen Nguyen", organization_name="Bow River Water Partners")
    plan = linkedin.preview(con, wb, current)
    assert "Helen Nguyen" in names(plan.present)


def test_two_namesakes_at_one_company_with_different_profiles_are_two_people(con, wb):
    data = ("First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
            "John,Smith,linkedin.com/in/john-smith-1,,Acme,Analyst,1 Jan 2025\r\n"
            "John,Smith,linkedin.com/in/john-smith-2,,Acme,Engineer,2 Jan 2025\r\n").encode()
    plan = linkedin.preview(con, wb, linkedin.read(data))
    assert len(plan.new) == 2


def test_new_organizations_are_deduplicated_ignoring_case_and_spacing(con, wb, current):
    plan = linkedin.preview(con, wb, current)
    assert plan.new_organizations.count("Bow River Water Partners") == 1
    assert "bow river water partners" not in plan.new_organizations


# ---- the import ---------------------------------------------------------------------------------

def test_importing_adds_people_and_organizations_as_linkedin_connections(con, wb, current):
    result = linkedin.import_connections(con, wb, current)
    assert (result.added, result.organizations_added) == (6, 4)
    page, total = contacts.search(con, wb, text_filter="Helen")
    helen = contacts.get(con, wb, int(page["id"].iloc[0]))
    assert (helen["source"], helen["stage"]) == ("linkedin", "identified")
    assert helen["connected_on"] == date(2025, 12, 7)
    assert helen["organization"] == "Bow River Water Partners"
    ana = contacts.get(con, wb, int(contacts.search(con, wb, text_filter="Souza")[0]["id"].iloc[0]))
    assert ana["organization_id"] == helen["organization_id"]


def test_importing_the_same_file_twice_adds_nobody_the_second_time(con, wb, current):
    linkedin.import_connections(con, wb, current)
    again = linkedin.import_connections(con, wb, current)
    assert again.added == 0 and again.organizations_added == 0
    assert again.already_present == 6
    assert contacts.count(con, wb) == 6 and organizations.count(con, wb) == 4


def test_existing_organizations_are_reused(con, wb, current):
    org = organizations.add(con, wb, name="bow  river water PARTNERS")
    linkedin.import_connections(con, wb, current)
    assert organizations.count(con, wb) == 4
    _, at_org = contacts.search(con, wb, organization_id=org)
    assert at_org == 2


def test_people_already_present_get_a_missing_profile_url_and_date_and_nothing_else(con, wb, current):
    helen = contacts.add(con, wb, full_name="Helen Nguyen", organization_name="Bow River Water Partners",
                         title="Mentor", stage="met")
    plan = linkedin.preview(con, wb, current)
    assert [contact_id for contact_id, _, _ in plan.fill_in] == [helen]
    result = linkedin.import_connections(con, wb, current)
    assert result.filled_in == 1
    stored = contacts.get(con, wb, helen)
    assert stored["linkedin_url"] == "https://www.linkedin.com/in/helen-nguyen-water"
    assert stored["connected_on"] == date(2025, 12, 7)
    assert (stored["title"], stored["stage"], stored["source"]) == ("Mentor", "met", "manual")
    assert linkedin.preview(con, wb, current).fill_in == []


def test_a_known_profile_url_and_date_are_never_overwritten(con, wb, current):
    helen = contacts.add(con, wb, full_name="Helen Nguyen", linkedin_url="linkedin.com/in/helen-nguyen-water",
                         connected_on=date(2020, 1, 1))
    linkedin.import_connections(con, wb, current)
    stored = contacts.get(con, wb, helen)
    assert (stored["linkedin_url"], stored["connected_on"]) == ("linkedin.com/in/helen-nguyen-water", date(2020, 1, 1))


def test_a_failing_import_changes_nothing(con, wb, current, monkeypatch):
    calls = []

    def fail_on_people(fraction, message):
        calls.append(message)
        if message.startswith("Added"):
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        linkedin.import_connections(con, wb, current, progress=fail_on_people)
    assert contacts.count(con, wb) == 0 and organizations.count(con, wb) == 0


def test_progress_is_reported_up_to_the_end(con, wb, current):
    seen = []
    linkedin.import_connections(con, wb, current, progress=lambda f, m: seen.append(f))
    assert seen == sorted(seen) and seen[-1] == 1.0


def generated_export(n: int) -> bytes:
    lines = ["Notes:", '"When exporting your connection data, you may notice that some of the email addresses are missing."',
             "", "First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for i in range(n):
        company = f'"Company {i % 2000}, Inc."' if i % 5 else ""
        lines.append(f"First{i},Last{i},https://www.linkedin.com/in/person-{i},,{company},Engineer {i % 40},{1 + i % 28} Dec 2025")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def test_thirty_thousand_connections_import_in_one_go(con, wb):
    parsed = linkedin.read(generated_export(30_000))
    assert len(parsed.rows) == 30_000
    result = linkedin.import_connections(con, wb, parsed)
    assert result.added == 30_000 and result.organizations_added == 1600  # every fifth row has no company
    assert contacts.count(con, wb) == 30_000
    page, total = contacts.search(con, wb, text_filter="first29999")
    assert total == 1 and page["organization"].iloc[0] == "Company 1999, Inc."
    assert linkedin.import_connections(con, wb, parsed).added == 0
