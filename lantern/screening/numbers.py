"""Numbers as people write them: "10", "ten", "twenty-five", "a couple", "1.5".

No library is needed for the handful of words a screening answer uses, and a table keeps the
result predictable (word2number and the like are not in the locked environment).
"""

from __future__ import annotations

import re
from typing import Dict, List

_UNITS: Dict[str, int] = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS: Dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# Vague quantities read as the smallest number they usually mean.
_AMOUNTS: Dict[str, float] = {
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "couple": 2,
    "a few": 3,
    "few": 3,
    "several": 3,
    "a half": 0.5,
    "half a": 0.5,
    "half an": 0.5,
    "a": 1,
    "an": 1,
    "one and a half": 1.5,
}


def _alternation(words: List[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_WORD_NUMBER = (
    rf"(?:(?:{_alternation(list(_TENS))})(?: (?:{_alternation(list(_UNITS)[1:10])}))?"
    rf"|{_alternation(list(_UNITS))})"
)
NUMBER = rf"(?:\d+(?:\.\d+)?|{_WORD_NUMBER}|{_alternation(list(_AMOUNTS))})"
"""A regular expression for one number in normalised text (see `text.normalize`)."""

_NUMBER_ONLY = re.compile(rf"(?<![a-z0-9.]){NUMBER}(?![a-z0-9])")
_DIGITS_OR_WORDS = re.compile(rf"(?<![a-z0-9.])(?:\d+(?:\.\d+)?|{_WORD_NUMBER})(?![a-z.]|\d)")


def to_number(text: str) -> float | None:
    """The value of one number written as digits, words or a vague amount."""
    text = text.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if text in _AMOUNTS:
        return _AMOUNTS[text]
    if text in _UNITS:
        return _UNITS[text]
    parts = text.split()
    if parts and parts[0] in _TENS and len(parts) <= 2:
        rest = _UNITS.get(parts[1], -1) if len(parts) == 2 else 0
        if 0 <= rest <= 9:
            return _TENS[parts[0]] + rest
    return None


def numbers_in(text: str) -> List[float]:
    """Every number written as digits or number words ("like 10", "ten-ish" -> [10])."""
    values = []
    text = re.sub(r"(\d)ish\b", r"\1", text)
    for found in _DIGITS_OR_WORDS.finditer(text):
        value = to_number(found.group())
        if value is not None:
            values.append(value)
    return values
