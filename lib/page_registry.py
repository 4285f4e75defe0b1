"""The one list of the app's pages: key, title, icon, section, step number, what the step is for and what
"done" means. Navigation (app.py via views/registry.py), Home, next actions and every link read it.

Pure data: the file behind a page is views/registry.py's business, so lib never names a path of app_pages/.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    key: str                 # also the URL path (the home page has none) and the module name in app_pages/
    title: str               # the page's own name, without its step number
    icon: str
    section: str             # the navigation group it is listed under
    step: int | None = None  # its number among the five steps of the method
    intro: str = ""          # what the step is for, in one sentence (Home's guided start)
    done_means: str = ""     # what "done" means for the step; {target} is the goal's number of interviews

    @property
    def nav_title(self) -> str:
        """The title in the sidebar: "2 · Research" for a step, else the title."""
        return f"{self.step} · {self.title}" if self.step else self.title


PAGES: tuple[Page, ...] = (
    Page("home", "Home", ":material/home:", "Your workbook"),
    Page("goals", "Goals", ":material/flag:", "The five steps", 1,
         "Write what you want to learn, why, and a target: about ten conversations by a date.",
         "What you want to learn, a target number and a date are saved."),
    Page("research", "Research", ":material/travel_explore:", "The five steps", 2,
         "Find organizations and people in the roles you are curious about, and learn about them first.",
         "At least {target} people researched, one for each interview you aim for."),
    Page("outreach", "Outreach", ":material/send:", "The five steps", 3,
         "Ask each person for 15–20 minutes to learn from them, never for a job, and follow up.",
         "{target} meetings booked."),
    Page("questions", "Questions", ":material/checklist:", "The five steps", 4,
         "Prepare 12–14 questions for each meeting, print them, and keep to the time.",
         "A question plan for each of your {target} meetings."),
    Page("review", "Review", ":material/rate_review:", "The five steps", 5,
         "Write down what you learned, thank them within a day, and follow up on referrals.",
         "{target} meetings held and reviewed, and your goal looked at again."),
    Page("network", "Network", ":material/hub:", "Overview"),
    Page("workbooks", "Workbooks", ":material/folder_shared:", "Overview"),
    Page("method", "Method", ":material/menu_book:", "Overview"),
)

_BY_KEY = {p.key: p for p in PAGES}


def get(key: str) -> Page:
    """The page of `key` (KeyError for a key that is not a page: a typo in a link fails loudly)."""
    return _BY_KEY[key]


def steps() -> tuple[Page, ...]:
    """The five steps of the method, in order."""
    return tuple(p for p in PAGES if p.step)
