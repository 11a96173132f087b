"""Errors the services raise; the web layer and the CLI translate them for people."""

from __future__ import annotations

from datetime import timedelta


class ServiceError(Exception):
    """A request that the rules of the academy refuse; the message is fit to show."""


class InvalidInput(ServiceError):
    """A value a person entered breaks a rule; ``field`` names the form field it belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class NotPermitted(ServiceError):
    """The action is not allowed for this person or in this state."""


class NotFound(ServiceError):
    """The thing asked for does not exist (or is not visible to the asker)."""


class Throttled(ServiceError):
    """Too many attempts; ``retry_after`` says how long to wait."""

    def __init__(self, message: str, retry_after: timedelta) -> None:
        super().__init__(message)
        self.retry_after = retry_after
