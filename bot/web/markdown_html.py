"""Chat answers as HTML for the web page: Markdown rendered by markdown-it-py (CommonMark,
raw HTML off) and then sanitized by nh3 (the Ammonia sanitizer) to a small allow-list,
so nothing a request or a document carries can become markup of its own."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")
ALLOWED_TAGS = frozenset(
    {"h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "code", "pre", "blockquote",
     "a", "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "details", "summary"}
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"https", "http", "mailto"})


def sanitized_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
    )


def markdown_html(text: str) -> str:
    """``text`` (Markdown) as sanitized HTML."""
    return sanitized_html(_MARKDOWN.render(text))


def collapsed_html(opening: str, details: str, summary: str = "The full plan") -> str:
    """The opening shown, the rest folded under ``summary`` (both Markdown)."""
    body = _MARKDOWN.render(details)
    return sanitized_html(
        f"{_MARKDOWN.render(opening)}<details><summary>{nh3.clean_text(summary)}</summary>"
        f"{body}</details>"
    )
