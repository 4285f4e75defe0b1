"""The method the workbook teaches, point by point (ids M1…M32 of method/METHOD.md), in the app's own words.

Screens never print the ids: a point reaches a person as a tooltip that names it and links to its place on
the Method page (`help_text`), and the Method page lists them all by step. Tests and code comments may cite ids.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

PAGE_URL = "method"          # the Method page's url_path; anchors are its lower-cased ids ("method#m14")


@dataclass(frozen=True)
class Point:
    id: str
    step: int
    title: str
    explanation: str

    @property
    def anchor(self) -> str:
        """The Method page's anchor of this point ("m14"): stable, so links can rely on it."""
        return self.id.lower()

    @property
    def number(self) -> int:
        return int(self.id[1:])


STEPS = {
    1: "Goals and intentions",
    2: "Research",
    3: "Outreach",
    4: "Questions",
    5: "Review what you learned",
}

POINTS_FILE = Path(__file__).resolve().parent.parent / "data" / "method_points.json"  # the app's own words
_POINTS = [Point(**p) for p in json.loads(POINTS_FILE.read_text(encoding="utf-8"))]
POINTS: dict[str, Point] = {p.id: p for p in _POINTS}


def by_step() -> dict[int, list[Point]]:
    """Every point, grouped by the step it belongs to, steps in order and points by number within a step."""
    out: dict[int, list[Point]] = {step: [] for step in STEPS}
    for p in sorted(_POINTS, key=lambda p: p.number):
        out[p.step].append(p)
    return out


_RANGE = re.compile(r"M(\d+)\s*[–-]\s*M(\d+)")
_ONE = re.compile(r"M(\d+)")


def expand(*codes: str) -> list[str]:
    """Known ids named by `codes`, in order, without repeats: each code may be "M14", "M16–M17" or "M7/M8".

    An unknown id raises KeyError, so a typo in a page fails its tests instead of linking nowhere.
    """
    out: list[str] = []
    for code in codes:
        for part in re.split(r"[,/ ]+", _RANGE.sub(lambda m: "/".join(
                f"M{n}" for n in range(int(m[1]), int(m[2]) + 1)), code)):
            if not part:
                continue
            if not _ONE.fullmatch(part) or part not in POINTS:
                raise KeyError(f"No method point {part!r}")
            if part not in out:
                out.append(part)
    return out


def link(point_id: str) -> str:
    """The relative URL of a point on the Method page ("method#m14")."""
    return f"{PAGE_URL}#{POINTS[point_id].anchor}"


def step_help(step: int) -> str:
    """A tooltip linking to the Method page's section on a step (its points in words)."""
    return f"The method behind this step: [{STEPS[step]}]({PAGE_URL}#step{step})"


def help_text(*codes: str, lead: str = "") -> str:
    """A tooltip (Markdown) naming each point in words with a link to its explanation; never the ids.

    `lead` (the app's own text, not user data) comes first when a widget already had a help text.
    """
    points = [POINTS[pid] for pid in expand(*codes)]
    links = [f"[{p.title}]({link(p.id)})" for p in points]
    body = ("From the method: " + links[0]) if len(links) == 1 else "\n".join(["From the method:", ""] + [f"- {x}" for x in links])
    return f"{lead}\n\n{body}" if lead else body


# Ids as screens must never show them: "M14", "(M11–M17)", "M7/M8".
VISIBLE_ID = re.compile(r"\bM([1-9]|[12][0-9]|3[0-2])\b")


# TIARA: a second tag for questions beside role / organization / industry (from wider practice, not an id).
TIARA_ANCHOR = "tiara"
TIARA_TITLE = "TIARA: five kinds of question"
TIARA_EXPLANATION = (
    "A second way to tag a question, from Steve Dalton's *The 2-Hour Job Search*: **Trends** (where the field is "
    "going), **Insights** (what they know that outsiders miss), **Advice** (what they would do in your place), "
    "**Resources** (people, groups or reading to look at next) and **Assignments** (the work they actually do). "
    "A plan that touches all five gives a fuller picture.")
TIARA_SHORT = ("TIARA tags a question by what it asks for: Trends, Insights, Advice, Resources or Assignments "
               "(the work they do).")


def tiara_help() -> str:
    """A help= tooltip that spells out TIARA and links to its explanation on the Method page."""
    return f"{TIARA_SHORT} [More about TIARA]({PAGE_URL}#{TIARA_ANCHOR})"
