"""What people type, read as the screening's canonical answers.

Every interpreter returns a canonical value, "skipped" when the person chose to skip, or
None when the text cannot be read with confidence: the form then asks again (with buttons)
instead of guessing. Long free-text answers count only when they open with the answer.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal, Sequence, Tuple, cast

from lantern.screening.commands import is_exit, is_skip
from lantern.screening.days import (
    NEVER,
    DaysInMonth,
    DaysSince,
    interpret_days_in_month,
    interpret_days_since,
)
from lantern.screening.questions import (
    SEVERITY_CHOICES,
    SKIPPED,
    Kind,
    get_question,
)
from lantern.screening.text import SHORT_ANSWER_WORDS, PhraseTable, clear_matches, normalize

__all__ = [
    "NEVER",
    "Answer",
    "DaysInMonth",
    "DaysSince",
    "Severity",
    "YesNo",
    "interpret_answer",
    "interpret_days_in_month",
    "interpret_days_since",
    "interpret_free_text",
    "interpret_severity",
    "interpret_yes_no",
    "is_exit",
    "is_skip",
    "severity_of_score",
]

YesNo = Literal["yes", "no", "vague", "skipped"]
Severity = Literal["none", "mild", "moderate", "severe", "skipped"]
Answer = str | int


# --- yes / no ----------------------------------------------------------------------------------

_YES_NO = PhraseTable(
    {
        "yes": (
            "yes",
            "yse",
            "ys",
            "yeas",
            "ues",
            "yeah",
            "yea",
            "yeh",
            "yah",
            "ya",
            "ye",
            "y",
            "yep",
            "yup",
            "yas",
            "yessir",
            "yes maam",
            "yes sir",
            "yes i have",
            "yes i did",
            "uh huh",
            "mhm",
            "sure",
            "for sure",
            "of course",
            "i have",
            "ive",
            "i did",
            "i do",
            "definitely",
            "absolutely",
            "certainly",
            "totally",
            "indeed",
            "correct",
            "true",
            "affirmative",
            "/affirm",
            "affirm",
            "all the time",
            "a lot",
            "every day",
            "often",
            "once",
            "once or twice",
            "a few times",
            "several times",
            "many times",
        ),
        "no": (
            "no",
            "n",
            "nope",
            "nop",
            "nah",
            "naw",
            "nay",
            "no maam",
            "no sir",
            "hell no",
            "no way",
            "not really",
            "never",
            "i never",
            "ive never",
            "i have never",
            "never have",
            "i havent",
            "havent",
            "i have not",
            "have not",
            "i did not",
            "i didnt",
            "didnt",
            "i dont",
            "i do not",
            "not at all",
            "definitely not",
            "absolutely not",
            "of course not",
            "certainly not",
            "i dont think so",
            "dont think so",
            "i guess not",
            "probably not",
            "not that i know of",
            "nothing like that",
            "not me",
            "none",
            "nothing",
            "negative",
            "/deny",
            "deny",
        ),
        "vague": (
            "vague",
            "kinda",
            "kind of",
            "sort of",
            "sorta",
            "maybe",
            "mayb",
            "sometimes",
            "occasionally",
            "now and then",
            "every now and then",
            "here and there",
            "on and off",
            "off and on",
            "idk",
            "i dont know",
            "dont know",
            "i do not know",
            "dunno",
            "i guess",
            "i guess so",
            "i think so",
            "think so",
            "a little",
            "a little bit",
            "a bit",
            "little bit",
            "somewhat",
            "partly",
            "not sure",
            "im not sure",
            "not really sure",
            "unsure",
            "no idea",
            "possibly",
            "perhaps",
            "probably",
            "could be",
            "hard to say",
            "it depends",
            "depends",
            "yes and no",
            "meh",
        ),
    }
)


def interpret_yes_no(text: str) -> YesNo | None:
    """ "yes", "no", "vague" (unsure, partly, sometimes), "skipped", or None if unclear.

    Mixed signals ("yes and no", "no... well sometimes") are vague: for the C-SSRS
    questions the scoring counts vague as yes, which errs on the side of a call.
    """
    if is_skip(text):
        return SKIPPED
    matches = clear_matches(text, _YES_NO.scan(text))
    labels = {match.label for match in matches}
    if not labels:
        return None
    if "vague" in labels or len(labels) > 1:
        return "vague"
    label = labels.pop()
    return "yes" if label == "yes" else "no"


# --- severity ----------------------------------------------------------------------------------

_STRONG = ("pretty", "really", "very", "so", "super", "extremely", "incredibly", "too", "quite")
_SEVERITY = PhraseTable(
    {
        "none": (
            "none",
            "no",
            "nope",
            "nah",
            "zero",
            "nothing",
            "not at all",
            "not really",
            "never",
            "none at all",
            "no withdrawal",
            "no cravings",
            "no craving",
            "i dont have any",
            "dont have any",
            "fine",
            "im fine",
            "im good",
            "all good",
            "not any",
        ),
        "mild": (
            "mild",
            "mildly",
            "a little",
            "a little bit",
            "little bit",
            "a bit",
            "a tiny bit",
            "slight",
            "slightly",
            "light",
            "low",
            "minor",
            "minimal",
            "barely",
            "weak",
            "kinda",
            "not bad",
            "not too bad",
            "not that bad",
            "not very bad",
            "not so bad",
            "not strong",
            "not too strong",
            "not that strong",
            "not very strong",
            "manageable",
            "meh",
        ),
        "moderate": (
            "moderate",
            "moderately",
            "medium",
            "middle",
            "in the middle",
            "in between",
            "average",
            "some",
            "somewhat",
            "so so",
            "bad",
            "noticeable",
            "fairly strong",
            "fairly bad",
            "quite a bit",
            "strongish",
        ),
        "severe": (
            "severe",
            "severely",
            "strong",
            "intense",
            "extreme",
            "terrible",
            "awful",
            "horrible",
            "unbearable",
            "overwhelming",
            "worst",
            "the worst",
            "high",
            "heavy",
            "a lot",
            "cant handle it",
            "cant cope",
            "out of control",
        )
        + tuple(f"{word} {what}" for word in _STRONG for what in ("bad", "strong", "high")),
    }
)
_RATING = re.compile(r"(\d+(?:\.\d+)?)(?: ?(?:/|out of) ?10)?")
_RATING_FILLER = {"to", "or", "maybe", "like", "about", "around", "a", "an", "its", "i", "say"}


def severity_of_score(score: float) -> str | None:
    """0 none, 1 to 3 mild, 4 to 6 moderate, 7 to 10 severe; outside 0 to 10 unknown."""
    if not 0 <= score <= 10:
        return None
    if score == 0:
        return "none"
    if score < 4:
        return "mild"
    if score < 7:
        return "moderate"
    return "severe"


def interpret_severity(text: str) -> Severity | None:
    """ "none", "mild", "moderate", "severe", "skipped", or None.

    Words ("a little", "pretty bad", "really strong") or a 0 to 10 rating ("7", "8/10").
    "0" is a rating here, not the skip word. Two levels ("mild to moderate", "6 or 7")
    give the higher one.
    """
    if is_skip(text, zero_skips=False):
        return SKIPPED
    normal = normalize(text)
    ratings = _ratings(normal)
    if ratings:
        levels = [severity_of_score(rating) for rating in ratings]
        return _highest(levels) if None not in levels else None
    matches = clear_matches(text, _SEVERITY.scan(text))
    return _highest([match.label for match in matches]) if matches else None


def _ratings(normal: str) -> Tuple[float, ...]:
    """The ratings when the answer is numbers only ("7", "6-7", "8 out of 10")."""
    if set(_RATING.sub(" ", normal).split()) - _RATING_FILLER:
        return ()
    return tuple(float(found.group(1)) for found in _RATING.finditer(normal))


def _highest(levels: Sequence[str | None]) -> Severity:
    return cast(Severity, max(levels, key=lambda level: SEVERITY_CHOICES.index(level or "")))


# --- any question ------------------------------------------------------------------------------

FREE_TEXT_MAX = 200


def interpret_free_text(text: str) -> str | None:
    """The answer as typed, on one line and at most 200 characters; None when empty."""
    if is_skip(text):
        return SKIPPED
    answer = " ".join(text.split())[:FREE_TEXT_MAX]
    return answer or None


# "Is there someone who supports you?" is often answered with who it is, or that no one is.
_SUPPORT = PhraseTable(
    {
        "yes": (
            "my wife",
            "my husband",
            "my partner",
            "my girlfriend",
            "my boyfriend",
            "my fiance",
            "my fiancee",
            "my mom",
            "my mum",
            "my mother",
            "my dad",
            "my father",
            "my parents",
            "my mom and dad",
            "my sister",
            "my brother",
            "my son",
            "my daughter",
            "my kids",
            "my family",
            "my friend",
            "my best friend",
            "my friends",
            "my roommate",
            "roommate",
            "my sponsor",
            "my aa sponsor",
            "my na sponsor",
            "my grandma",
            "my grandmother",
            "my aunt",
            "my uncle",
            "my cousin",
            "my therapist",
            "my counselor",
            "my pastor",
            "my church",
        ),
        "no": (
            "nobody",
            "nobody really",
            "no one",
            "noone",
            "no one really",
            "i live alone",
            "live alone",
            "alone",
            "all alone",
            "on my own",
            "by myself",
            "just me",
        ),
    }
)


def interpret_support(text: str) -> YesNo | None:
    """Yes/no first; then who supports them ("my sister") or that no one does."""
    answer = interpret_yes_no(text)
    if answer is not None:
        return answer
    matches = clear_matches(text, _SUPPORT.scan(text), SHORT_ANSWER_WORDS)
    labels = {match.label for match in matches}
    return cast(YesNo, labels.pop()) if len(labels) == 1 else None


def interpret_answer(question_id: str, text: str, today: date | None = None) -> Answer | None:
    """The canonical answer to this question, "skipped", or None (ask again).

    Check `is_exit` first: an exit request is not an answer.
    """
    question = get_question(question_id)
    if question.kind is Kind.SUPPORT:
        return interpret_support(text)
    if question.kind is Kind.YES_NO:
        return interpret_yes_no(text)
    if question.kind is Kind.SEVERITY:
        level = interpret_severity(text)
        if level is None or level == SKIPPED:
            return level
        return question.choices[SEVERITY_CHOICES.index(level)]
    if question.kind is Kind.DAYS_SINCE:
        return interpret_days_since(text, today)
    if question.kind is Kind.DAYS_IN_MONTH:
        return interpret_days_in_month(text)
    return interpret_free_text(text)
