"""User text never becomes Markdown, on any page: a crawl with hostile values in every user field.

Every text field of the demo workbook (person names, titles, organizations, the workbook name, notes, goals,
review fields, question text, live-meeting notes, meeting places, outreach messages, the profile) is set to
its old value followed by HOSTILE: bold, italics, an image and a link to a foreign host, a coloured span, a
Material icon, KaTeX, bare URL/www/email autolinks, HTML, an emoji shortcode, strikethrough and code.
Each page (and the detail views of a person, an organization and a meeting) is visited, every tab clicked
and every expander opened. The crawl fails on any element rendered *from* that text (a <strong> whose text
is exactly "B0LD", an <img>, a link to the foreign host, a KaTeX or coloured span, the icon, the emoji)
and on any request the browser makes to a host other than the app.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from lib import db, demo, question_plans, questions, scripts
from views.registry import PAGES
from tests.browser.conftest import Server, assert_no_exception, screenshot, wait_idle

pytestmark = pytest.mark.browser

FOREIGN = "evil.example"
HOSTILE = (
    f" **B0LD** _it4l_ ![im4g](http://{FOREIGN}/i.png) [lnk](http://{FOREIGN}/l) :red[R3D] :blue-badge[B4DGE]"
    f" :small[SM4LL] :material/pets: $K4T$ http://{FOREIGN}/bare www.{FOREIGN} ev@{FOREIGN} <b>HTM</b>"
    " :skull: ~~STR~~ `C0DE`"
)
# Vocabulary, address and key columns keep their values: the app relies on them (and masking has its own test).
KEEP = {"source", "stage", "email", "phone", "linkedin_url", "website", "format", "status", "channel", "outcome",
        "follow_up_kind", "kind", "tiara", "category", "bank_key", "action"}
MAIN = "[data-testid=stMain]"

# Elements that can only appear if the hostile text was read as Markdown: (selector, exact text or None).
FINDINGS_JS = """
(foreign) => {
  const found = [];
  const exact = {strong: 'B0LD', b: 'HTM', em: 'it4l', del: 'STR', code: 'C0DE', a: 'lnk'};
  for (const [tag, text] of Object.entries(exact))
    for (const el of document.querySelectorAll(tag))
      if ((el.textContent || '').trim() === text) found.push(`<${tag}>${text}</${tag}>`);
  for (const el of document.querySelectorAll('img'))
    if ((el.getAttribute('src') || '').includes(foreign) || el.getAttribute('alt') === 'im4g')
      found.push(`<img src=${el.getAttribute('src')}>`);
  // A link *to* the foreign host (an autolink or a Markdown link), not a mailto: whose subject quotes the text.
  const target = new RegExp('^(https?://(www\\.)?|mailto:ev@)' + foreign.replace('.', '\\.'), 'i');
  for (const el of document.querySelectorAll('a[href]'))
    if (target.test(el.getAttribute('href'))) found.push(`<a href=${el.getAttribute('href')}>`);
  for (const el of document.querySelectorAll('.katex'))
    if ((el.textContent || '').includes('K4T')) found.push('KaTeX K4T');
  for (const el of document.querySelectorAll('span'))
    for (const word of ['R3D', 'B4DGE', 'SM4LL'])
      if ((el.textContent || '').trim() === word) found.push(`styled span ${word}`);
  for (const el of document.querySelectorAll('[data-testid=stIconMaterial]'))
    if ((el.textContent || '').trim() === 'pets') found.push('icon pets');
  if ((document.body.innerText || '').includes('\\u{1F480}')) found.push('emoji skull');
  return [...new Set(found)];
}
"""


def make_hostile(con) -> None:
    """Append HOSTILE to every free-text column of every table that holds a workbook's data."""
    columns = con.execute(
        """SELECT table_name, column_name FROM information_schema.columns
           WHERE data_type = 'VARCHAR' AND table_name IN (
                 SELECT table_name FROM information_schema.columns WHERE column_name IN ('workbook_id', 'meeting_id')
                 UNION SELECT 'workbooks')
           ORDER BY ALL"""
    ).fetchall()
    for table, column in columns:
        if column in KEEP:
            continue
        con.execute(f'UPDATE "{table}" SET "{column}" = coalesce("{column}", \'x\') || ?', [HOSTILE])


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "hostile.duckdb"
    con = db.open(path)
    demo_id = demo.load(con)
    # Rows the demo has none of: a question-plan template and a saved script version.
    question_plans.create_template(con, demo_id, name="Template", target_role="Role")
    scripts.save_version(con, demo_id, kind="email", title="Version", body="Hi, may I ask you a few questions?",
                         subject="A question")
    # The shipped bank's text is reset from data/ when the server opens the file: plan an own question too.
    planned = con.execute("SELECT max(meeting_id) FROM meeting_questions mq JOIN meetings m ON m.id = mq.meeting_id "
                          "WHERE m.workbook_id = ?", [demo_id]).fetchone()[0]
    own = questions.add(con, demo_id, text="What would you ask?", category="role")
    question_plans.add(con, demo_id, question_plans.meeting(planned), own)
    make_hostile(con)
    ids = {
        "contact": con.execute("SELECT min(id) FROM contacts WHERE workbook_id = ? AND referred_by_contact_id IS NOT NULL",
                               [demo_id]).fetchone()[0],
        "org": con.execute("SELECT min(id) FROM organizations WHERE workbook_id = ?", [demo_id]).fetchone()[0],
        "meeting": planned,  # every question of it has notes now (make_hostile fills empty ones with "x" + HOSTILE)
        "reviewed": con.execute("SELECT max(meeting_id) FROM reviews WHERE workbook_id = ?", [demo_id]).fetchone()[0],
    }
    assert all(ids.values()), ids
    name = con.execute("SELECT name FROM workbooks WHERE id = ?", [demo_id]).fetchone()[0]
    assert HOSTILE in name
    con.close()
    server = Server(path)
    server.demo_id, server.ids = demo_id, ids
    yield server
    server.stop()


def views(server) -> dict[str, str]:
    wb = server.demo_id
    out = {name: f"{'' if name == 'home' else name}?wb={wb}" for name in PAGES}
    out["person"] = f"research?wb={wb}&contact={server.ids['contact']}"
    out["organization"] = f"research?wb={wb}&org={server.ids['org']}"
    out["questions-meeting"] = f"questions?wb={wb}&meeting={server.ids['meeting']}"
    out["review-meeting"] = f"review?wb={wb}&meeting={server.ids['reviewed']}"
    return out


def open_expanders(pg) -> int:
    closed = pg.locator(f"{MAIN} [data-testid=stExpander] details:not([open]) > summary")
    opened = 0
    for _ in range(closed.count()):
        item = closed.first
        if not item.is_visible():
            break
        item.click()
        opened += 1
    wait_idle(pg)
    return opened


def crawl(pg) -> list[tuple[str, list[str]]]:
    """Findings per view of the page now open: its first view, then each tab with its expanders opened."""
    open_expanders(pg)
    out = [("first view", pg.evaluate(FINDINGS_JS, FOREIGN))]
    out += _each_view(pg, f"{MAIN} [role=tab]", "tab")
    # Segmented controls switch views (people / organizations / import; plan / templates).
    out += _each_view(pg, f"{MAIN} [data-testid=stButtonGroup] button", "view", 4, only_enabled=True)
    return out


def _each_view(pg, selector: str, kind: str, most: int | None = None, *,
               only_enabled: bool = False) -> list[tuple[str, list[str]]]:
    """Click each visible `selector` item (the first `most`) in turn: findings of the view it opens, its
    expanders opened."""
    out = []
    count = pg.locator(selector).count()
    for i in range(count if most is None else min(count, most)):
        item = pg.locator(selector).nth(i)
        if not item.is_visible() or (only_enabled and not item.is_enabled()):
            continue
        label = item.inner_text().strip()[:40]
        item.click()
        wait_idle(pg)
        assert_no_exception(pg)
        open_expanders(pg)
        out.append((f"{kind} {label}", pg.evaluate(FINDINGS_JS, FOREIGN)))
    return out


@pytest.mark.parametrize("view", [
    "home", "goals", "research", "person", "organization", "outreach", "questions", "questions-meeting", "review",
    "review-meeting", "network", "workbooks",
    # Screen-share mode with initials takes other paths (masked, read-only forms): the busiest views again.
    "person+share", "outreach+share", "questions-meeting+share", "review-meeting+share", "workbooks+share",
])
def test_hostile_user_text_renders_literally_and_fetches_nothing(hostile_server, page, view):
    app = urlsplit(hostile_server.url)
    foreign: list[str] = []
    page.on("request", lambda r: foreign.append(r.url)
            if urlsplit(r.url).scheme in ("http", "https", "ws", "wss") and urlsplit(r.url).netloc != app.netloc
            else None)
    name, _, share = view.partition("+")
    page.goto(f"{hostile_server.url}/{views(hostile_server)[name]}" + ("&share=true&share_names=true" if share else ""))
    page.wait_for_selector(f"{MAIN} h1", state="attached")
    wait_idle(page)
    assert_no_exception(page)
    findings = [(where, found) for where, found in crawl(page) if found]
    screenshot(page, f"hostile-{view}")
    assert not findings, f"{view}: user text rendered as Markdown: {findings}"
    assert not foreign, f"{view}: requests to other hosts: {sorted(set(foreign))}"
