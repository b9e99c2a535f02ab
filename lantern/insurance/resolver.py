"""Which carrier a message means: "do u guys take blue cross??" -> Blue Cross Blue Shield.

The names come from the database at run time (`load_carrier_names`), so a clinic's edit to the
table works without retraining. Matching, in order:

1. Exact names. The message's words, and runs of up to a few words, are compared with every
   carrier name and alias ignoring case, spaces and punctuation: "BC/BS", "bcbs" and "B.C.B.S."
   are one name, as are "blue cross" and "bluecross".
2. Typos. A run of words that is not exact may be off by a few edits, counted with
   `rapidfuzz.distance.OSA` (insertions, deletions, substitutions and swapped neighbours, the
   usual typing slips) through `rapidfuzz.process.extractOne`: none for names of four letters or
   fewer ("uhc", "ghi": one edit makes another word) or with a word of two letters ("the VA"),
   one up to nine letters ("aetena", "cigana", "humanna", "medcaid") and two from ten
   ("untied healthcare", "kaiser permanete"). Tested against the 100,000 rarer English words
   of spaCy's frequency table: 21 of them come out as a carrier ("regency", "keiser").
   Counting edits says "one slip per short name" directly; a percentage cutoff
   (`fuzz.WRatio`, `token_set_ratio`) is either too loose for short names or too strict for
   long ones, and WRatio's partial matching scores a word inside a longer name as a full match.
3. Everyday words are never typos. A run made only of common English words ("human",
   "medical", "united", see `words.common_words`) matches exactly, word for word, or not at
   all, so "I'm only human" is not Humana and "medical help" is not Medi-Cal, while "united"
   alone (an alias) still means UnitedHealthcare. A few everyday phrases that contain an
   alias ("united states") are set aside first.

When several names match, exact beats a typo, a longer name beats one inside it ("anthem blue
cross" is Anthem, not Blue Cross Blue Shield), then the first mentioned wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Dict, FrozenSet, Iterable, List, Sequence, Set, Tuple

from rapidfuzz import process
from rapidfuzz.distance import OSA
from sqlalchemy.orm import Session

from lantern.insurance.words import common_words, squashed, tokens

# Everyday phrases that contain an alias ("united"); their words never name a carrier.
EVERYDAY_PHRASES: Tuple[Tuple[str, ...], ...] = tuple(
    tuple(phrase.split())
    for phrase in (
        "united states",
        "united kingdom",
        "united nations",
        "united airlines",
        "united way",
        "united we stand",
    )
)
# Longest run of words compared with the names (longest alias in words, plus one for a split
# word such as "blue cross blue sheild" against "bluecross blueshield").
MAX_WORDS = 7


@dataclass(frozen=True)
class CarrierNames:
    """A carrier and every name it goes by; `alias_states` lists aliases that name one state
    (Medi-Cal: CA), so the check need not ask for the state."""

    carrier: str
    aliases: Tuple[str, ...] = ()
    alias_states: Tuple[Tuple[str, str], ...] = ()

    @property
    def names(self) -> Tuple[str, ...]:
        return (self.carrier, *self.aliases)


@dataclass(frozen=True)
class CarrierMatch:
    """The carrier a text means, the name it matched, the words it matched, and how well."""

    carrier: str
    name: str
    text: str
    score: float  # 100 exact; less by the share of letters edited
    exact: bool
    state: str | None = None  # the state the matched alias implies (Medi-Cal: CA), if any


def carrier_names(rows: Iterable[Any]) -> List[CarrierNames]:
    """Names per carrier from rows with `carrier`, `aliases` and `states` (file or table rows),
    in the order carriers first appear."""
    aliases: Dict[str, Dict[str, None]] = {}
    states_of: Dict[Tuple[str, str], set[str | None]] = {}
    for row in rows:
        names = aliases.setdefault(row.carrier, {})
        for alias in row.aliases:
            names[alias] = None
            only = row.states[0] if len(row.states) == 1 else None
            states_of.setdefault((row.carrier, alias), set()).add(only)
    result = []
    for carrier, names in aliases.items():
        implied = tuple(
            (alias, next(iter(states)))
            for alias in names
            if len(states := states_of[(carrier, alias)]) == 1 and None not in states
        )
        result.append(CarrierNames(carrier, tuple(names), implied))  # type: ignore[arg-type]
    return result


def load_carrier_names(session: Session) -> List[CarrierNames]:
    """The carriers and aliases in the database now."""
    from lantern.insurance.catalogue import load_plans

    return carrier_names(load_plans(session))


@dataclass(frozen=True)
class _Index:
    exact: Dict[str, Tuple[str, str]]  # squashed name -> (carrier, name)
    words: Dict[str, FrozenSet[int]]  # squashed name -> how many words it is written as
    fuzzy: Tuple[str, ...]  # squashed names a typo may match
    states: Dict[Tuple[str, str], str]  # (carrier, name) -> implied state
    longest: int


@lru_cache(maxsize=8)
def _index(catalogue: Tuple[CarrierNames, ...]) -> _Index:
    exact: Dict[str, Tuple[str, str]] = {}
    words: Dict[str, Set[int]] = {}
    fuzzy: List[str] = []
    for entry in catalogue:
        for name in entry.names:
            exact.setdefault(squashed(name), (entry.carrier, name))
            words.setdefault(squashed(name), set()).add(len(tokens(name)))
            # A name with a word of one or two letters ("the VA") is matched exactly: one edit
            # there makes another word ("theta").
            if all(len(word) > 2 for word in tokens(name)):
                fuzzy.append(squashed(name))
    states = {
        (entry.carrier, alias): state for entry in catalogue for alias, state in entry.alias_states
    }
    longest = max((len(tokens(name)) for entry in catalogue for name in entry.names), default=1)
    return _Index(
        exact,
        {name: frozenset(counts) for name, counts in words.items()},
        tuple(dict.fromkeys(fuzzy)),
        states,
        min(longest + 1, MAX_WORDS),
    )


def allowed_edits(length: int) -> int:
    """Typos tolerated in a name of `length` letters (see the module's docstring)."""
    if length <= 4:
        return 0
    return 1 if length <= 9 else 2


def _without_everyday_phrases(words: List[str]) -> List[str | None]:
    """The words, with those of an everyday phrase blanked out (None breaks a run)."""
    kept: List[str | None] = list(words)
    for phrase in EVERYDAY_PHRASES:
        for start in range(len(words) - len(phrase) + 1):
            if tuple(words[start : start + len(phrase)]) == phrase:
                kept[start : start + len(phrase)] = [None] * len(phrase)
    return kept


def resolve_carrier(text: str, catalogue: Sequence[CarrierNames]) -> CarrierMatch | None:
    """The carrier `text` names (a short mention or a whole message), or None."""
    index = _index(tuple(catalogue))
    if not index.exact:
        return None
    words = _without_everyday_phrases(tokens(text))
    common = common_words()
    found: List[Tuple[Tuple[bool, int, int], CarrierMatch]] = []
    for start in range(len(words)):
        for length in range(1, index.longest + 1):
            run = words[start : start + length]
            if len(run) < length or any(word is None for word in run):
                break
            run_words = [word for word in run if word is not None]
            match = _match(run_words, index, everyday=all(word in common for word in run_words))
            if match is not None:
                found.append(((not match.exact, start, -length), match))
    if not found:
        return None
    # Drop matches inside a longer one, then prefer exact, then the first mentioned.
    spans = [(key[1], key[1] - key[2]) for key, _ in found]
    outer = [
        (key, match)
        for (key, match), (start, end) in zip(found, spans, strict=True)
        if not any(
            other_start <= start and end <= other_end and (other_start, other_end) != (start, end)
            for other_start, other_end in spans
        )
    ]
    return min(outer, key=lambda item: item[0])[1]


def _match(run: List[str], index: _Index, everyday: bool) -> CarrierMatch | None:
    candidate = squashed(run)
    text = " ".join(run)
    hit = index.exact.get(candidate)
    # Everyday words match a name only as written: "medical" is not "Medi-Cal".
    if hit is not None and not (everyday and len(run) not in index.words[candidate]):
        return _result(hit, text, 100.0, True, index)
    if everyday or len(candidate) <= 4:
        return None
    best = process.extractOne(
        candidate,
        index.fuzzy,
        scorer=OSA.distance,
        score_cutoff=allowed_edits(len(candidate)),
    )
    if best is None:
        return None
    name, edits, _ = best
    if edits > allowed_edits(len(name)):
        return None
    score = round(100 * (1 - edits / max(len(candidate), len(name))), 1)
    return _result(index.exact[name], text, score, False, index)


def _result(
    hit: Tuple[str, str], text: str, score: float, exact: bool, index: _Index
) -> CarrierMatch:
    carrier, name = hit
    return CarrierMatch(carrier, name, text, score, exact, index.states.get(hit))
