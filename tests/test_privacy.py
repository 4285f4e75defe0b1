"""lib/privacy.py: what screen-share mode hides, and what it must leave alone."""
import time

import pandas as pd
import pytest

from lib import privacy
from lib.privacy import initials, mask_email, mask_frame, mask_phone, mask_text, mask_url

# ---- emails ------------------------------------------------------------------------------------

@pytest.mark.parametrize("email, shown", [
    ("helen.nguyen@bowriverwater.example", "h•••@•••.example"),
    ("aisha@newcomerengineers.example", "a•••@•••.example"),
    ("Mateo.Alvarez+jobs@example.co.uk", "M•••@•••.uk"),
    ("o'brien@mail.ie", "o•••@•••.ie"),
    ("mailto:t.kowalski@chinookinfra.example", "t•••@•••.example"),
])
def test_an_email_keeps_only_its_first_letter_and_top_level_domain(email, shown):
    assert mask_email(email) == shown


@pytest.mark.parametrize("text", [
    "Write to helen.nguyen@bowriverwater.example before Friday.",
    "Emails: a@b.co, B.C-D@sub.example.org; x_y@z.io",
    "<aisha@newcomerengineers.example>",
    "MAILTO:PRIYA.NAIR@FOOTHILLSWATER.EXAMPLE",
    "mateo [at] example [dot] com",
    "mateo (at) example.com",
])
def test_no_email_survives_inside_free_text(text):
    out = mask_text(text)
    assert "@" not in out.replace("•••@•••", "")
    for word in ("helen.nguyen", "bowriverwater", "newcomerengineers", "PRIYA", "sub.example", "mateo"):
        assert word not in out


def test_the_words_around_an_email_stay():
    assert mask_text("Write to helen@x.example today") == "Write to h•••@•••.example today"


def test_an_at_sign_alone_is_not_an_email():
    assert mask_text("Meet @ 4 pm at the café") == "Meet @ 4 pm at the café"


# ---- phone numbers -------------------------------------------------------------------------------

PHONES = [
    "+1 403 555 0111", "(403) 555-0113", "403-555-0116", "+1 (403) 555-0123", "403.555.0129",
    "4035550111", "+14035550111", "1-800-555-0199", "555-0111", "+44 20 7946 0958", "+44 (0)20 7946 0958",
    "+33 1 23 45 67 89", "0049 30 1234567", "+61 2 9876 5432", "403 555\u00a00111", "403\u2013555\u20130111",
    "tel:+1-403-555-0111",
]


@pytest.mark.parametrize("phone", PHONES)
def test_a_phone_number_in_any_usual_format_is_hidden_in_text(phone):
    out = mask_text(f"Call {phone} after 4 pm.")
    digits = "".join(c for c in phone if c.isdigit())
    assert out == f"Call •••-•••-••{digits[-2:]} after 4 pm."


@pytest.mark.parametrize("phone", PHONES)
def test_a_phone_column_value_keeps_only_its_last_two_digits(phone):
    digits = "".join(c for c in phone if c.isdigit())
    assert mask_phone(phone) == "•••-•••-••" + digits[-2:]


def test_an_extension_after_a_phone_number_is_left_readable():
    assert mask_text("403-555-0111 ext. 204") == "•••-•••-••11 ext. 204"


def test_punctuation_after_a_phone_number_is_kept():
    assert mask_text("Call 403 555 0111.") == "Call •••-•••-••11."
    assert mask_text("Call 403-555-0111, then email") == "Call •••-•••-••11, then email"


@pytest.mark.parametrize("text", [
    "Met on 2026-03-11 at 10:30",
    "Moved in 2012; licensed 2015-2017",
    "Projects 2012 2015 2019",
    "Salary 120,000 a year, bonus $8,500.50",
    "Dated 11.03.2026 and 03/11/2026",
    "Version 2.0.1 released",
    "Room 12, floor 5, 3 people",
    "Order #12345678 shipped",
    "1 2 3 4 5 6 7 8",
    "Pi is 3.14159265",
    "Bow River Water Partners, 5th floor, 120 people",
    "A 15-20 minute chat",
])
def test_dates_years_amounts_and_counts_are_left_alone(text):
    assert mask_text(text) == text


# ---- links ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "linkedin.com/in/helen-nguyen-water",
    "https://www.linkedin.com/in/helen-nguyen-water/",
    "http://ca.linkedin.com/in/aisha-bello?trk=x",
    "LinkedIn.com/in/Marcus-Whitfield",
    "https://lnkd.in/abc123",
])
def test_a_linkedin_address_is_replaced_whatever_its_spelling(url):
    out = mask_text(f"Profile: {url} (see)")
    assert out == f"Profile: {privacy.LINKEDIN_MASK} (see)"


@pytest.mark.parametrize("url", [
    "https://us02web.zoom.us/j/123456789?pwd=abc", "https://meet.google.com/abc-defg-hij",
    "twitter.com/helen_n", "https://calendly.com/helen/15min", "https://github.com/mateo",
])
def test_personal_and_meeting_links_are_hidden(url):
    out = mask_text(f"Join {url} now")
    assert out == f"Join {privacy.HIDDEN_LINK} now"


def test_an_organisation_website_stays_visible():
    assert mask_text("See bowriverwater.example and https://www.calgary.ca/water") == \
        "See bowriverwater.example and https://www.calgary.ca/water"


def test_a_full_stop_after_a_link_is_kept():
    assert mask_text("Her page is linkedin.com/in/aisha-bello.") == f"Her page is {privacy.LINKEDIN_MASK}."


def test_a_url_column_value_is_hidden_and_says_what_it_was():
    assert mask_url("https://www.linkedin.com/in/x") == privacy.LINKEDIN_MASK
    assert mask_url("https://twitter.com/x") == privacy.HIDDEN_LINK


# ---- names ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, shown", [
    ("Helen Nguyen", "H. N."),
    ("Fatima Zahra El Idrissi", "F. Z. E. I."),
    ("Jean-Luc Picard", "J. L. P."),
    ("liam o'connor", "L. O."),
    ("Mei Lin", "M. L."),
    ("Ólafur Arnalds", "Ó. A."),
    ("  ", "•"),
])
def test_names_become_initials(name, shown):
    assert initials(name) == shown


# ---- edge cases ----------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [None, "", 42, 3.5])
def test_empty_and_non_text_values_pass_through(value):
    assert mask_text(value) == value
    assert mask_email(value) == value
    assert mask_phone(value) == value


def test_text_without_private_data_is_unchanged():
    text = "Ask about licensing; she moved from Vietnam in 2012 and leads 4 engineers."
    assert mask_text(text) == text


def test_masking_is_idempotent():
    text = "helen@x.example, 403-555-0111, linkedin.com/in/helen"
    once = mask_text(text)
    assert mask_text(once) == once


@pytest.mark.parametrize("nasty", ["1" * 20000, "403-" * 5000, "a." * 10000 + "@b", "(1" * 10000, "x [at] " * 3000])
def test_long_hostile_text_is_masked_quickly(nasty):
    started = time.perf_counter()
    mask_text(nasty)
    assert time.perf_counter() - started < 1.0


# ---- frames --------------------------------------------------------------------------------------

@pytest.fixture
def people():
    return pd.DataFrame({
        "Name": ["Helen Nguyen", "Marcus Whitfield"],
        "E-mail": ["helen.nguyen@bowriverwater.example", None],
        "Mobile phone": ["+1 403 555 0111", ""],
        "LinkedIn": ["linkedin.com/in/helen-nguyen-water", "linkedin.com/in/marcus-whitfield"],
        "private_notes": ["Prefers calls after 4 pm; two young kids.", None],
        "Notes": ["Reach her at helen@x.example or 403.555.0129", "Writes about bridges"],
        "Met": [3, 0],
    })


def test_a_frame_hides_every_private_column(people):
    out = mask_frame(people)
    assert out["E-mail"].tolist()[0] == "h•••@•••.example"
    assert out["Mobile phone"].tolist()[0] == "•••-•••-••11"
    assert out["LinkedIn"].tolist() == [privacy.LINKEDIN_MASK] * 2
    assert out["private_notes"].tolist()[0] == privacy.PRIVATE_NOTE


def test_a_frame_hides_private_data_inside_other_text_columns(people):
    out = mask_frame(people)
    assert out["Notes"].tolist() == ["Reach her at h•••@•••.example or •••-•••-••29", "Writes about bridges"]


def test_a_frame_keeps_blanks_numbers_and_names_by_default(people):
    out = mask_frame(people)
    assert out["Name"].tolist() == ["Helen Nguyen", "Marcus Whitfield"]
    assert out["Met"].tolist() == [3, 0]
    assert pd.isna(out["E-mail"].iloc[1]) and pd.isna(out["private_notes"].iloc[1])
    assert out["Mobile phone"].iloc[1] == ""


def test_a_frame_shows_names_as_initials_when_asked(people):
    assert mask_frame(people, names=True)["Name"].tolist() == ["H. N.", "M. W."]


def test_masking_a_frame_leaves_the_original_untouched(people):
    before = people.copy()
    mask_frame(people, names=True)
    pd.testing.assert_frame_equal(people, before)


@pytest.mark.parametrize("column", ["private", "Private note", "private_notes", "Notes (private)"])
def test_any_column_called_private_is_hidden_entirely(column):
    out = mask_frame(pd.DataFrame({column: ["nothing sensitive-looking at all"]}))
    assert out[column].tolist() == [privacy.PRIVATE_NOTE]


def test_arrow_string_columns_and_categoricals_are_masked_too():
    frame = pd.DataFrame({
        "notes": pd.Series(["call 403-555-0116"], dtype="string[pyarrow]"),
        "kind": pd.Series(["helen@x.example"], dtype="category"),
    })
    out = mask_frame(frame)
    assert out["notes"].tolist() == ["call •••-•••-••16"]
    assert out["kind"].tolist() == ["h•••@•••.example"]


def test_lists_inside_cells_are_masked():
    out = mask_frame(pd.DataFrame({"tags": [["helen@x.example", "water"]]}))
    assert out["tags"].iloc[0] == ["h•••@•••.example", "water"]


def test_a_text_index_is_masked():
    frame = pd.DataFrame({"n": [1]}, index=["helen@x.example"])
    assert mask_frame(frame).index.tolist() == ["h•••@•••.example"]


def test_duplicate_column_names_do_not_break_masking():
    frame = pd.DataFrame([["helen@x.example", "403-555-0116"]], columns=["email", "email"])
    out = mask_frame(frame)
    assert out.iloc[0].tolist() == ["h•••@•••.example", "•••-•••-••16"]


def test_an_empty_frame_stays_empty():
    assert mask_frame(pd.DataFrame({"email": []})).empty


# ---- libphonenumber finds what a hand-written pattern missed -------------------------------------

@pytest.mark.parametrize("text, shown", [
    ("Call 403 - 555 - 0188 now", "Call •••-•••-••88 now"),
    ("Call +1 (403) 555 - 0188 now", "Call •••-•••-••88 now"),
    ("Call +49 (0)30 / 123 456 78 now", "Call •••-•••-••78 now"),
    ("Call (403)555-0188x12 now", "Call •••-•••-••88x12 now"),
    ("Realtor | 403-555-0188 | Calgary", "Realtor | •••-•••-••88 | Calgary"),
    ("Voicemail: +44 (0) 20 7946 0958, any time", "Voicemail: •••-•••-••58, any time"),
])
def test_phone_numbers_spelled_with_spaced_separators_are_found_in_free_text(text, shown):
    assert mask_text(text) == shown


def test_names_as_initials_reach_the_names_inside_a_frames_free_text():
    frame = pd.DataFrame({"Name": ["Ana Ruiz", "Helen Nguyen"], "Referred by": ["Helen Nguyen", None],
                          "Research notes": ["Referred by Helen Nguyen.", "Knows Ana Ruiz well"]})
    out = privacy.mask_frame(frame, names=True)
    assert out["Research notes"].tolist() == ["Referred by H. N.", "Knows A. R. well"]
    assert privacy.mask_frame(frame)["Research notes"].tolist() == frame["Research notes"].tolist()
