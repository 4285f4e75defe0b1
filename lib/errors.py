"""Errors a person can act on. Every lib module raises these; pages show the message as it is."""


class Invalid(ValueError):
    """Input a person must correct; the message is shown to them as it is, and nothing was saved."""


class NotFound(LookupError):
    """The thing asked for is not in this workbook (deleted, or another workbook's)."""
