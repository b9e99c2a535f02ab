"""US states, DC and the territories: validating the table's codes and reading them from text."""

from typing import Dict, List, Tuple

from lantern.insurance.words import key, tokens

STATE_NAMES: Dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire",
    "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "DC": "District of Columbia",
    "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands", "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}  # fmt: skip

# What people write instead of the name: a few nicknames and the usual short forms.
_NICKNAMES: Dict[str, str] = {
    "cali": "CA", "calif": "CA", "socal": "CA", "norcal": "CA", "southern california": "CA",
    "northern california": "CA", "ariz": "AZ", "fla": "FL", "nyc": "NY", "new york city": "NY",
    "washington dc": "DC", "washington d c": "DC", "washington state": "WA", "mass": "MA",
    "jersey": "NJ", "penn": "PA", "virgin islands": "VI", "us virgin islands": "VI",
    "tex": "TX", "colo": "CO", "conn": "CT", "minn": "MN", "wisc": "WI", "mich": "MI",
}  # fmt: skip

# Two-letter codes that are also everyday words: taken as a state only when they are the whole
# reply, or written in capitals after a word that introduces a state ("from Portland, in OR").
_WORD_CODES = frozenset({"ok", "hi", "oh", "me", "in", "or", "as", "id"})
_NOT_A_WHOLE_REPLY = frozenset({"ok", "hi", "oh"})
# Codes that mean something else on their own ("Aetna MA plan" is Medicare Advantage, "PA"
# a prior authorisation): a state when they are the whole reply or follow "in", "from"...
_CONTEXT_CODES = frozenset({"ma", "pa"})
# Never a state: "in LA" means the clinic's own Los Angeles far more often than Louisiana.
_NEVER_A_CODE = frozenset({"la"})
# Words after which a two-letter code is a state: "live in az", "from ca", "state: ny".
_STATE_CONTEXT = frozenset({"in", "from", "state", "live", "living", "located", "near", "at"})

_PHRASES: Dict[Tuple[str, ...], str] = {
    **{tuple(key(name).split()): code for code, name in STATE_NAMES.items()},
    **{tuple(phrase.split()): code for phrase, code in _NICKNAMES.items()},
}
_LONGEST = max(len(phrase) for phrase in _PHRASES)


def normalise_state(value: str) -> str | None:
    """A state as its code: 'az', 'AZ', 'Arizona', 'cali' -> 'AZ'/'CA'; None if it is not one."""
    words = tuple(tokens(value))
    if len(words) == 1 and words[0].upper() in STATE_NAMES:
        return words[0].upper()
    return _PHRASES.get(words)


def extract_state(text: str) -> str | None:
    """The first state a message names: 'i live in new york' -> 'NY', 'phoenix, AZ' -> 'AZ'.

    Names and nicknames count anywhere (longest first, so 'west virginia' is not 'VA');
    a two-letter code counts when it is the whole reply, follows a word like "in" or "from",
    follows a comma, ends the message ('sedona az'), or is in capitals in a message that is not
    all capitals (codes that are also words need more: see the groups above).
    """
    words = tokens(text)
    capitals = {word.lower() for word in _capital_words(text)} if not text.isupper() else set()
    for start in range(len(words)):
        for length in range(min(_LONGEST, len(words) - start), 0, -1):
            code = _PHRASES.get(tuple(words[start : start + length]))
            if code is not None:
                return code
        word = words[start]
        previous = words[start - 1] if start else ""
        last = start == len(words) - 1
        if _is_state_code(word, previous, len(words) == 1, word in capitals, text, last):
            return word.upper()
    return None


def _is_state_code(
    word: str, previous: str, whole_reply: bool, capital: bool, text: str, last: bool
) -> bool:
    """Whether a two-letter word names a state here (see the code groups above)."""
    if word.upper() not in STATE_NAMES or word in _NEVER_A_CODE:
        return False
    if whole_reply:
        return word not in _NOT_A_WHOLE_REPLY
    after_context = previous in _STATE_CONTEXT
    if word in _WORD_CODES:
        return capital and after_context
    if word in _CONTEXT_CODES:
        return after_context
    return after_context or capital or last or _after_comma(text, word)


def _capital_words(text: str) -> List[str]:
    return [word for word in text.replace(".", "").split() if word.strip(",.!?;:").isupper()]


def _after_comma(text: str, word: str) -> bool:
    """'Phoenix, az': a code after a comma is the state of the place before it."""
    lowered = text.lower()
    return f", {word}" in lowered or f",{word}" in lowered
