"""Reading pages as a browser would: html5lib parsing and the XSS oracle.

Used by the core's and plugins' tests to check what a page shows (error
summary, the text kept in a form) and that user content in it is harmless.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element

import html5lib

#: Elements that must never come from user content (tests/data/README.md).
DANGEROUS_ELEMENTS = frozenset(
    {"script", "style", "iframe", "object", "embed", "svg", "math", "base", "meta", "form"}
)
#: Attributes a browser follows as a URL.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "data", "xlink:href"})
_SCRIPT_SCHEMES = ("javascript:", "data:", "vbscript:")
# Browsers ignore ASCII whitespace and control characters inside a URL scheme.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")


def parse(html: str) -> Element:
    """The document tree a browser would build from `html`."""
    return html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)


def parse_fragment(html: str) -> Element:
    """The tree a browser builds for `html` inserted into a <div>."""
    return html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)


def local_name(tag: object) -> str:
    """An element's name without its namespace ({http://www.w3.org/2000/svg}svg -> svg)."""
    return str(tag).rsplit("}", 1)[-1].lower()


def _attribute_name(name: str) -> str:
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return f"xlink:{local}" if namespace.endswith("xlink") else local
    return name.lower()


def elements(tree: Element) -> Iterator[Element]:
    """Every element of `tree`, in document order (comments left out)."""
    for element in tree.iter():
        if isinstance(element.tag, str):
            yield element


def dangerous_markup(html: str, *, fragment: bool = False) -> list[str]:
    """What in `html` could run script or change the page: the XSS oracle.

    Lists every script/style/iframe/object/embed/svg/math/base/meta/form
    element, every on* attribute and every javascript:/data:/vbscript: URL in
    a URL attribute, as a browser would parse them. An empty list means harmless.
    """
    return dangerous_in(parse_fragment(html) if fragment else parse(html))


def dangerous_in(tree: Element) -> list[str]:
    """The XSS oracle of `dangerous_markup`, for an element already parsed."""
    found = []
    for element in elements(tree):
        name = local_name(element.tag)
        if name in DANGEROUS_ELEMENTS:
            found.append(f"<{name} {' '.join(sorted(element.attrib.values()))}>")
        for raw_name, value in element.attrib.items():
            attribute = _attribute_name(raw_name)
            if attribute.startswith("on"):
                found.append(f"<{name} {attribute}=…>")
            if attribute in URL_ATTRIBUTES:
                scheme = _IGNORED_IN_SCHEME.sub("", value).lower()
                if scheme.startswith(_SCRIPT_SCHEMES):
                    found.append(f"<{name} {attribute}={value[:40]!r}>")
    return found


def by_id(html: str, element_id: str) -> Element | None:
    """The element with `element_id`, or None."""
    for element in elements(parse(html)):
        if element.get("id") == element_id:
            return element
    return None


def text_of(element: Element | None) -> str:
    """The text inside `element`, with white space collapsed."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def page_text(html: str) -> str:
    """The visible text of a page's <main>, with white space collapsed."""
    tree = parse(html)
    main = next((e for e in elements(tree) if local_name(e.tag) == "main"), tree)
    return text_of(main)


def field_values(html: str) -> dict[str, str]:
    """What a browser would submit from the page's inputs and text areas, by name."""
    values: dict[str, str] = {}
    for element in elements(parse(html)):
        name = element.get("name")
        if not name:
            continue
        tag = local_name(element.tag)
        if tag == "textarea":
            # A browser drops one newline straight after <textarea>.
            values[name] = "".join(element.itertext())
        elif tag == "input" and element.get("type") not in ("submit", "checkbox", "radio"):
            values[name] = element.get("value", "")
    return values


def error_summary(html: str) -> list[str]:
    """The messages in the page's GOV.UK error summary (empty when there is none)."""
    for element in elements(parse(html)):
        if "govuk-error-summary" in (element.get("class") or "").split():
            items = [text_of(e) for e in elements(element) if local_name(e.tag) == "li"]
            body = [
                text_of(e)
                for e in elements(element)
                if "govuk-error-summary__body" in (e.get("class") or "").split()
            ]
            return [item for item in items if item] or body or [text_of(element)]
    return []


def kept_text(html: str) -> set[str]:
    """Text a page gives back to the person: form field values and the "Your text" box."""
    kept = set(field_values(html).values())
    box = by_id(html, "kept-text")
    if box is not None:
        kept.add("".join(box.itertext()).strip())
    return kept - {""}
