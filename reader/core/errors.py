"""The core's exception tree: every error the core raises on purpose is a ``ReaderError``.

Callers (the CLI and the UI) catch ``ReaderError`` and show its message as a one-line
reason; anything else escaping the core is a bug.
"""

from __future__ import annotations


class ReaderError(Exception):
    """Base class of every error raised deliberately by ``reader.core``."""


class ParseError(ReaderError):
    """A dump file could not be read as any known format (the message says why)."""


class QueryError(ReaderError):
    """A search query could not be understood."""


class PaperNotFound(ReaderError):
    """No paper of the library has the key or arXiv id asked for."""


class IndexBuilding(QueryError):
    """The search index is still being built (the catalog can be browsed meanwhile); the
    message says how far it is ("indexing, 40%")."""


class IndexUnavailable(ReaderError):
    """The search index could not be opened, written or rebuilt."""


class IndexBusy(IndexUnavailable):
    """Another process holds the index's write lock longer than we were willing to wait."""


class StoreError(ReaderError):
    """User data (bookmarks, state, config) could not be read or written."""


class ConfigError(ReaderError):
    """The user's ``config.toml`` is unreadable or invalid."""


class FetchError(ReaderError):
    """``papers fetch`` could not start: a date it cannot fetch, a library folder it cannot
    write, or another fetch already running. Failures of single days are in its result."""


class NoPapers(ParseError):
    """A dump read without error in a known format that holds no paper (the general
    extractor gets a try before the reason is shown)."""


class Refusal(ParseError):
    """A file recognised as something other than papers (an error page, a list of bare
    arXiv ids, a YAML file...): its reason wins over an exact reader's "holds no papers"."""


class SearchCancelled(ReaderError):
    """A running search was abandoned through its ``cancel`` callable (a newer search, or quitting)."""


class TagError(ReaderError):
    """Tags typed by the user that cannot be kept (the message says which and why)."""
