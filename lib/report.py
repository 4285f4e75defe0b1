"""A client's progress summary to share after a coaching session, as Markdown or as a PDF.

`gather` reads everything in a few small queries (call it in the script run, on its own cursor);
`to_markdown` and `to_pdf` only format what was gathered, so they can run later on another thread
(for example inside a download button's deferred callable) without touching the database.

With `mask=True` every free text goes through lib/privacy.py (screen-share mode), and with
`names=True` people's names become initials.
"""
from __future__ import annotations

import base64
import importlib
import io
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import altair as alt
import duckdb
import pandas as pd

from lib import cohort, contacts, db, meetings, privacy, text, wording

log = logging.getLogger(__name__)

RECENT_INSIGHTS = 5
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))


@dataclass
class Report:
    """What a progress summary says. Text fields hold the person's own words, unescaped."""

    workbook: str
    today: date
    goal: dict = field(default_factory=dict)
    numbers: dict = field(default_factory=dict)
    insights: list[dict] = field(default_factory=list)
    charts: list[tuple[str, alt.TopLevelMixin]] = field(default_factory=list)
    mask: bool = False
    names: bool = False
    people: list[str] = field(default_factory=list)  # names the free text may hold (initials when asked)

    # ---- how text is shown -------------------------------------------------------------------
    def text(self, value) -> str:
        value = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
        if not self.mask:
            return value
        value = privacy.mask_text(value)
        return privacy.names_to_initials(value, [self.workbook, *self.people]) if self.names else value

    def name(self, value) -> str:
        value = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
        value = privacy.mask_text(value) if self.mask else value
        return privacy.initials(value) if (self.mask and self.names and value) else value

    @property
    def title(self) -> str:
        return f"Progress summary: {self.name(self.workbook)}"


# ---- reading ------------------------------------------------------------------------------------

@db.reads
def gather(
    con: duckdb.DuckDBPyConnection, workbook_id: int, *, today: date | None = None,
    mask: bool = False, names: bool = False, charts: bool = True, overview: pd.DataFrame | None = None,
) -> Report:
    """Everything the report says about one workbook, read now.

    `overview` is a cohort.overview frame the caller already read for the same day: the workbook's
    follow-ups overdue and meetings this week are taken from its row instead of being asked again.
    """
    today = today or date.today()
    name = db.scalar(con, "SELECT name FROM workbooks WHERE id = ?", [workbook_id]) or "Workbook"
    goal = db.one(
        con,
        "SELECT purpose, intentions, target_roles, target_industries, location, target_interviews,"
        " start_date, target_date FROM goals WHERE workbook_id = ?",
        [workbook_id],
    ) or {}
    report = Report(workbook=name, today=today, goal=goal, mask=mask, names=names)
    report.numbers = _numbers(con, workbook_id, today, goal, overview)
    report.insights = db.rows(
        con,
        # The latest few reviews first, then their people: contacts and organizations are joined to
        # those few rows only, not to every review of the workbook.
        """WITH latest AS (
             SELECT m.scheduled_at, m.contact_id, r.insights, r.next_steps
             FROM reviews r
             JOIN meetings m ON m.id = r.meeting_id
             WHERE r.workbook_id = ? AND nullif(trim(coalesce(r.insights, '')), '') IS NOT NULL
             ORDER BY m.scheduled_at DESC LIMIT ?)
           SELECT CAST(l.scheduled_at AS DATE) AS met_on, c.full_name, c.title, o.name AS organization,
                  l.insights, l.next_steps
           FROM latest l
           LEFT JOIN contacts c ON c.id = l.contact_id
           LEFT JOIN organizations o ON o.id = c.organization_id
           ORDER BY l.scheduled_at DESC""",
        [workbook_id, RECENT_INSIGHTS],
    )
    report.people = [r["full_name"] for r in report.insights if r.get("full_name")]
    if mask and names:  # anyone of the workbook the free text names, not only the people met ("ask Noah")
        free_text = [*goal.values(), *(r.get(k) for r in report.insights for k in ("insights", "next_steps"))]
        report.people += _people_named(con, workbook_id, [t for t in free_text if isinstance(t, str)])
    if charts:
        report.charts = build_charts(con, workbook_id, today, goal)
    return report


def _people_named(con: duckdb.DuckDBPyConnection, workbook_id: int, texts: list[str]) -> list[str]:
    """The workbook's people whose name, or a part of it of three letters or more, is a word of `texts` (any case):
    the names privacy.names_to_initials writes as initials."""
    return privacy.NameIndex(contacts.names(con, workbook_id)).named_in(" ".join(texts))


def _numbers(con, workbook_id: int, today: date, goal: dict, overview: pd.DataFrame | None = None) -> dict:
    week_start, week_end = cohort.week_bounds(today)
    cur = con.execute(
        # One scan per table, each count a FILTER of it.
        f"""SELECT people, referrals, attempts, replies, done, upcoming, reviewed
           FROM (SELECT count(*) AS people, count(*) FILTER (WHERE referred_by_contact_id IS NOT NULL) AS referrals
                 FROM contacts WHERE workbook_id = $wb) AS p,
                (SELECT count(*) AS attempts, count(*) FILTER (WHERE outcome IN ('replied_yes', 'replied_no')) AS replies
                 FROM outreach WHERE workbook_id = $wb) AS o,
                (SELECT count(*) FILTER (WHERE {meetings.held_sql()}) AS done,
                        count(*) FILTER (WHERE status = 'planned' AND scheduled_at >= $now) AS upcoming
                 FROM meetings WHERE workbook_id = $wb) AS m,
                (SELECT count(*) AS reviewed FROM reviews WHERE workbook_id = $wb) AS r""",
        {"wb": workbook_id, "now": datetime.combine(today, datetime.min.time())},
    )
    row = dict(zip([d[0] for d in cur.description], cur.fetchone()))
    mine = overview[overview["id"] == workbook_id] if overview is not None else overview
    if mine is None or not len(mine):
        mine = cohort.overview(con, today=today, workbook_id=workbook_id)  # this workbook's row only
    row["follow_ups_overdue"] = int(mine["follow_ups_overdue"].iloc[0]) if len(mine) else 0
    row["meetings_this_week"] = int(mine["meetings_this_week"].iloc[0]) if len(mine) else 0
    row["target"] = int(goal.get("target_interviews") or 10)
    row["week"] = (week_start.date(), (week_end - timedelta(days=1)).date())
    return row


# ---- charts ---------------------------------------------------------------------------------------

@db.reads
def build_charts(con, workbook_id: int, today: date, goal: dict) -> list[tuple[str, alt.TopLevelMixin]]:
    """The Network page's goal and funnel charts when lib/charts.py offers them, else a chart of our own.

    Charts are built now (they need the database) and rendered to images later.
    """
    try:
        charts = importlib.import_module("lib.charts")  # the Network page's builders, when present
        metrics = importlib.import_module("lib.metrics")
        goal_pace = importlib.import_module("lib.goal_pace")
        conversion = importlib.import_module("lib.conversion")

        everything = metrics.Filters()
        found = [
            ("Meetings held against the goal",
             charts.goal_chart(goal_pace.interviews_vs_goal(con, workbook_id, everything, today), today)),
            ("From first contact to referral", charts.funnel_chart(conversion.funnel(con, workbook_id, everything, today))),
        ]
        for _, chart in found:
            chart.to_dict()  # fails here, not in the PDF, if the builders changed shape
        return found
    except Exception:  # noqa: BLE001 - another module's charts are a bonus; ours always works
        log.info("Using the report's own chart", exc_info=True)
        return [("Network and meetings over time", progress_chart(weekly_progress(con, workbook_id, today, goal)))]


@db.reads
def weekly_progress(con, workbook_id: int, today: date, goal: dict) -> pd.DataFrame:
    """Per week (Monday) up to today: people in the network so far and meetings held so far (at most ~2 years)."""
    return con.execute(
        f"""WITH bounds AS (
             SELECT least(
                 coalesce((SELECT min(CAST(created_at AS DATE)) FROM contacts WHERE workbook_id = $wb), $today),
                 coalesce($start, $today)) AS first_day),
           weeks AS (
             SELECT CAST(w AS DATE) AS week FROM bounds,
               generate_series(date_trunc('week', greatest(first_day, $today - INTERVAL '730 DAY')),
                               date_trunc('week', CAST($today AS TIMESTAMP)), INTERVAL '7 DAY') t(w))
           SELECT week,
             (SELECT count(*) FROM contacts c WHERE c.workbook_id = $wb
                AND CAST(c.created_at AS DATE) < week + 7) AS "People in the network",
             (SELECT count(*) FROM meetings m WHERE m.workbook_id = $wb AND {meetings.held_sql('m')}
                AND CAST(m.scheduled_at AS DATE) < week + 7) AS "Meetings held"
           FROM weeks ORDER BY week""",
        {"wb": workbook_id, "today": today, "start": goal.get("start_date")},
    ).df()


def progress_chart(frame: pd.DataFrame) -> alt.TopLevelMixin:
    """Two lines: the network and the meetings held, week by week."""
    long = frame.melt("week", var_name="series", value_name="count")
    return (
        alt.Chart(long)
        .mark_line(point=True, strokeWidth=3)
        .encode(
            x=alt.X("week:T", title="Week starting", axis=alt.Axis(format="%-d %b", labelAngle=0)),
            y=alt.Y("count:Q", title="So far", scale=alt.Scale(domainMin=0, nice=True)),
            color=alt.Color("series:N", title=None,
                            scale=alt.Scale(range=["#0072B2", "#D55E00"]), legend=alt.Legend(orient="bottom")),
        )
        .properties(width=640, height=260, title="Network and meetings over time")
        .configure_axis(labelFontSize=13, titleFontSize=14)
        .configure_legend(labelFontSize=13)
    )


def chart_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    """The chart as PNG bytes (rendered without a browser)."""
    try:
        from lib import chart_export

        return chart_export.png(chart, scale=scale)
    except ImportError:
        import vl_convert

        spec = chart.to_dict()
        if spec.get("width") in (None, "container"):
            spec["width"] = 640
        spec.setdefault("background", "white")
        return vl_convert.vegalite_to_png(spec, scale=scale)


# ---- wording shared by both formats -----------------------------------------------------------

def _day(value) -> str:
    if value is None or (not isinstance(value, (date, datetime)) and pd.isna(value)):
        return "not set"
    return wording.day(value)


def goal_lines(report: Report) -> list[tuple[str, str]]:
    g = report.goal
    rows = [
        ("What I want to learn", report.text(g.get("purpose"))),
        ("Roles", report.text(g.get("target_roles"))),
        ("Industries", report.text(g.get("target_industries"))),
        ("Where", report.text(g.get("location"))),
        ("Target", f"{report.numbers.get('target', 10)} informational interviews"
                   + (f" by {_day(g['target_date'])}" if g.get("target_date") else "")),
    ]
    if not g:
        return []
    return [(label, value) for label, value in rows if value]


def progress_lines(report: Report) -> list[tuple[str, str]]:
    n = report.numbers
    done, target = int(n.get("done", 0)), int(n.get("target", 10))
    share = min(done / target, 1) if target else 0
    return [
        ("Interviews held", f"{done} of {target} ({share:.0%})"),
        ("People in the network", f"{n.get('people', 0)} ({n.get('referrals', 0)} through referrals)"),
        ("Outreach", f"{wording.plural(n.get('attempts', 0), 'attempt')}, {wording.plural(n.get('replies', 0), 'reply', 'replies')}"),
        ("Meetings coming up", str(n.get("upcoming", 0))),
        ("Meetings this week", str(n.get("meetings_this_week", 0))),
        ("Follow-ups overdue", str(n.get("follow_ups_overdue", 0))),
        ("Meetings reviewed", f"{n.get('reviewed', 0)} of {done}"),
    ]


def insight_heading(report: Report, row: dict) -> str:
    who = report.name(row.get("full_name")) or "Someone"
    where = report.text(row.get("organization"))
    return f"{_day(row.get('met_on'))} · {who}" + (f", {where}" if where else "")


# ---- Markdown -------------------------------------------------------------------------------------

def to_markdown(report: Report, *, images: dict[str, bytes] | None = None, top: int = 1, for_file: bool = False) -> str:
    """The summary as Markdown. `images` (chart title -> PNG) are embedded as data URIs; `top` is the
    level of the title heading (3 fits a preview inside a page); `for_file`: a download (lib/text.md_escape)."""
    def md_escape(value: str | None) -> str:
        return text.md_escape(value, unlink=not for_file)

    h1, h2, h3 = ("#" * min(top + i, 6) for i in range(3))
    out = [f"{h1} {md_escape(report.title)}", "", f"_Prepared on {_day(report.today)}_", "", f"{h2} Goal", ""]
    lines = goal_lines(report)
    out += [f"- **{label}:** {md_escape(value)}" for label, value in lines] or ["- No goal written yet: it is set on the Goals page."]
    out += ["", f"{h2} Progress", ""]
    out += [f"- **{label}:** {md_escape(value)}" for label, value in progress_lines(report)]
    for title, png in (images or {}).items():
        encoded = base64.b64encode(png).decode("ascii")
        out += ["", f"![{md_escape(title)}](data:image/png;base64,{encoded})"]
    out += ["", f"{h2} Recent insights", ""]
    if not report.insights:
        out.append("No reviewed meetings yet: insights appear here once a meeting is reviewed.")
    for row in report.insights:
        out += [f"{h3} {md_escape(insight_heading(report, row))}", "", md_escape(report.text(row.get("insights")))]
        if row.get("next_steps"):
            out += ["", f"**Next step:** {md_escape(report.text(row['next_steps']))}"]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


# ---- PDF ------------------------------------------------------------------------------------------

def _font_files() -> dict[str, Path] | None:
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            return {"": regular, "B": bold}
    return None


class _Pdf:
    """A thin writer over fpdf2 that knows our fonts and falls back to Latin-1 without DejaVu."""

    def __init__(self, title: str):
        from fpdf import FPDF

        self.pdf = FPDF(format="A4", unit="mm")
        self.pdf.set_title(title)
        self.pdf.set_creator("Informational Interview Workbook")
        self.pdf.set_auto_page_break(auto=True, margin=16)
        self.pdf.set_margins(18, 16, 18)
        fonts = _font_files()
        if fonts:
            for style, path in fonts.items():
                self.pdf.add_font("Body", style, str(path))
            self.family, self.unicode = "Body", True
        else:
            self.family, self.unicode = "Helvetica", False
        self.pdf.add_page()

    def _t(self, value: str) -> str:
        if self.unicode:
            return value
        swaps = {"•": "*", "·": "-", "—": "-", "–": "-", "’": "'", "“": '"', "”": '"', "…": "..."}
        value = "".join(swaps.get(c, c) for c in value)
        return value.encode("latin-1", "replace").decode("latin-1")

    def heading(self, text: str, size: int = 14) -> None:
        self.pdf.set_font(self.family, "B", size)
        self.pdf.set_text_color(31, 95, 139)
        self.pdf.multi_cell(0, size * 0.5, self._t(text), new_x="LMARGIN", new_y="NEXT", align="L")
        self.pdf.set_text_color(27, 31, 36)
        self.pdf.ln(1.5)

    def para(self, text: str, size: int = 11, style: str = "") -> None:
        self.pdf.set_font(self.family, style, size)
        self.pdf.multi_cell(0, size * 0.5, self._t(text), new_x="LMARGIN", new_y="NEXT", align="L")

    def pairs(self, rows: list[tuple[str, str]]) -> None:
        label_width = 52
        for label, value in rows:
            self.pdf.set_font(self.family, "B", 11)
            y = self.pdf.get_y()
            self.pdf.multi_cell(label_width, 5.5, self._t(label), new_x="RIGHT", new_y="TOP", align="L")
            self.pdf.set_font(self.family, "", 11)
            self.pdf.multi_cell(0, 5.5, self._t(value), new_x="LMARGIN", new_y="NEXT", align="L")
            self.pdf.set_y(max(self.pdf.get_y(), y + 5.5) + 1)

    def bar(self, share: float) -> None:
        x, y, width = self.pdf.l_margin, self.pdf.get_y() + 1, self.pdf.epw
        self.pdf.set_fill_color(225, 231, 237)
        self.pdf.rect(x, y, width, 4, style="F")
        self.pdf.set_fill_color(31, 95, 139)
        self.pdf.rect(x, y, width * max(0.0, min(share, 1.0)), 4, style="F")
        self.pdf.ln(8)

    def image(self, png: bytes) -> None:
        self.pdf.image(io.BytesIO(png), w=self.pdf.epw)
        self.pdf.ln(3)

    def gap(self, mm: float = 4) -> None:
        self.pdf.ln(mm)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def to_pdf(report: Report, *, images: dict[str, bytes] | None = None) -> bytes:
    """The summary as a PDF (A4). `images` default to the report's charts rendered now."""
    if images is None:
        images = render_charts(report)
    doc = _Pdf(report.title)
    doc.heading(report.title, 18)
    doc.para(f"Prepared on {_day(report.today)}", 10)
    doc.gap()
    doc.heading("Goal")
    lines = goal_lines(report)
    doc.pairs(lines) if lines else doc.para("No goal written yet: it is set on the Goals page.")
    doc.gap()
    doc.heading("Progress")
    done, target = int(report.numbers.get("done", 0)), int(report.numbers.get("target", 10))
    doc.bar(done / target if target else 0)
    doc.pairs(progress_lines(report))
    for _title, png in images.items():
        doc.gap(2)
        doc.image(png)
    doc.gap()
    doc.heading("Recent insights")
    if not report.insights:
        doc.para("No reviewed meetings yet: insights appear here once a meeting is reviewed.")
    for row in report.insights:
        doc.para(insight_heading(report, row), 11, "B")
        doc.para(report.text(row.get("insights")))
        if row.get("next_steps"):
            doc.para(f"Next step: {report.text(row['next_steps'])}", 10)
        doc.gap(3)
    return doc.output()


@db.reads
def download(
    con: duckdb.DuckDBPyConnection, workbook_id: int, kind: str, *, today: date | None = None,
    mask: bool = False, names: bool = False,
) -> bytes | str:
    """The full report (charts included) as a file: kind "pdf" (bytes) or "md" (text with the charts inside).

    Made only when asked for, for a download button's deferred callable: it may run on another thread,
    so it reads on a cursor of its own, closed afterwards. Charts are the costly part (Altair builds
    and renders), which is why a page shows `gather(..., charts=False)` and leaves them to this.
    """
    cur = con.cursor()
    try:
        full = gather(cur, workbook_id, today=today, mask=mask, names=names)
    finally:
        cur.close()
    if kind == "pdf":
        return to_pdf(full)
    return to_markdown(full, images=render_charts(full), for_file=True)


def render_charts(report: Report) -> dict[str, bytes]:
    """Each chart of the report as PNG bytes, by title (charts that fail to render are left out)."""
    images = {}
    for title, chart in report.charts:
        try:
            images[title] = chart_png(chart)
        except Exception:  # noqa: BLE001 - a report without a picture beats no report
            log.warning("Could not render the chart %r", title, exc_info=True)
    return images


def file_name(report: Report, extension: str) -> str:
    """progress-<workbook>-<date>.<ext>, safe on every file system; a masked report leaves the workbook's name
    out (progress-report-<date>.<ext>): the name shows in the browser's downloads."""
    if report.mask:
        return f"progress-report-{report.today:%Y-%m-%d}.{extension}"
    slug = re.sub(r"[^a-z0-9]+", "-", report.name(report.workbook).lower()).strip("-") or "workbook"
    return f"progress-{slug[:40]}-{report.today:%Y-%m-%d}.{extension}"
