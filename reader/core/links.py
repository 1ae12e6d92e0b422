"""Links of a paper: arXiv ids found in URLs, the links a paper offers, safe opening,
and its Markdown link (the citation forms are in ``citations``)."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable

from reader.core.models import Link, Paper
from reader.core.text import has_control

_ARXIV_IN_URL = re.compile(
    r"(?:huggingface\.co/papers/|arxiv\.org/(?:abs|pdf|html)/)"
    r"(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?",
    re.IGNORECASE,
)
_ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5})(?:v\d+)?$")
_CODE_URL = re.compile(r"https?://(?:www\.)?(?:github\.com|gitlab\.com)/[\w.\-]+/[\w.\-]+[^\s)\]>\"',]*")
HF_PAPERS = "https://huggingface.co/papers"


def arxiv_id_from_url(url: str) -> str | None:
    """The arXiv id in an HF paper or arXiv link, without its version; None if absent."""
    match = _ARXIV_IN_URL.search(url)
    return match.group(1) if match else None


def normalise_arxiv_id(value: str | None) -> str | None:
    """``2502.20313v2`` -> ``2502.20313``; None for anything that is not an arXiv id."""
    if not value:
        return None
    match = _ARXIV_ID.match(value.strip())
    return match.group(1) if match else None


def code_urls(text: str) -> list[str]:
    """GitHub and GitLab repository links written inside a text (an abstract)."""
    return [url.rstrip(".;:") for url in _CODE_URL.findall(text)]


def is_openable(url: str) -> bool:
    """True only for absolute http(s) links: never ``javascript:``, ``file:`` or the like,
    and never a URL holding a control character (an escape sequence smuggled into a link)."""
    if has_control(url):
        return False
    parsed = urllib.parse.urlparse(url.strip())
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


def build_links(
    arxiv_id: str | None,
    title: str,
    extra_urls: Iterable[str] = (),
    project_page: str | None = None,
) -> tuple[Link, ...]:
    """Every link of a paper, best first (the first is what ``y`` copies)."""
    links: list[Link] = []
    if arxiv_id:
        links += [
            Link("hf", "Hugging Face page", f"{HF_PAPERS}/{arxiv_id}"),
            Link("arxiv", "arXiv abstract", f"https://arxiv.org/abs/{arxiv_id}"),
            Link("pdf", "PDF", f"https://arxiv.org/pdf/{arxiv_id}"),
        ]
    else:
        query = urllib.parse.quote_plus(title, safe="")
        links.append(Link("search", "Search Hugging Face", f"{HF_PAPERS}?q={query}"))
    seen = {link.url for link in links}
    for url in extra_urls:
        if not is_openable(url) or url in seen or arxiv_id_from_url(url):
            continue
        if _CODE_URL.match(url):
            seen.add(url)
            links.append(Link("code", "Code", url))
    if project_page and is_openable(project_page) and project_page not in seen:
        links.append(Link("project", "Project page", project_page))
    return tuple(links)


def markdown_link(paper: Paper) -> str:
    """``[Title](url)`` with brackets in the title escaped."""
    title = paper.title.replace("[", "\\[").replace("]", "\\]")
    return f"[{title}]({paper.url})"
