"""The load test's workshop played over the websocket (bench/ws_client.py), step for step as bench/load.py's
browser participant plays it, with the same checks: each click is timed from the BackMsg to the end of the run
it started, then the page must show what the click should have done."""
from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

from bench import ws_client
from bench.ws_client import Page


class StepError(RuntimeError):
    """A step went wrong: its kind ("exception", "timeout", "wrong result") and what was seen."""

    def __init__(self, kind: str, step: str, detail: str):
        super().__init__(f"{kind} at {step if step.startswith('before') else repr(step)}: {detail}")
        self.kind, self.step = kind, step


PEOPLE = [("Dana Whitfield", "Water Resources Engineer"), ("Sofia Marquez", "Hydrologist"),
          ("Helen Nguyen", "Policy Analyst")]
STEPS = ["sign in", "open Goals", "use the example", "save the goal", "open Research",
         *[f"add person {i + 1}" for i in range(len(PEOPLE))], "open Outreach", "write the script",
         "open the version box", "save the script", "open Meetings", "schedule", "open Questions", "propose a plan"]


@dataclass
class Participant:
    """One person of the workshop over one websocket: the page the server drew for them and their timings."""

    n: int
    url: str
    think_s: float
    timeout_s: float
    ws: object = None
    page: Page | None = None
    samples: list = field(default_factory=list)  # (step, ms)
    error: StepError | None = None
    done: bool = False
    cut: bool = False

    @property
    def email(self) -> str:
        return f"participant-{self.n}@example.com"

    async def think(self) -> None:
        await asyncio.sleep(self.think_s * random.uniform(0.5, 1.5))  # a person reads and types between clicks

    async def timed(self, step: str, back, check: str | None = None, *, lookup: str | None = None) -> None:
        """Send the click, keep its time, then check the page shows `check` (a text) or has widget `lookup`."""
        try:
            seconds = await ws_client.send(self.ws, self.page, back, self.timeout_s)
        except TimeoutError as error:
            raise StepError("timeout", step, f"no end of run within {self.timeout_s:.0f} s") from error
        self.samples.append((step, seconds * 1000))
        self.verify(step, check, lookup)

    def verify(self, step: str, check: str | None, lookup: str | None = None) -> None:
        if self.page.exceptions():
            raise StepError("exception", step, self.page.exceptions()[0][:300])
        if check is not None and not self.page.shows(check):
            raise StepError("wrong result", step, f"the page does not show {check!r}; {self.seen()}")
        if lookup is not None:
            try:
                self.page.widget(lookup)
            except LookupError as error:
                raise StepError("wrong result", step, f"{error}; {self.seen()}") from error

    def seen(self) -> str:
        """What the page says instead (its alerts first), shortened: for the error's report."""
        alerts = [t for e in self.page.elements.values() if e.kind in ("alert", "exception") for t in e.texts]
        return "it shows: " + " | ".join(alerts or [self.page.text()])[:300].replace("\n", " ")

    def button(self, label: str, form_id: str | None = None):
        return self.page.widget(label, "button", form_id)


async def sign_in(p: Participant, connect) -> None:
    """Anonymous tab → "Sign in" → the provider as participant-N → a signed-in tab showing the Workbook picker.
    Timed from the provider's form to the signed-in page's first run (as the browser's click on Authorize)."""
    async with connect(ws_client.stream_url(p.url), **ws_client.connect_options(p.url)) as anonymous:
        page = Page(p.url)
        await ws_client.send(anonymous, page, ws_client.rerun(page), p.timeout_s)
        await ws_client.send(anonymous, page, ws_client.rerun(page, click=page.widget("Sign in", "button")),
                             p.timeout_s)
    if not page.redirect:
        raise StepError("wrong result", "sign in", "no sign-in redirect from the server")
    login = page.redirect if page.redirect.startswith("http") else p.url + page.redirect
    started = time.perf_counter()
    jar = await asyncio.to_thread(ws_client.sign_in, login, p.email)
    p.ws = await connect(ws_client.stream_url(p.url), **ws_client.connect_options(p.url, jar))
    p.page = Page(p.url)
    seconds = await ws_client.send(p.ws, p.page, ws_client.rerun(p.page), p.timeout_s)
    p.samples.append(("sign in", (time.perf_counter() - started) * 1000))
    del seconds
    p.verify("sign in", None, "Workbook")


async def goal(p: Participant) -> None:
    await p.timed("open Goals", ws_client.rerun(p.page, to="goals"), "Start from a worked example")
    await p.think()
    await p.timed("use the example", ws_client.rerun(p.page, click=p.button("Use this example in the form")),
                  "The form now holds the example")
    await p.think()
    await p.timed("save the goal", ws_client.rerun(p.page, click=p.button("Save goal")), "Goal saved (version 1)")


async def people(p: Participant) -> None:
    await p.think()
    await p.timed("open Research", ws_client.rerun(p.page, to="research"), "Add a person")
    for i, (name, title) in enumerate(PEOPLE):
        await p.think()
        add = p.button("Add person")
        values = {p.page.widget("Name", "text_input", add.form_id).id: name,
                  p.page.widget("Title or role", "text_input", add.form_id).id: title,
                  p.page.widget("Email", "text_input", add.form_id).id: f"{name.split()[0].lower()}.{p.n}@example.org"}
        await p.timed(f"add person {i + 1}", ws_client.rerun(p.page, values=values, click=add),
                      f"Added {name} to your list.")


async def script(p: Participant) -> None:
    await p.think()
    await p.timed("open Outreach", ws_client.rerun(p.page, to="outreach"), lookup="Your message (edit freely)")
    await p.think()
    message = p.page.widget("Your message (edit freely)", "text_area")
    text = (f"Hi Dana,\n\nI am participant {p.n} of today's workshop. Could we talk for 15 minutes about how your "
            "team plans for drought?\n\nThank you")
    await p.timed("write the script", ws_client.rerun(p.page, values={message.id: text}), f"I am participant {p.n}")
    await p.think()
    box = p.page.expander("Keep it as a version of your own")  # its form is drawn from its first opening on
    await p.timed("open the version box", ws_client.rerun(p.page, values={box.id: True}),
                  lookup="Name of your version")
    await p.think()
    name = p.page.widget("Name of your version", "text_input")
    await p.timed("save the script", ws_client.rerun(p.page, values={name.id: "Workshop email"},
                                                     click=p.button("Save as my version")),
                  "Saved: names become placeholders")
    await p.think()
    await p.timed("open Meetings", ws_client.rerun(p.page, tab=(p.page.tabs("Meetings"), "Meetings")),
                  "Schedule a meeting with")
    await p.think()
    await p.timed("schedule", ws_client.rerun(p.page, click=p.button("Schedule")), lookup="Meeting to manage")


async def plan(p: Participant) -> None:
    await p.think()
    await p.timed("open Questions", ws_client.rerun(p.page, to="questions"), "Propose a balanced plan")
    await p.think()
    await p.timed("propose a plan", ws_client.rerun(p.page, click=p.button("Propose a balanced plan")),
                  lookup="Propose a new plan")


async def workshop(p: Participant, delay: float) -> None:
    """One participant's whole workshop; the first error ends it (the steps after it need what it should have done)."""
    from websockets.asyncio.client import connect

    await asyncio.sleep(delay)
    try:
        await sign_in(p, connect)
        for part in (goal, people, script, plan):
            await part(p)
        p.done = True
    except StepError as error:
        p.error = error
    except asyncio.CancelledError:  # the size's time is up: not an error of the app, reported apart
        p.cut = True
    except Exception as error:  # noqa: BLE001 - a lookup or connection failure between clicks
        step = STEPS[min(len(p.samples), len(STEPS) - 1)]
        p.error = StepError("wrong result" if isinstance(error, LookupError) else "timeout", f"before '{step}'",
                            f"{type(error).__name__}: {str(error).splitlines()[0][:200] if str(error) else ''}")
    finally:
        if p.ws is not None:
            await p.ws.close()
