"""Errors a person can act on. Every lib module raises these; pages show the message as it is."""


class Invalid(ValueError):
    """Input a person must correct; the message is shown to them as it is, and nothing was saved."""


class NotFound(LookupError):
    """The thing asked for is not in this workbook (deleted, or another workbook's)."""


class Conflict(RuntimeError):
    """Someone else changed a field this save also changed, after the form was opened; nothing was saved.

    `clashes`: one Clash per such field (its label, the value this person typed, the value stored now);
    `current`: the stored values of the row now, by column; `version`: its version now. Saving again with
    `version` and `current` as what the form was opened with writes this person's values (keep mine).
    """

    def __init__(self, clashes: list, current: dict, version: int) -> None:
        self.clashes = list(clashes)
        self.current = dict(current)
        self.version = version
        fields = ", ".join(c.label for c in self.clashes)
        super().__init__(f"Someone else changed {fields} after you opened this form. Nothing was saved.")


class NoAccess(LookupError):
    """The acting person may not open this workbook (hosted mode): not theirs, not shared with them, or not there.
    One message whatever the page or URL parameter, so it never tells whether the workbook exists."""


def unexpected_message(error: BaseException) -> str:
    """What a person is told when a page fails for a reason that is not theirs to fix. A write conflict that
    outlasted its retries, or no database connection in time, is the server being busy (the load test at 60
    participants on one process): said so, as a reason to try again rather than to report a fault."""
    import duckdb

    kind = type(error).__name__
    if isinstance(error, duckdb.TransactionException) or kind == "PoolTimeout":
        return ("The app is very busy at this moment and could not finish this. Nothing was half done: everything "
                "saved before is safe, and what you typed is still in the form. Try again in a moment. "
                f"(Details for whoever runs this app: {kind})")
    return ("Something went wrong on this page, and it was not your fault. Everything saved before is safe, "
            "and what you typed is still in the form. Try again; if it keeps happening, reload the page "
            f"and tell whoever runs this app. (Details for them: {kind})")
