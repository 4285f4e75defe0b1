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
