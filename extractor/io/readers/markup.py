"""HTML pages (`.html`, `.htm`): the main text via trafilatura (menus, footers, scripts dropped), a plain
tag-stripping fallback when trafilatura finds nothing, and the page's encoding told from its bytes first and
its `<meta charset>` second.
"""

from __future__ import annotations

import re
import warnings
from html.parser import HTMLParser
from pathlib import Path

from extractor.io.readers import bounds
from extractor.io.readers.bounds import INSTALL_HINT, ReadError, mb, read_bytes
from extractor.io.readers.plaintext import decode_bytes

_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
                         "table", "section", "article", "header", "footer", "blockquote", "pre", "dd", "dt",
                         "hr"})
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object"})


class _PlainText(HTMLParser):
    """The fallback: all visible text, blocks on their own lines, scripts and styles dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)

    def text(self) -> str:
        raw = "".join(self.parts)
        lines = (" ".join(line.split()) for line in raw.split("\n"))
        return "\n\n".join(line for line in lines if line)


def html_to_text(markup: str) -> str:
    """Main text of a page: trafilatura first, a plain tag-stripper when it finds nothing.

    Paragraphs are separated by a blank line, so the extractor's paragraph
    splitter never glues a headline to the first sentence.
    """
    text = ""
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - batch extra (or lxml_html_clean) missing
        warnings.warn(f"trafilatura unavailable ({exc}); HTML pages keep their menus and footers "
                      f"({INSTALL_HINT})", stacklevel=2)
        trafilatura = None
    if trafilatura is not None:
        try:
            text = trafilatura.extract(markup, include_comments=False, include_tables=True,
                                       favor_recall=True, deduplicate=False) or ""
        except Exception:  # a parser failure on one page must fall back, not fail
            text = ""
    if text.strip():
        return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
    parser = _PlainText()
    parser.feed(markup)
    parser.close()
    return parser.text()


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def read_html(path: Path) -> str:
    """An HTML page's main text.

    Bytes that are valid UTF-8 are taken as UTF-8 whatever the page declares
    (crawled pages often keep a stale `<meta charset>`); otherwise the declared
    charset, otherwise the same careful guess as for text files.
    """
    data = read_bytes(path)
    if len(data) > bounds.LIMITS.max_html_bytes:
        raise ReadError("TooLarge", f"the page is {mb(len(data))}, over the limit of "
                                    f"{mb(bounds.LIMITS.max_html_bytes)} for HTML")
    markup: str | None = None
    try:
        markup = decode_bytes(data) if _is_utf(data) else None
    except ReadError:
        markup = None
    if markup is None:
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            try:
                markup = data.decode(declared.group(1).decode("ascii").lower())
            except (LookupError, UnicodeDecodeError):
                markup = None
    if markup is None:
        markup = decode_bytes(data)
    text = html_to_text(markup)
    if not text.strip():
        raise ReadError("NoText", "the page has no visible text")
    return text


def _is_utf(data: bytes) -> bool:
    """Whether bytes carry a Unicode BOM or decode as UTF-8."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
