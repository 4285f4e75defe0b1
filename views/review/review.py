"""The review of one meeting: what was learned (an edit form that keeps earlier versions), the notes taken live,
and the tab that brings it together with referrals and the thank-you."""
from __future__ import annotations

import streamlit as st

from lib import reviews, vocab, wording
from lib.errors import Invalid, NotFound
from views import drafts, forms, kit, layout, part, ui
from views.review import keep_in_touch, pick, reads, referrals, thanks

TEXT_FIELDS = ("insights", "not_online", "advice", "resources", "next_steps", "plan_changes", "workplace_seen")
REVIEW_FIELDS = (*TEXT_FIELDS, "usefulness", "cadence")


def _column(key: str) -> str:
    """The stored column behind a review widget key (review_<field>_<meeting id>)."""
    return "keep_in_touch_days" if "cadence" in key else key.removeprefix("review_").rsplit("_", 1)[0]


def _saver(ctx: kit.Context, mid: int):
    def save(changes: dict, opened) -> bool:
        """Save the review with the fields the person changed (forms.save_edit: merged with changes made meanwhile)."""
        s = st.session_state
        typed = {f: s.get(f"review_{f}_{mid}") for f in REVIEW_FIELDS}
        return reviews.save(ctx.cur, ctx.wb.id, mid, insights=typed["insights"], not_online=typed["not_online"],
                            advice=typed["advice"], resources=typed["resources"], next_steps=typed["next_steps"],
                            plan_changes=typed["plan_changes"], workplace_seen=typed["workplace_seen"],
                            usefulness=typed["usefulness"], keep_in_touch_days=keep_in_touch.cadence_days(typed["cadence"]),
                            opened=opened,
                            only={_column(k) for k in changes})
    return save


def _open_form(m: dict, existing: dict | None) -> None:
    """Fill the review form with the stored review (forms.edit_form: never over what the person typed)."""
    mid, old = m["id"], existing or {}
    scores = list(vocab.USEFULNESS)
    current = m["keep_in_touch_days"]  # the person's cadence: Keep in touch may have changed it since the review
    prefill = {f"review_{f}_{mid}": old.get(f) or "" for f in TEXT_FIELDS}
    prefill[f"review_usefulness_{mid}"] = old["usefulness"] if old.get("usefulness") in scores else None
    prefill[f"review_cadence_{mid}"] = keep_in_touch.cadence_choice(current)
    columns = {k: _column(k) for k in prefill}
    labels = {**reviews.FIELDS, "usefulness": "How useful was it?", "keep_in_touch_days": "Keep in touch"}
    forms.edit_form(f"review_form_{mid}", mid, reviews.opened_version(existing), prefill, old,
                    {k: labels[c] for k, c in columns.items()}, columns)


def _fields(m: dict) -> None:
    mid = m["id"]
    st.text_area(
        # Checked on saving, not in the browser: the browser's mark shows at the top of this long form, far from the
        # button, and the click seems to do nothing (found by a hostile tester); the app's message is under the button.
        "Key insights", key=f"review_insights_{mid}",
        help="Needed to save. The main things you now understand about the role, the organization or the field.",
    )
    st.text_area(
        "What you could not have found online", key=f"review_not_online_{mid}",
        help="Local knowledge and this person's own experience: the reason the meeting was worth it.",
    )
    c1, c2 = st.columns(2)
    c1.text_area("Advice received", key=f"review_advice_{mid}")
    c2.text_area(
        "Resources mentioned", key=f"review_resources_{mid}",
        help="Courses, groups, events, reading, tools, other people's work.",
    )
    st.text_area("Next steps you commit to", key=f"review_next_steps_{mid}")
    st.text_area(
        "What this changes in my plan", key=f"review_plan_changes_{mid}",
        help=layout.method_help("M30", "M28", lead="Which roles or organizations now look like a better or worse fit, "
                            "and what you will do differently. Your goal review brings these together."),
    )
    if m["format"] == "workplace":
        st.text_area(
            "What I saw there", key=f"review_workplace_seen_{mid}",
            help=layout.method_help("M17", "M30", lead="The place itself: how people work together, the pace, the tools, "
                                "the mood."),
        )
    st.radio(
        "How useful was it? (1 to 5)", list(vocab.USEFULNESS), horizontal=True,
        help=" · ".join(vocab.USEFULNESS.values()), key=f"review_usefulness_{mid}",
    )
    st.selectbox(
        ui.md("Keep in touch with {who}", who=ui.name(m["full_name"] or "them")), list(keep_in_touch.CADENCES),
        format_func=keep_in_touch.CADENCES.get, key=f"review_cadence_{mid}",
        help="You get a reminder when it is time; any contact with them resets the date.",
    )


def review_form(ctx: kit.Context, m: dict, existing: dict | None) -> None:
    """A saved review reads as text, its form waiting in "Edit this review" (open at first for a meeting not
    reviewed yet); read-only on a shared screen."""
    mid = m["id"]
    st.subheader("What you learned")
    if existing:
        with st.container(border=True, key=f"review_summary_{mid}"):
            st.markdown(summary_markdown(m, existing))
    if not ui.editable():  # a form would show masked text and saving it would store the dots: read-only
        ui.read_only_note()
        return
    # Read first, edit on demand (issue 17): the form's ten inputs were most of what a visit to a reviewed meeting
    # cost the browser. Once opened, the box's form stays drawn, so closing it keeps what was typed (a form's
    # fields live in the browser until Save: another meeting or tab still drops them, as before).
    box = layout.opened_once("Edit this review" if existing else "Write the review", key=f"review_edit_box_{mid}",
                             expanded=existing is None, icon=":material/edit_note:")
    done = "Review saved." if existing is None else "Review updated; the earlier version is kept below."
    if box is not None:
        _open_form(m, existing)
        save = _saver(ctx, mid)
        # Saved in the button's callback, before the page is drawn: one run shows the review saved everywhere (the
        # picker's "reviewed", the thank-you draft), where saving in the page and running it again drew it twice.
        with box, st.form(f"review_form_{mid}"):
            _fields(m)
            st.form_submit_button("Save review", type="primary", on_click=ui.callback(forms.save_edit),
                                  args=(f"review_form_{mid}", save, done))
        forms.edit_status(f"review_form_{mid}", save, done)  # the result (kept on screen by quick extra clicks)


def summary_markdown(m: dict, review: dict) -> ui.Md:
    """The saved review, a paragraph per field written, then its score and the keep-in-touch cadence: user text
    escaped, and masked on a shared screen."""
    parts = [ui.md(f"**{label}**  \n{{value}}", value=review[key])
             for key, label in reviews.FIELDS.items() if review.get(key)]
    score = review.get("usefulness")
    facts = [f"How useful: {vocab.USEFULNESS[score]}" if score in vocab.USEFULNESS else "How useful: not scored",
             "Keep in touch: " + keep_in_touch.CADENCES[keep_in_touch.cadence_choice(m["keep_in_touch_days"])].lower()]
    parts.append(ui.md(":gray[{facts}]", facts=" · ".join(facts)))
    return ui.Md("\n\n".join(parts))


def live_notes(ctx: kit.Context, m: dict) -> None:
    st.subheader("Your notes from the meeting")
    st.caption(
        f"{wording.weekday(m['scheduled_at'])}, {m['scheduled_at']:%H:%M} · {vocab.label(vocab.FORMATS, m['format'])}"
        + (f" · {ui.text(m['title'])}" if m["title"] else "")
    )
    notes = reads.question_notes(ctx, m["id"])
    taken = [n for n in notes if n["notes"]]
    if not taken:
        st.info(
            "No notes were taken in live mode for this meeting. Next time, run the meeting from Step 4 "
            "and your notes per question will appear here.", icon=":material/lightbulb:",
        )
        return
    # One block for all of them (not two elements per question: issue 17); live notes are hidden entirely on a
    # shared screen.
    with st.container(border=True):
        st.markdown("\n\n".join(ui.md("**{p}. {q}**  \n{notes}", p=n["position"], q=n["question"],
                                        notes=ui.text(ui.private_text(n["notes"]))) for n in taken))


def history_section(ctx: kit.Context, m: dict) -> None:
    earlier = reads.history(ctx, m["id"])
    if not earlier:
        return
    box = layout.folded(f"Earlier versions of this review ({len(earlier)})", key=f"review_history_box_{m['id']}")
    if box is None:
        return
    with box:
        for h in earlier:
            st.caption(f"Version saved {wording.day_and_time(h['saved_at'])}, "
                       f"replaced {wording.day_and_time(h['replaced_at'])} · usefulness {h['usefulness']}")
            ui.text_block(h["insights"])


_LEFT = "_review_left_behind"  # meeting id -> {field label: text typed}, for a meeting deleted meanwhile


def _left_behind() -> None:
    """What was typed in the review of a meeting deleted meanwhile (in another tab, or with its person): kept when
    the deletion is found, shown to copy until the person lets it go. Nothing typed is lost without a word."""
    s = st.session_state
    gone = s.pop(pick.GONE, None)
    if gone is not None:
        typed = {reviews.FIELDS[f]: s.get(f"review_{f}_{gone}") for f in TEXT_FIELDS}
        typed = {k: v for k, v in typed.items() if (v or "").strip()} | referrals.typed_in_form(gone)
        s[_LEFT] = {**s.get(_LEFT, {}), gone: typed}
    for mid, typed in list(s.get(_LEFT, {}).items()):
        st.warning("The meeting you had open is no longer in this workbook (deleted in another tab, or with its "
                   "person), so what you wrote for it was not saved." + (
                       " " + drafts.where_to_copy("What you typed") if typed else ""), icon=":material/event_busy:")
        if typed:
            drafts.show_to_copy("\n\n".join(f"{label}:\n{text}" for label, text in typed.items()))
        st.button("Let it go" if typed else "OK", key=f"review_left_drop_{mid}", on_click=ui.callback(_drop_left),
                  args=(mid,))


def _drop_left(mid: int) -> None:
    st.session_state[_LEFT] = {k: v for k, v in st.session_state.get(_LEFT, {}).items() if k != mid}


@part.part
def review_tab(ctx: kit.Context) -> None:
    """The Review a meeting tab, a part of the page (views/part.py): a saved review redraws the tab alone."""
    chosen = pick.pick_meeting(ctx)
    _left_behind()
    if chosen is None:
        return
    try:
        m = reads.meeting(ctx, chosen)
        reviews.check_done(m)
    except (Invalid, NotFound) as e:
        st.error(ui.text(str(e)), icon=":material/event_busy:")
        return
    existing = reads.review(ctx, chosen)
    left, right = st.columns([3, 2], gap="large")
    with left:
        review_form(ctx, m, existing)
        history_section(ctx, m)
    with right:
        live_notes(ctx, m)
    st.divider()
    left, right = st.columns([3, 2], gap="large")
    with left:
        referrals.referral_section(ctx, m)
    with right:
        thanks.thank_you_section(ctx, m, existing)
