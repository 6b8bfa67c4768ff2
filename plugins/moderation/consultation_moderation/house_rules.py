"""The house rules, the reasons residents give when they report a comment, and rule names.

Everything here is public: the house-rules page lists the rules, and the
moderation summary counts decisions by them.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class HouseRule:
    """A rule every comment must keep; a rejection names the one it broke."""

    code: str
    title: object
    description: object


HOUSE_RULES: tuple[HouseRule, ...] = (
    HouseRule(
        "abusive",
        _l("Be respectful"),
        _l(
            "No personal attacks, threats, swearing or insults, against anyone: "
            "residents, councillors or council staff. Criticise ideas, not people."
        ),
    ),
    HouseRule(
        "discriminatory",
        _l("No discrimination"),
        _l(
            "Nothing that attacks people for their race, religion, sex, sexual "
            "orientation, gender identity, disability or age."
        ),
    ),
    HouseRule(
        "personal_information",
        _l("Keep personal information private"),
        _l(
            "No email addresses, phone numbers, home addresses, National Insurance or "
            "bank card numbers, yours or anyone else's. Contact the council privately instead."
        ),
    ),
    HouseRule(
        "spam",
        _l("No advertising or spam"),
        _l("No adverts, promotions, repeated posts or links that are not about the proposal."),
    ),
    HouseRule(
        "off_topic",
        _l("Stay on topic"),
        _l("Comments must be about the consultation and the question they are posted under."),
    ),
    HouseRule(
        "unlawful",
        _l("Nothing unlawful"),
        _l(
            "Nothing defamatory, in contempt of court, or that breaks copyright or "
            "encourages a crime."
        ),
    ),
)

#: code → rule, for looking reasons up.
RULES_BY_CODE: dict[str, HouseRule] = {rule.code: rule for rule in HOUSE_RULES}

#: Why a resident reports a comment: code → label. "other" needs details.
FLAG_REASONS: dict[str, object] = {
    "abusive": _l("It is abusive or offensive"),
    "spam": _l("It is spam or advertising"),
    "personal_information": _l("It shares someone's personal information"),
    "off_topic": _l("It is not about this consultation"),
    "other": _l("Something else"),
}

#: The automatic rules that hold a comment: code → label (moderators and the public summary).
CHECK_LABELS: dict[str, object] = {
    "premoderation": _l("Pre-moderation: every comment is checked"),
    "words": _l("Word or phrase on the list"),
    "links": _l("Too many links"),
    "personal_data": _l("Personal information"),
    "classifier": _l("Offensive language (automatic classifier)"),
    "check_failed": _l("An automatic check could not be completed"),
    "other_check": _l("Held by another plugin's check"),
}

#: Reasons a comment may be hidden or held besides a house rule.
OTHER_REASONS: dict[str, object] = {"flags": _l("Reported by residents")}


#: What happened to a comment, as the moderation history names it.
ACTION_LABELS: dict[str, object] = {
    "held": _l("Held by an automatic check"),
    "hidden_by_flags": _l("Hidden after reports"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "hidden": _l("Hidden by a moderator"),
    "restored": _l("Restored"),
    "resubmitted": _l("Edited and sent back by the author"),
    "appealed": _l("Review asked for by the author"),
}


def action_label(word: str | None) -> str:
    """The label of a recorded action ("approved" → "Approved")."""
    return str(ACTION_LABELS.get(word or "", word or ""))


def flag_label(code: str) -> str:
    """The label of the reason a resident gave for a report."""
    return str(FLAG_REASONS.get(code, code))


def reason_label(code: str | None) -> str:
    """The label of any reason code: house rule, automatic rule, flag reason or "flags"."""
    if code is None:
        return ""
    if code in RULES_BY_CODE:
        return str(RULES_BY_CODE[code].title)
    for table in (CHECK_LABELS, OTHER_REASONS, FLAG_REASONS):
        if code in table:
            return str(table[code])
    return code
