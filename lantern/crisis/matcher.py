"""A deterministic crisis matcher over a blank spaCy English pipeline.

It recognises messages that signal suicidal thoughts, self-harm, an overdose happening now,
a medical emergency, danger to others or abuse, in the writer or someone with them. The
phrase lists live in `patterns.yml` beside this file. spaCy 3.4 has no fuzzy matching, so
typos and SMS spellings are listed explicitly there.

How matches combine (kept in step with the header of patterns.yml):
- an exclusion ("this craving is killing me", "dying to know") cancels the matches it overlaps;
- a message that opens as a question ("what are the signs of...") and whose matches are all
  overdose or medical terms is a question about them, not an emergency;
- a past event that the message says is resolved ("two years ago ... doing well now") cancels
  overdose and medical matches, unless the message also speaks of the present ("tonight").
Suicide, self-harm, danger to others and abuse are never cancelled by questions or the past.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Tuple

import spacy
import yaml
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

PATTERNS_PATH = Path(__file__).with_name("patterns.yml")
ABUSE = "abuse"
QUESTIONABLE = frozenset({"overdose_now", "medical_emergency"})
# Words that put an event in the present; "now" alone is left out because resolved markers
# ("is fine now") contain it.
PRESENT_MARKERS = (
    "right now",
    "rn",
    "tonight",
    "today",
    "again",
    "currently",
    "just now",
    "at the moment",
    "atm",
)
_ZERO_WIDTH = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e")
)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"'})


@dataclass(frozen=True)
class CrisisSignal:
    """What the matcher found: the category and the words that triggered it."""

    category: str
    phrase: str

    @property
    def is_abuse(self) -> bool:
        return self.category == ABUSE


def normalise(text: str) -> str:
    """Lower case, compatibility forms, straight quotes, no zero-width or direction marks."""
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip().lower()


class CrisisMatcher:
    """Finds crisis signals in a message; the same input always gives the same answer."""

    def __init__(self, spec: Dict, nlp: spacy.language.Language | None = None) -> None:
        self.nlp = nlp or spacy.blank("en")
        self.categories = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.patterns = Matcher(self.nlp.vocab)
        for category, lists in spec["categories"].items():
            self.categories.add(category, self._docs(lists.get("phrases", [])))
            for pattern in lists.get("patterns", []) or []:
                self.patterns.add(category, [pattern])
        exclusions = spec.get("exclusions", {})
        self.exclusions = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.exclusions.add("exclusion", self._docs(exclusions.get("phrases", [])))
        self.question_starts = tuple(normalise(q) for q in exclusions.get("question_starts", []))
        self.markers = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.markers.add("past", self._docs(exclusions.get("past_markers", [])))
        self.markers.add("resolved", self._docs(exclusions.get("resolved_markers", [])))
        self.markers.add("present", self._docs(PRESENT_MARKERS))

    def _docs(self, phrases: Iterable[str]) -> List[Doc]:
        return [
            self.nlp.make_doc(normalise(str(phrase))) for phrase in phrases if str(phrase).strip()
        ]

    def _matches(self, doc: Doc) -> List[Tuple[str, int, int]]:
        found = [(self.nlp.vocab.strings[m], s, e) for m, s, e in self.categories(doc)]
        found += [(self.nlp.vocab.strings[m], s, e) for m, s, e in self.patterns(doc)]
        return found

    def _about_not_now(self, doc: Doc, cleaned: str) -> bool:
        """A question about overdose or symptoms, or a past event now resolved, and no 'tonight'."""
        found = [(self.nlp.vocab.strings[m], (s, e)) for m, s, e in self.markers(doc)]
        resolved = [span for kind, span in found if kind == "resolved"]
        kinds = {
            kind
            for kind, span in found
            if not (kind == "present" and any(_spans_overlap(span, r) for r in resolved))
        }
        if "present" in kinds:
            return False
        return cleaned.startswith(self.question_starts) or {"past", "resolved"} <= kinds

    def detect(self, text: str) -> CrisisSignal | None:
        """The strongest crisis signal in `text`, or None."""
        cleaned = normalise(text)
        if not cleaned:
            return None
        doc = self.nlp.make_doc(cleaned)
        excluded = [(s, e) for _, s, e in self.exclusions(doc)]
        matches = [
            (category, start, end)
            for category, start, end in self._matches(doc)
            if not any(_spans_overlap((start, end), span) for span in excluded)
        ]
        if not matches:
            return None
        if all(category in QUESTIONABLE for category, _, _ in matches) and self._about_not_now(
            doc, cleaned
        ):
            return None
        category, start, end = min(matches, key=lambda match: (match[0] == ABUSE, match[1]))
        return CrisisSignal(category=category, phrase=doc[start:end].text)


def _spans_overlap(first: Tuple[int, int], second: Tuple[int, int]) -> bool:
    return first[0] < second[1] and second[0] < first[1]


def patterns_fingerprint(path: Path = PATTERNS_PATH) -> str:
    """Changes whenever the patterns do, so Rasa knows to rebuild what depends on them."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


@lru_cache(maxsize=4)
def load_matcher(path: Path = PATTERNS_PATH) -> CrisisMatcher:
    """The matcher for a patterns file, built once per process."""
    return CrisisMatcher(yaml.safe_load(path.read_text(encoding="utf-8")))
