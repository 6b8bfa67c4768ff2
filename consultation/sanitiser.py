"""The one place user text is cleaned and turned into HTML.

Comments are plain text: paragraphs, line breaks and auto-linked http(s)
URLs, every character escaped by MarkupSafe and links found by bleach's
linkifier. Officer text (consultation bodies, questions, outcomes) may use a
small Markdown subset, which goes through bleach's safelist. Either way what
leaves here is safe, so templates may mark it safe, and the work done is
linear in the length of the text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import partial

import bleach
import markdown as markdown_lib
from bleach.linkifier import PROTO_RE, LinkifyFilter
from markupsafe import Markup, escape

#: rel on every link a person wrote: no SEO credit, marked as user content,
#: and the opened page gets no handle on ours.
USER_LINK_REL = "nofollow ugc noopener"

#: Longest link text shown; the href keeps the whole URL.
LINK_TEXT_MAX = 60

#: Longest text the sanitiser will work on; forms refuse far less long before this.
MAX_INPUT_CHARS = 100_000

#: Deepest blockquote or list nesting kept from officer Markdown.
MARKDOWN_MAX_NESTING = 4

COMMENT_TAGS = frozenset({"p", "br", "a"})
MARKDOWN_TAGS = frozenset(
    {"p", "br", "a", "strong", "em", "ul", "ol", "li", "h2", "h3", "h4", "blockquote"}
)
LINK_ATTRIBUTES = {"a": ["href", "rel"]}
SAFE_PROTOCOLS = frozenset({"http", "https", "mailto"})

# Controls except tab and newline; DEL; C1 controls.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidi embeddings, overrides and isolates (Trojan Source): stripped, and names
# are rendered in <bdi> so legitimate right-to-left text still displays well.
_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Invisible characters that defeat duplicate and word checks.
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad]")
_INVISIBLE_JOINERS = re.compile(r"[\u200c\u200d]")
# More than three combining marks on one letter is a "zalgo" flood.
_COMBINING_FLOOD = re.compile(
    r"([\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]{3})"
    r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"
)
_BLANK_LINES = re.compile(r"\n\s*\n+")
_QUOTE_PREFIX = re.compile(
    r"^((?:\s*>){" + str(MARKDOWN_MAX_NESTING) + r"})(?:\s*>)+", re.MULTILINE
)


def normalise_text(value: str | None, *, single_line: bool = False) -> str:
    """Clean what a person typed before it is validated or stored.

    NFC-normalises, unifies line endings, strips NUL and other control
    characters, bidi overrides, invisible characters and combining-mark
    floods, and trims surrounding white space. `single_line` also folds
    newlines and removes zero-width joiners (for names and titles).
    """
    if not value:
        return ""
    text = unicodedata.normalize("NFC", value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if single_line:
        text = text.replace("\n", " ").replace("\t", " ")
        text = _INVISIBLE_JOINERS.sub("", text)
    text = _CONTROL_CHARS.sub("", text)
    text = _BIDI_CONTROLS.sub("", text)
    text = _INVISIBLE.sub("", text)
    text = _COMBINING_FLOOD.sub(r"\1", text)
    if single_line:
        text = re.sub(r" {2,}", " ", text)
    return text.strip()


def _scripts(word: str) -> set[str]:
    scripts = set()
    for char in word:
        if char.isalpha():
            name = unicodedata.name(char, "")
            scripts.add(name.split(" ", 1)[0])
    return scripts


def has_mixed_script_word(value: str) -> bool:
    """True when one word mixes Latin, Cyrillic or Greek letters (a homoglyph trick)."""
    confusable = {"LATIN", "CYRILLIC", "GREEK"}
    return any(len(_scripts(word) & confusable) > 1 for word in value.split())


def _check_size(text: str) -> None:
    # Bounds the sanitiser's time: html5lib is pure Python.
    if len(text) > MAX_INPUT_CHARS:
        raise ValueError(f"text longer than {MAX_INPUT_CHARS} characters")


def _link_callback(attrs: dict, new: bool = False) -> dict | None:
    href = attrs.get((None, "href"), "")
    if not href.lower().startswith(("http://", "https://")):
        return None  # leave the text as text
    attrs[(None, "rel")] = USER_LINK_REL
    text = attrs.get("_text", "")
    if len(text) > LINK_TEXT_MAX:
        attrs["_text"] = text[: LINK_TEXT_MAX - 1] + "…"
    return attrs


#: bleach's linkifier, used on plain text (it needs no token stream for that).
_link_finder = LinkifyFilter([], callbacks=[_link_callback], parse_email=False)

#: Officer Markdown, cleaned and linked in one pass over the HTML.
_markdown_cleaner = bleach.Cleaner(
    tags=MARKDOWN_TAGS,
    attributes=LINK_ATTRIBUTES,
    protocols=SAFE_PROTOCOLS,
    strip=True,
    filters=[partial(LinkifyFilter, callbacks=[_link_callback], parse_email=False)],
)


def _linked_line(line: str) -> Markup:
    """One line of plain text, escaped, with the URLs bleach's linkifier finds as links.

    bleach's own URL pattern, trimming and callbacks run on the plain text, so
    no HTML parser sees it: html5lib takes time out of proportion to the input
    on text dense with markup characters ('<b>' × 30,000 took seconds).
    """
    pieces = []
    end = 0
    for match in _link_finder.url_re.finditer(line):
        url, prefix, suffix = _link_finder.strip_non_url_bits(match.group(0))
        href = url if PROTO_RE.search(url) else f"http://{url}"
        attrs = _link_finder.apply_callbacks({(None, "href"): href, "_text": url}, True)
        pieces.append(escape(line[end : match.start()]) + escape(prefix))
        if attrs is None:
            pieces.append(escape(url))
        else:
            pieces.append(
                Markup('<a href="{}" rel="{}">{}</a>').format(
                    attrs[(None, "href")], attrs[(None, "rel")], attrs["_text"]
                )
            )
        pieces.append(escape(suffix))
        end = match.end()
    pieces.append(escape(line[end:]))
    return Markup("").join(pieces)


def comment_html(text: str) -> Markup:
    """Render a comment's plain text as safe HTML paragraphs with linked URLs.

    Every character the person typed is escaped by MarkupSafe; the only markup
    added is <p>, <br> and <a href="http(s)://…" rel="nofollow ugc noopener">.
    Linear in the length of the text.
    """
    _check_size(text)
    text = normalise_text(text)
    paragraphs = [p.strip() for p in _BLANK_LINES.split(text) if p.strip()]
    return Markup("").join(
        Markup("<p>")
        + Markup("<br>").join(_linked_line(line) for line in p.split("\n"))
        + Markup("</p>")
        for p in paragraphs
    )


def markdown_html(text: str) -> Markup:
    """Render officer Markdown (a small subset) as safe HTML.

    Headings, emphasis, lists, quotes (at most MARKDOWN_MAX_NESTING deep) and
    links. Raw HTML is not part of the subset: it shows as the text typed,
    which also keeps the HTML parser's work linear in the input.
    """
    _check_size(text)
    text = normalise_text(text)
    text = _QUOTE_PREFIX.sub(r"\1", text)
    converter = markdown_lib.Markdown(extensions=["sane_lists"], output_format="html")
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    # Links the officer wrote keep working but carry the same rel as any user link;
    # bleach's safelist output is the definition of safe here.
    return Markup(_markdown_cleaner.clean(converter.convert(text)))  # noqa: S704


def plain_excerpt(text: str, length: int = 160) -> str:
    """A single-line excerpt of user text, for lists and email subjects."""
    text = normalise_text(text, single_line=True)
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
