"""The synonym table: labels and keys that name a paper's fields, in the languages dumps use.

``TEXT_LABELS`` maps a folded text label (``**Tác giả:**`` -> ``tác giả``) to what it means,
``JSON_KEYS`` a folded JSON key (``arxiv_page_url`` -> ``arxivpageurl``). A count named
``stars`` is a repository's GitHub stars, never upvotes.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from reader.core.dates import parse_iso_date, parse_month_day
from reader.core.models import LooseDate
from reader.core.parsers.general.anchors import fold


class Meaning(StrEnum):
    """What a labelled value or a JSON key holds."""

    TITLE = "title"
    ABSTRACT = "abstract"
    SUMMARY = "summary"
    AUTHORS = "authors"
    UPVOTES = "upvotes"
    COMMENTS = "comments"
    STARS = "stars"
    PUBLISHED = "published"
    DAY = "day"
    ID = "id"
    URL = "url"
    CODE = "code"
    PROJECT = "project"
    TRANSLATION = "translation"
    KEYWORDS = "keywords"
    OTHER = "other"
    """A field we do not read (relevance notes, tags...): never a title, never an abstract."""


def _table(pairs: dict[Meaning, str]) -> dict[str, Meaning]:
    return {word.strip(): meaning for meaning, words in pairs.items() for word in words.split("|")}


TEXT_LABELS = _table(
    {
        Meaning.TITLE: "title|paper title|original title|english title|原文标题|标题|英文标题|論文タイトル|タイトル"
        "|제목|논문 제목|원제|tiêu đề|tên bài báo|titre|título|titel",
        Meaning.ABSTRACT: "abstract|summary|paper summary|摘要|概要|要約|요약|초록|tóm tắt|résumé|resumen"
        "|zusammenfassung|аннотация",
        Meaning.SUMMARY: "tl;dr|tldr|ai summary|ai-generated summary|ai generated summary",
        Meaning.AUTHORS: "authors|author|作者|著者|저자|tác giả|auteurs|autores|autoren|авторы",
        Meaning.UPVOTES: "upvotes|upvote|votes|vote|likes|点赞|点赞数|赞|추천|추천수|lượt bình chọn|lượt thích",
        Meaning.COMMENTS: "comments|评论|评论数|댓글|bình luận",
        Meaning.STARS: "stars|github stars|星标",
        Meaning.PUBLISHED: "published|published at|published on|publication date|xuất bản lúc|ngày xuất bản"
        "|发布时间|发表时间|发布日期|公開日|게시일|출판일|publié le",
        Meaning.DAY: "date|day|scraped date|featured on|日期",
        Meaning.ID: "arxiv id|arxiv|id|paper id|论文id|arxiv 编号",
        Meaning.URL: "link|links|url|paper link|paper|论文链接|链接|论文地址|đường dẫn|링크|논문 링크|pdf"
        "|pdf download|hugging face|huggingface|arxiv abstract|full paper|hf",
        Meaning.CODE: "code|github|github repository|repository|代码|代码链接",
        Meaning.PROJECT: "project page|project|项目主页",
        Meaning.TRANSLATION: "translation|中文翻译|翻译",
        Meaning.KEYWORDS: "keywords|关键词|từ khóa|키워드",
        Meaning.OTHER: "relevance|note|notes|tags|category|categories|topic|score|reason|institution",
    }
)

JSON_KEYS = _table(
    {
        Meaning.TITLE: "title|papertitle|headline",
        Meaning.ABSTRACT: "abstract|summary|description|contenttext|abstracttext",
        Meaning.SUMMARY: "aisummary|tldr",
        Meaning.AUTHORS: "authors|author|creators|authorlist",
        Meaning.UPVOTES: "upvotes|likes|votes|upvotecount|numupvotes|likecount",
        Meaning.COMMENTS: "numcomments|commentcount|comments",
        Meaning.STARS: "stars|githubstars|stargazers",
        Meaning.PUBLISHED: "publishedat|published|publisheddate|publicationdate|datepublished|arxivdate",
        Meaning.DAY: "scrapeddate|submittedondailyat|date|day|featureddate|listeddate|dailydate|scrapedat",
        Meaning.ID: "arxivid|id|paperid|arxiv",
        Meaning.URL: "paperurl|url|link|arxivpageurl|arxivurl|pageurl|pdfurl|absurl|hfurl|paperlink|pdf",
        Meaning.CODE: "githublinks|github|githuburl|githubrepo|code|codeurl|repo|repository",
        Meaning.PROJECT: "projectpage|projecturl|homepage",
        Meaning.TRANSLATION: "translation|translated|translatedtitle|titlezh|titlecn|zhtitle",
        Meaning.KEYWORDS: "keywords|aikeywords|tags",
    }
)

JSON_KEY_RANK = {key: rank for rank, key in enumerate(JSON_KEYS)}
"""Earlier keys of one meaning win (``scraped_date`` before ``scraped_at``)."""

_LABEL_LINE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?(?:[^\w\s*_\[<]{1,3}[ \t]*)?(?:\*\*|__)?(?P<label>[^:：*_\n\[\]()]{1,40}?)"
    r"[ \t]*(?:\*\*|__)?[ \t]*[:：][ \t]*(?:\*\*|__)?(?!//)[ \t]*(?P<value>.*)$"
)
_BOLD_LABEL = re.compile(r"^[ \t]*(?:[-*+][ \t]+)?(?:[^\w\s*_]{1,3}[ \t]*)?(?:\*\*|__)[^*_\n]{1,40}[:：]")
_AUTHOR_SPLIT = re.compile(r"\s*(?:[,;、，；]|\band\b|<br\s*/?>)\s*")


def json_meaning(key: str) -> Meaning | None:
    """What a JSON key means, if the table knows it."""
    return JSON_KEYS.get("".join(ch for ch in key.casefold() if ch.isalnum()))


def label_line(line: str) -> tuple[Meaning, str] | None:
    """(meaning, value) of a ``Label: value`` line (bold or not, any language); None otherwise.

    A label the table does not know counts only when it is bold (``**Relevance:**``): then
    it is ``Meaning.OTHER``, a field that is read as nothing.
    """
    match = _LABEL_LINE.match(line)
    if match is None:
        return None
    meaning = TEXT_LABELS.get(fold(match.group("label")))
    if meaning is None:
        return (Meaning.OTHER, match.group("value")) if _BOLD_LABEL.match(line) else None
    return meaning, match.group("value").strip()


def split_authors(text: str) -> tuple[str, ...]:
    """``a, b and c`` -> the names, stripped of Markdown emphasis."""
    names = (part.strip(" *_`.") for part in _AUTHOR_SPLIT.split(text))
    return tuple(name for name in names if name and name.casefold() not in ("n/a", "none", "-", "unknown"))


def read_day(value: object) -> dt.date | None:
    """A full date (ISO date or timestamp) written in a field."""
    return parse_iso_date(value.strip()) if isinstance(value, str) else None


def read_loose_date(value: object) -> LooseDate | None:
    """A published date: ISO (with its year) or ``Jan 2[, 2024]``."""
    day = read_day(value)
    if day is not None:
        return LooseDate(day.month, day.day, day.year)
    return parse_month_day(value.strip()) if isinstance(value, str) and len(value) < 40 else None
