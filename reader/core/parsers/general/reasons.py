"""Why a file holds no usable paper, in its own words.

An error page or error answer saved in place of the data, a list of arXiv ids without
titles, a YAML or JSON file without papers, a text without anchors: each is named, so a
folder of mixed files tells the user what each refused one is.
"""

from __future__ import annotations

import json
import re

from reader.core.parsers.general.anchors import arxiv_ids

_ERROR_WORDS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"sorry, we can.t find the page[^<>\n]*",
        r"(?:page )?not found[^<>\n]{0,60}|\b404\b[^<>\n]{0,60}",
        r"internal server error|rate limit[^<>\n]{0,60}|too many requests|access denied|forbidden",
    )
)
"""Error-page wording, the most telling first."""
_BARE_ID = re.compile(r"(?<![\w./])(\d{4}\.\d{4,5})(?:v\d+)?(?![\w/])")
_YAML_LINE = re.compile(r"^(?:---|[\w-]{1,40}:(?:\s.*)?|\s+- .*|- .*|\s+[\w-]{1,40}:.*|#.*)?$")


def refusal(text: str, markdown: str | None) -> tuple[str, bool]:
    """The one-line reason a file the extractor found no paper in is refused, and whether it
    names what the file is (an error page, ids...) rather than only that it holds no paper."""
    stripped = text.strip()
    error = _json_error(stripped)
    if error is not None:
        return error, True
    ids = arxiv_ids(text)
    head = (markdown or stripped)[:4096]
    page_error = next((found for pattern in _ERROR_WORDS if (found := pattern.search(head))), None)
    hf = "huggingface" in text[:65536].casefold().replace(" ", "")
    if page_error and not ids:
        return f"{'an HF error page' if hf else 'an error page'}: {_sentence(page_error.group(0))}", True
    lines = [line for line in stripped.split("\n")[:2000] if line.strip()]
    id_lines = [line for line in lines if arxiv_ids(line) or _BARE_ID.search(line)]
    if id_lines and len(id_lines) * 2 >= len(lines):
        count = len(set(ids) | {match.group(1) for line in id_lines for match in _BARE_ID.finditer(line)})
        return f"only arXiv ids, no titles ({count} id{'s' if count != 1 else ''})", True
    if stripped[:1] in ("[", "{"):
        return "JSON without papers (no record has a title and a paper link)", False
    if lines and all(_YAML_LINE.match(line) for line in lines) and any(":" in line for line in lines):
        return "a YAML file without papers (no entry has a title and a paper link)", True
    if markdown is not None:
        return "an HTML page without papers (no title next to a paper link)", False
    return "not a Daily Papers dump in any format papers knows", False


def _json_error(text: str) -> str | None:
    if not text.startswith("{") or len(text) > 65536:
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    message = data.get("error") if isinstance(data, dict) else None
    if isinstance(message, dict):
        message = message.get("message")
    if isinstance(message, str) and message.strip():
        return f"an error answer saved in place of the data: {_sentence(message)}"
    return None


def _sentence(text: str) -> str:
    return " ".join(text.split())[:160]
