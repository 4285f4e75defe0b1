"""The one list of the app's pages (data/pages.json): key, title, icon, section, step number, what the step is
for and what "done" means. Navigation (app.py via views/registry.py), Home, next actions and every link read it.

Pure data: the file behind a page is views/registry.py's business, so lib never names a path of app_pages/.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


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


PAGES_FILE = Path(__file__).resolve().parent.parent / "data" / "pages.json"  # in navigation order
PAGES: tuple[Page, ...] = tuple(Page(**p) for p in json.loads(PAGES_FILE.read_text(encoding="utf-8")))

_BY_KEY = {p.key: p for p in PAGES}


def get(key: str) -> Page:
    """The page of `key` (KeyError for a key that is not a page: a typo in a link fails loudly)."""
    return _BY_KEY[key]


def steps() -> tuple[Page, ...]:
    """The five steps of the method, in order."""
    return tuple(p for p in PAGES if p.step)
