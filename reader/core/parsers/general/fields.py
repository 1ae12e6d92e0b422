"""The fields of one paper as the general extractor gathers them, and the entry they make.

Text blocks and JSON records both feed a ``Fields`` by meaning (see ``labels``); ``entry``
then decides: a paper needs a real title and one anchor (or, without an anchor, an
abstract or a date beside its title). Of several titles the English one wins and the
others are kept as ``other_titles``; an abstract in another script than an English title
is a translation, not the abstract.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reader.core.links import HF_PAPERS, normalise_arxiv_id
from reader.core.models import Entry, LooseDate
from reader.core.parsers._common import as_int, unique
from reader.core.parsers.general.anchors import arxiv_ids, is_cjk, is_english, is_title, strip_numbering, urls_in
from reader.core.parsers.general.labels import Meaning, read_day, read_loose_date, split_authors
from reader.core.text import one_line


@dataclass
class Fields:
    """What is known of one paper so far; the first value of each meaning wins."""

    titles: list[str] = field(default_factory=list)
    abstract: str = ""
    summary: str | None = None
    authors: tuple[str, ...] = ()
    upvotes: int | None = None
    comments: int | None = None
    stars: int | None = None
    published: LooseDate | None = None
    day: dt.date | None = None
    ids: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    project: str | None = None
    keywords: tuple[str, ...] = ()

    def add_title(self, text: str) -> None:
        """A title candidate (a heading, a ``Title:`` value, a ``title`` key)."""
        title = one_line(strip_numbering(text))
        if is_title(title) and title not in self.titles:
            self.titles.append(title)

    def add_text(self, text: str) -> None:
        """Free text: its anchors and links count, its words do not."""
        self.ids += (found for found in arxiv_ids(text) if found not in self.ids)
        self.urls += urls_in(text)

    def add(self, meaning: Meaning, value: object) -> None:
        """A value whose meaning the label or key told (strings, numbers or lists)."""
        if isinstance(value, list):
            if meaning is Meaning.AUTHORS:
                names = [name for item in value if (name := _name(item))]
                self.authors = self.authors or tuple(one_line(name) for name in names)
            elif meaning is Meaning.KEYWORDS:
                self.keywords = self.keywords or tuple(one_line(v) for v in value if isinstance(v, str) and v.strip())
            else:
                for item in value:
                    if isinstance(item, str | int):
                        self.add(meaning, item)
            return
        if meaning is Meaning.UPVOTES:
            self.upvotes = self.upvotes if self.upvotes is not None else as_int(value)
        elif meaning is Meaning.COMMENTS:
            self.comments = self.comments if self.comments is not None else as_int(value)
        elif meaning is Meaning.STARS:
            self.stars = self.stars if self.stars is not None else as_int(value)
        elif isinstance(value, str) and value.strip():
            self._add_text_value(meaning, value)

    def _add_text_value(self, meaning: Meaning, value: str) -> None:
        if meaning is Meaning.TITLE:
            self.add_title(value)
        elif meaning is Meaning.ABSTRACT:
            self.abstract = self.abstract or one_line(value)
        elif meaning is Meaning.SUMMARY:
            self.summary = self.summary or one_line(value)
        elif meaning is Meaning.AUTHORS:
            self.authors = self.authors or split_authors(one_line(value))
        elif meaning is Meaning.PUBLISHED:
            self.published = self.published or read_loose_date(value)
        elif meaning is Meaning.DAY:
            self.day = self.day or read_day(value)
        elif meaning is Meaning.ID:
            found = normalise_arxiv_id(value.strip().removeprefix("arXiv:").strip())
            if found and found not in self.ids:
                self.ids.append(found)
            self.add_text(value)
        elif meaning in (Meaning.URL, Meaning.CODE, Meaning.PROJECT):
            self.add_text(value)
            links = urls_in(value)
            if meaning is Meaning.CODE:
                self.code += links
            elif meaning is Meaning.PROJECT and links:
                self.project = self.project or links[0]

    def entry(self, day: dt.date | None = None) -> Entry | None:
        """The paper these fields describe, or None when they do not make one."""
        if not self.titles or len(self.ids) > 1:
            return None
        arxiv_id = self.ids[0] if self.ids else None
        if arxiv_id is None and not (self.abstract or self.day):
            return None
        title = next((title for title in self.titles if is_english(title)), self.titles[0])
        abstract = self.abstract
        if abstract and is_english(title) and is_cjk(abstract):
            abstract = ""  # a translated abstract under an English title
        urls = [url for url in self.urls if url.startswith(("http://", "https://"))]
        return Entry(
            title=title,
            abstract=abstract,
            published=self.published,
            authors=self.authors,
            author_count=len(self.authors) or None,
            upvotes=self.upvotes,
            comments=self.comments,
            arxiv_id=arxiv_id,
            day=self.day or day,
            urls=unique([f"{HF_PAPERS}/{arxiv_id}" if arxiv_id else None, *urls]),
            github_repo=next((url for url in self.code if "github.com/" in url), None),
            github_stars=self.stars,
            project_page=self.project,
            summary=self.summary,
            keywords=self.keywords,
            other_titles=tuple(other for other in self.titles if other != title),
        )


def _name(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, dict):
        name = value.get("name") or value.get("fullname") or value.get("user")
        return name if isinstance(name, str) and name.strip() else None
    return None
