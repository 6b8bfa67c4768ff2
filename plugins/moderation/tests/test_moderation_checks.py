"""The automatic checks, one rule at a time, on the text a resident types.

Pure functions: no app, no database. The rules must catch what people do to
slip past a list (capitals, accents, look-alike characters, invisible
characters) without holding innocent words that merely contain a listed one.
"""

import csv
from pathlib import Path

import pytest
from consultation_moderation.checks import (
    count_links,
    find_terms,
    fold_phrase,
    luhn_valid,
    offensive_probability,
    personal_data,
    run_checks,
)

DATA = Path(__file__).parent / "data"


def terms(*phrases):
    return [(phrase, fold_phrase(phrase)) for phrase in phrases]


@pytest.mark.parametrize(
    "text",
    [
        "You are a scumbag.",
        "YOU ARE A SCUMBAG",
        "you are a $cumb4g",
        "you are a 5cumbag",
        "you are a scumb@g!",
        "you are a scum\u200bbag",  # a zero-width space inside the word
        "you are a scum\u00adbag",  # a soft hyphen
        "you are a scümbäg",
        "sc\u0075\u0308mbag",  # u + combining diaeresis
    ],
)
def test_a_listed_word_is_found_through_disguises(text):
    assert find_terms(text, terms("scumbag")) == ["scumbag"]


@pytest.mark.parametrize("text", ["scumbags everywhere", "the scumbagging", "notascumbag"])
def test_only_whole_words_match(text):
    assert find_terms(text, terms("scumbag")) == []


def test_innocent_words_containing_a_listed_one_are_not_held():
    assert find_terms("We must assess the classic Scunthorpe bus pass.", terms("ass")) == []
    assert find_terms("Kiss my a$$.", terms("ass")) == ["ass"]


def test_a_phrase_matches_across_spaces_and_punctuation():
    listed = terms("Bloody Hell")
    assert find_terms("what a bloody   hell of a plan", listed) == ["Bloody Hell"]
    assert find_terms("bl00dy-h3ll", listed) == ["Bloody Hell"]
    assert find_terms("bloody helpful staff", listed) == []


def test_an_accented_entry_matches_plain_text_and_is_named_as_the_officer_typed_it():
    assert find_terms("CAFE CREME for everyone", terms("café crème")) == ["café crème"]


def test_links_are_counted_as_readers_see_them():
    html = '<p><a href="https://a.example">x</a> and <a rel="nofollow" href="https://b">y</a></p>'
    assert count_links(html) == 2
    assert count_links("<p>no links</p>") == 0


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Email me at jo.bloggs@example.co.uk please", "email"),
        ("ring 07911 123456 after six", "phone"),
        ("or +44 20 7946 0018", "phone"),
        ("call 0161 496 0000", "phone"),
        ("my NI number is JN 12 34 56 C", "ni_number"),
        ("ni ab123456d", "ni_number"),
        ("card 4111 1111 1111 1111 exp 12/30", "card"),
        ("card 5500-0000-0000-0004", "card"),
    ],
)
def test_personal_data_is_recognised(text, kind):
    assert kind in personal_data(text)


@pytest.mark.parametrize(
    "text",
    [
        "In 2024 there were 12000 cars and 350 bikes.",
        "Bus 42 at 10:30 takes 25 minutes.",
        "Room 101, postcode SW1A 1AA.",
        "Order 4111 1111 1111 1112 is not a card: it fails the Luhn check.",
        "GB 12 34 56 A is not a National Insurance number (GB is never issued).",
        "Email the council through its website.",
    ],
)
def test_ordinary_numbers_and_words_are_not_personal_data(text):
    assert personal_data(text) == []


def test_luhn_check():
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")
    assert luhn_valid("4111111111111111")


def test_run_checks_names_every_rule_tripped_in_a_fixed_order():
    html = "".join(f'<a href="https://x{n}.example">x</a>' for n in range(4))
    found = run_checks(
        "Call 07911 123456, you scumbag",
        html,
        terms=terms("scumbag"),
        max_links=2,
        classifier_threshold=None,
    )
    assert [(f.rule, f.detail) for f in found] == [
        ("personal_data", "phone"),
        ("words", "scumbag"),
        ("links", "4"),
    ]


def test_a_clean_comment_trips_nothing():
    text = "I would like the library to open later on Thursdays."
    assert run_checks(text, f"<p>{text}</p>", terms=terms("scumbag")) == []


def test_the_classifier_holds_swearing_but_not_plain_criticism():
    assert offensive_probability("You are all fucking idiots.") > 0.9
    assert offensive_probability("I disagree with the plan to close the library.") < 0.5


def test_the_classifier_precision_on_our_labelled_sample():
    """Precision of alt-profanity-check at the default threshold (90%) on 90 labelled comments.

    The sample (tests/data/offensive_sample.csv) is council-consultation text
    written for this test: 25 offensive, 65 not, including blunt criticism
    and words that only look rude. Measured: precision 0.91, recall 0.84
    (see docs/plugins.md). A held comment only waits for a moderator, so a
    false positive costs a moderator a click, not a resident their say.
    """
    with (DATA / "offensive_sample.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    predicted = [offensive_probability(row["text"]) >= 0.90 for row in rows]
    actual = [row["label"] == "1" for row in rows]
    true_pos = sum(p and a for p, a in zip(predicted, actual, strict=True))
    false_pos = sum(p and not a for p, a in zip(predicted, actual, strict=True))
    false_neg = sum(a and not p for p, a in zip(predicted, actual, strict=True))
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    print(f"classifier on {len(rows)} comments: precision {precision:.3f}, recall {recall:.3f}")
    assert len(rows) == 90 and sum(actual) == 25
    assert precision >= 0.85
    assert recall >= 0.75
