"""Words of a message as the insurance check compares them: lower case, ASCII, no punctuation."""

import gzip
import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import FrozenSet, List, Sequence

# "d.c." -> "dc", "n.y." -> "ny": a dot after a one-letter word joins an abbreviation.
_ABBREVIATION_DOT = re.compile(r"(?<![a-z0-9])([a-z])\.")
_APOSTROPHES = re.compile(r"['’`]")
_WORD = re.compile(r"[a-z0-9]+")

# spaCy's English word probabilities (log, from a large web corpus): a word at least this
# frequent ("human" -8.9, "medical" -9.9, "opium" -13.8, "meditate" -13.2) is everyday English,
# so it is never taken for a misspelt carrier name ("optum", "medicaid"). Typos are mostly not
# in the table at all, and the rare ones that are stay below it ("untied" -15.1).
COMMON_WORD_LOG_PROB = -14.5


def tokens(text: str) -> List[str]:
    """'Do u take BC/BS?? (Medi-Cal)' -> ['do', 'u', 'take', 'bc', 'bs', 'medi', 'cal']."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = _ABBREVIATION_DOT.sub(r"\1", folded)
    return _WORD.findall(_APOSTROPHES.sub("", folded))


def key(text: str) -> str:
    """A name as words joined by spaces: 'BC/BS' -> 'bc bs', 'Medi-Cal' -> 'medi cal'."""
    return " ".join(tokens(text))


def squashed(words: Sequence[str] | str) -> str:
    """Without spaces, so 'blue cross' meets 'bluecross' and 'bc bs' meets 'bcbs'."""
    return "".join(tokens(words) if isinstance(words, str) else words)


@lru_cache(maxsize=1)
def common_words() -> FrozenSet[str]:
    """Everyday English words (see COMMON_WORD_LOG_PROB), read once from spacy-lookups-data."""
    data = resources.files("spacy_lookups_data") / "data" / "en_lexeme_prob.json.gz"
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        probabilities = json.load(text)
    return frozenset(
        word.lower()
        for word, probability in probabilities.items()
        if probability >= COMMON_WORD_LOG_PROB and word.isalpha()
    )
