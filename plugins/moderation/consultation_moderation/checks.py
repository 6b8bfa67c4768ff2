"""The automatic checks: pure functions from a comment's text to what they found.

Each finding names its rule, so the queue can say why a comment was held.
Nothing here reads the database; `gate.py` gathers the settings and the
word list and calls `run_checks`.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import Any

import phonenumbers

log = logging.getLogger(__name__)

#: Characters that show nothing but split a word so a plain search misses it.
_INVISIBLE = re.compile("[\u00ad\u034f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")

#: A word as the list sees it: letters, digits and the characters people put for letters.
_TOKEN = re.compile(r"[\w@$!|]+")
#: Obvious stand-ins for letters. "1" and "|" may be an i or an l, so a word is read both ways.
_AS_I = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "@": "a",
        "$": "s",
        "!": "i",
        "|": "i",
    }
)
_AS_L = str.maketrans({"1": "l", "|": "l"})

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
#: National Insurance number: two prefix letters (some never issued), six digits, A–D.
_NI_NUMBER = re.compile(
    r"(?<![A-Za-z0-9])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?[A-D](?![A-Za-z0-9])",
    re.IGNORECASE,
)
#: 13 to 19 digits, perhaps in groups split by spaces or hyphens (then checked with Luhn).
_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
_LINK = re.compile(r"<a\s", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One automatic rule a comment tripped, with what it saw (for moderators)."""

    rule: str
    detail: str = ""

    def as_dict(self) -> dict[str, str]:
        """The form kept on the queue item."""
        return {"rule": self.rule, "detail": self.detail}


def visible_text(text: str) -> str:
    """`text` without invisible characters that split words."""
    return _INVISIBLE.sub("", text)


def fold(text: str) -> str:
    """Lower case, accents and invisible characters removed: how words are compared."""
    decomposed = unicodedata.normalize("NFKD", visible_text(text))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return plain.casefold()


def fold_phrase(phrase: str) -> str:
    """A word-list entry as it is stored for matching: folded, single spaces."""
    return " ".join(fold(phrase).split())


def _readings(token: str) -> tuple[str, ...]:
    """The letters a typed word may stand for (one or two readings)."""
    # "!" and "|" around a word are punctuation ("shit!"), inside it they are letters ("sh!t").
    token = token.strip("!|") or token
    first = token.translate(_AS_I)
    second = token.translate(_AS_L).translate(_AS_I)
    return (first,) if first == second else (first, second)


def _words(folded: str) -> list[tuple[str, ...]]:
    return [_readings(token) for token in _TOKEN.findall(folded)]


@lru_cache(maxsize=16)
def _word_list_index(folded_terms: tuple[str, ...]) -> tuple[dict[tuple[str, ...], int], int]:
    """Every reading of every entry (as a tuple of words) → the entry's position; longest entry."""
    index: dict[tuple[str, ...], int] = {}
    longest = 0
    for position, term in enumerate(folded_terms):
        words = _words(term)
        longest = max(longest, len(words))
        for reading in product(*words):
            index.setdefault(reading, position)
    return index, longest


def find_terms(text: str, terms: Sequence[tuple[str, str]]) -> list[str]:
    """The word-list entries (as typed by officers) found in `text`, as whole words.

    `terms` holds (phrase as typed, folded phrase) pairs. Matching ignores case
    and accents, sees through 0→o, 1→i or l, 3→e, 4→a, 5→s, 7→t, @→a, $→s,
    !→i and through invisible characters, and lets the words of a phrase be
    separated by any spaces or punctuation. Linear in the length of the text.
    """
    if not terms:
        return []
    index, longest = _word_list_index(tuple(folded for _phrase, folded in terms))
    words = _words(fold(text))
    found: list[int] = []
    for start in range(len(words)):
        for length in range(1, min(longest, len(words) - start) + 1):
            for reading in product(*words[start : start + length]):
                position = index.get(reading)
                if position is not None and position not in found:
                    found.append(position)
    return [terms[position][0] for position in sorted(found)]


def count_links(body_html: str) -> int:
    """How many links readers would see: the sanitiser turns addresses into <a> tags."""
    return len(_LINK.findall(body_html))


def luhn_valid(digits: str) -> bool:
    """True when the digit string passes the Luhn check that card numbers carry."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def personal_data(text: str) -> list[str]:
    """Kinds of personal information in `text`: email, phone, ni_number, card."""
    kinds = []
    if _EMAIL.search(text):
        kinds.append("email")
    matcher = phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.VALID)
    if matcher.has_next():
        kinds.append("phone")
    if _NI_NUMBER.search(text):
        kinds.append("ni_number")
    for match in _CARD.finditer(text):
        if luhn_valid(re.sub(r"\D", "", match.group())):
            kinds.append("card")
            break
    return kinds


@lru_cache(maxsize=1)
def _classifier() -> Any:
    """alt-profanity-check's model, loaded on first use (it takes a few seconds)."""
    from profanity_check import predict_prob

    return predict_prob


def offensive_probability(text: str) -> float:
    """The classifier's probability (0–1) that `text` is offensive."""
    return float(_classifier()([text])[0])


def warm_up() -> None:
    """Load the classifier now rather than on the first comment."""
    _classifier()


_warming_started = False


def warm_up_in_background() -> None:
    """Start loading the classifier in a background thread, once per process.

    Called on a worker's first request, so the first comment posted does not
    wait about a second of CPU (several on a busy machine) for the model.
    """
    global _warming_started
    if _warming_started:
        return
    _warming_started = True
    threading.Thread(target=_warm_quietly, name="moderation-classifier", daemon=True).start()


def _warm_quietly() -> None:
    try:
        warm_up()
    except Exception:
        # The gate loads it again when a comment arrives, and fails closed there.
        log.warning("could not load the offensive-language classifier", exc_info=True)


def run_checks(
    text: str,
    body_html: str,
    *,
    terms: Sequence[tuple[str, str]] = (),
    max_links: int = 2,
    classifier_threshold: int | None = 90,
) -> list[Finding]:
    """Every automatic rule `text` trips, in a fixed order.

    `max_links`: more links than this holds the comment. `classifier_threshold`:
    a probability in percent at or above which the classifier holds it (None
    turns the classifier off).
    """
    text = visible_text(text)
    findings: list[Finding] = []
    kinds = personal_data(text)
    if kinds:
        findings.append(Finding("personal_data", ",".join(kinds)))
    findings.extend(Finding("words", phrase) for phrase in find_terms(text, terms))
    links = count_links(body_html)
    if links > max_links:
        findings.append(Finding("links", str(links)))
    if classifier_threshold is not None:
        probability = offensive_probability(text)
        if probability * 100 >= classifier_threshold:
            findings.append(Finding("classifier", f"{probability:.0%}"))
    return findings


def as_dicts(findings: Iterable[Finding]) -> list[dict[str, str]]:
    """Findings in the form stored on a queue item."""
    return [finding.as_dict() for finding in findings]
