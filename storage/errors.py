"""Errors a user can cause: each carries one clear sentence for the screen or stderr."""


class NettuiError(Exception):
    """A problem the user can fix; str(error) is the sentence to show."""


class DatabaseError(NettuiError):
    """The database file cannot be read or written safely."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


class InputError(NettuiError):
    """A value typed by the user (date, name, energy, channel...) is not valid."""


class NotFoundError(InputError):
    """A name or id matches nothing, or matches more than one thing."""


class ChangedElsewhere(InputError):
    """Someone (another window, a CLI command) changed the same fields meanwhile; nothing was
    saved. ``conflicts`` lists (field, the value now stored, the value being saved)."""

    def __init__(self, message: str, conflicts: list[tuple[str, object, object]]) -> None:
        super().__init__(message)
        self.conflicts = conflicts
