"""Every text search in lib/ takes what a person types literally: "_", "%" and "\\" match only rows that
hold that very character (lib/text_search.py escapes them for ILIKE), in any case."""
from datetime import datetime

import pytest

from lib import cohort, contacts, knowledge, organizations, outreach, questions, reviews, text_search, workbooks

# One row a name: the first holds "_", the second "%", the third "\", the last none of them.
NAMES = ["Ann_Lee", "Bo 100% Sure", "Cy Back\\Slash", "Dee Plain"]
WILD = {"_": NAMES[0], "%": NAMES[1], "\\": NAMES[2]}


@pytest.fixture
def wb(con):
    workbook_id = workbooks.create(con, "Search tests")
    for i, name in enumerate(NAMES):
        workbooks.create(con, f"Workbook {name}")
        org = con.execute("INSERT INTO organizations (workbook_id, name) VALUES (?, ?) RETURNING id",
                          [workbook_id, f"Org {name}"]).fetchone()[0]
        person = con.execute(
            "INSERT INTO contacts (workbook_id, full_name, organization_id, stage) VALUES (?, ?, ?, 'met')"
            " RETURNING id", [workbook_id, name, org]).fetchone()[0]
        meeting = con.execute(
            "INSERT INTO meetings (workbook_id, contact_id, scheduled_at, duration_minutes, status)"
            " VALUES (?, ?, ?, 20, 'done') RETURNING id", [workbook_id, person, datetime(2026, 1, 5 + i, 10)],
        ).fetchone()[0]
        con.execute("INSERT INTO reviews (meeting_id, workbook_id, insights, usefulness) VALUES (?, ?, ?, 4)",
                    [meeting, workbook_id, f"Learned from {name}"])
        questions.add(con, workbook_id, text=f"What does {name} do all day?", category="role")
    return workbook_id


def _found(con, wb, kind: str, needle: str) -> list[str]:
    """The names a search of `kind` finds for `needle`."""
    if kind == "contacts":
        return contacts.search(con, wb, text_filter=needle)[0]["full_name"].tolist()
    if kind == "organizations":
        return [n.removeprefix("Org ") for n in organizations.search(con, wb, text_filter=needle)[0]["name"]]
    if kind == "workbooks":
        return [w.name.removeprefix("Workbook ") for w in cohort.workbook_page(con, search=needle).items]
    if kind == "outreach":
        return [p["full_name"] for p in outreach.search_contacts(con, wb, needle)]
    if kind == "done_meetings":
        return [m["full_name"] for m in reviews.done_meetings(con, wb, text=needle)]
    if kind == "knowledge":
        frame, total = knowledge.search(con, wb, text=needle)
        assert total == len(frame)
        return frame["person"].tolist()
    if kind == "knowledge_role":
        return knowledge.search(con, wb, role=needle)[0]["person"].tolist()
    if kind == "questions":
        found, total = questions.search(con, wb, text=needle, source="own")
        assert total == len(found)
        return [q["text"].removeprefix("What does ").removesuffix(" do all day?") for q in found]
    raise AssertionError(kind)


KINDS = ["contacts", "organizations", "workbooks", "outreach", "done_meetings", "knowledge", "questions"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("needle", list(WILD))
def test_a_wildcard_character_matches_only_rows_holding_it(con, wb, kind, needle):
    assert _found(con, wb, kind, needle) == [WILD[needle]]


@pytest.mark.parametrize("kind", KINDS)
def test_search_ignores_case_and_blank_text_finds_all(con, wb, kind):
    assert _found(con, wb, kind, "ann_lee") == ["Ann_Lee"]
    blank = _found(con, wb, kind, "  ")
    assert sorted(n for n in blank if n in NAMES) == sorted(NAMES)  # the workbooks list has "Search tests" too


def test_a_role_filter_treats_wildcards_literally(con, wb):
    con.execute("UPDATE contacts SET title = full_name WHERE workbook_id = ?", [wb])
    for needle, name in WILD.items():
        assert _found(con, wb, "knowledge_role", needle) == [name]


def test_the_pattern_escapes_each_wildcard_and_blank_text_is_no_filter():
    assert text_search.like_pattern(" a_b%c\\d ") == "%a\\_b\\%c\\\\d%"
    assert text_search.like_pattern("  ") is None
    assert text_search.any_column(["x"], None) == ("TRUE", [])
