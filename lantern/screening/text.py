"""Text normalisation and phrase tables shared by the answer interpreters.

People answer on phones: curly quotes, emoji, "yesss", "cant". Every interpreter reads text
through `normalize`, and every phrase table is normalised the same way, so a table entry
matches however it is typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Dict, Iterable, List, Mapping, Pattern

EMOJI_WORDS: Mapping[str, str] = {
    "👍": " yes ",
    "👌": " yes ",
    "✅": " yes ",
    "✔": " yes ",
    "☑": " yes ",
    "👎": " no ",
    "❌": " no ",
    "✖": " no ",
    "🚫": " no ",
    "🙅": " no ",
    "🤷": " not sure ",
}
# Skin tones, gender signs and variation selectors that follow an emoji.
_EMOJI_MODIFIERS = re.compile("[\U0001f3fb-\U0001f3ff\u200d\u2640\u2642\ufe0e\ufe0f]")
_APOSTROPHES = re.compile("['\u2018\u2019\u02bc`]")
_NOT_WORD = re.compile(r"[^a-z0-9./]+")
_REPEATS = re.compile(r"([a-z])\1+")


def normalize(text: str) -> str:
    """Lower case, emoji as words, apostrophes dropped ("haven't" -> "havent"), one space."""
    text = unicodedata.normalize("NFKC", text)
    text = _EMOJI_MODIFIERS.sub("", text)
    for emoji, words in EMOJI_WORDS.items():
        text = text.replace(emoji, words)
    text = _APOSTROPHES.sub("", text.lower())
    text = _NOT_WORD.sub(" ", text)
    # Dots and slashes matter only inside numbers ("1.5", "8/10", "3/14").
    text = re.sub(r"(?<!\d)[./]|[./](?!\d)", " ", text)
    return " ".join(text.split())


def squash(text: str) -> str:
    """Repeated letters as one ("yesss" -> "yes", "noooo" -> "no"); applied to both sides."""
    return _REPEATS.sub(r"\1", text)


@dataclass(frozen=True)
class Match:
    start: int
    label: str


class PhraseTable:
    """Phrases grouped by label, matched as whole words, the longest phrase first.

    Longest first is what makes "not really sure" vague although "not really" means no.
    """

    def __init__(self, groups: Mapping[str, Iterable[str]], squashed: bool = True) -> None:
        self._squashed = squashed
        self._labels: Dict[str, str] = {}
        for label, phrases in groups.items():
            for phrase in phrases:
                key = self._key(phrase)
                if self._labels.setdefault(key, label) != label:
                    raise ValueError(f"phrase {phrase!r} is listed under two labels")
        alternatives = sorted(self._labels, key=len, reverse=True)
        self._pattern: Pattern[str] = re.compile(
            r"(?<![a-z0-9])(?:" + "|".join(map(re.escape, alternatives)) + r")(?![a-z0-9])"
        )

    def _key(self, text: str) -> str:
        text = normalize(text)
        return squash(text) if self._squashed else text

    def whole(self, text: str) -> str | None:
        """The label when the whole text is one phrase of the table."""
        return self._labels.get(self._key(text))

    def scan(self, text: str) -> List[Match]:
        """Every phrase found in the text, left to right, without overlaps."""
        key = self._key(text)
        return [
            Match(found.start(), self._labels[found.group()])
            for found in self._pattern.finditer(key)
        ]


SHORT_ANSWER_WORDS = 6
"""Answers up to this many words may hold the answer anywhere; longer ones must open with it."""


def clear_matches(
    text: str, matches: List[Match], short_words: int = SHORT_ANSWER_WORDS
) -> List[Match]:
    """The matches, or none when a long answer does not open with one.

    "No, never" is clear; "I thought about it once but I would never" is not, and the form
    asks again rather than guess.
    """
    if not matches:
        return []
    if matches[0].start != 0 and len(normalize(text).split()) > short_words:
        return []
    return matches


COURTESY_BEFORE = (
    "please",
    "pls",
    "plz",
    "can we",
    "can i",
    "could we",
    "could i",
    "i want to",
    "i wanna",
    "id like to",
    "i would like to",
    "let me",
    "lets",
    "just",
    "ok",
    "okay",
)
COURTESY_AFTER = ("please", "pls", "plz", "thanks", "thank you", "now", "for now")
_BEFORE = re.compile(r"^(?:(?:" + "|".join(map(re.escape, COURTESY_BEFORE)) + r") )+")
_AFTER = re.compile(r"(?: (?:" + "|".join(map(re.escape, COURTESY_AFTER)) + r"))+$")


def without_courtesy(text: str) -> str:
    """ "can we skip please" -> "skip": polite words around a command do not change it."""
    text = normalize(text)
    stripped = _AFTER.sub("", _BEFORE.sub("", text))
    return stripped or text
