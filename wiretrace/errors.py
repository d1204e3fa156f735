"""Exceptions raised by wiretrace: one base class, a few precise subclasses."""

from __future__ import annotations


class WiretraceError(Exception):
    """Base class of every error wiretrace raises on purpose."""


class InputError(WiretraceError):
    """An input document could not be read or holds no article.

    The message always names the input (path or record id) and the reason, so the CLI can
    print it as one line.
    """

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")


class ConfigError(WiretraceError):
    """A setting is out of range or inconsistent; the message says how to fix it."""


class MissingDependencyError(WiretraceError):
    """An optional part is not installed; the message names the pip command to run."""
