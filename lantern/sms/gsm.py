"""GSM-7, the 7-bit alphabet in which one SMS holds 160 characters (UCS-2 holds only 70).

One curly quote turns a whole message into UCS-2, so typographic characters are replaced by
their plain equivalents before a reply is split, and anything outside the alphabet is dropped.
"""

from __future__ import annotations

import unicodedata

SMS_LIMIT = 160  # septets in one single-part GSM-7 message

# GSM 03.38 basic character set (one septet each); "\x1b" (escape) itself is left out.
BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each costs two septets (escape + character).
EXTENDED = set("^{}\\[~]|€\f")

REPLACEMENTS = {
    "\u2018": "'",  # left single quotation mark
    "\u2019": "'",  # right single quotation mark (the apostrophe of most editors)
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2015": "-",
    "\u2212": "-",
    "\u2026": "...",  # ellipsis
    "\u00a0": " ",  # no-break space
    "\u2002": " ",
    "\u2003": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u200b": "",  # zero-width space
    "\t": " ",
    "\u2022": "-",  # bullet
    "\u00b7": "-",
    "\u2122": "(TM)",
    "\u00ae": "(R)",
    "\u00a9": "(C)",
    "`": "'",
}


def is_gsm7(text: str) -> bool:
    """Whether every character of `text` has a GSM-7 encoding."""
    return all(char in BASIC or char in EXTENDED for char in text)


def gsm7_length(text: str) -> int:
    """Septets `text` takes in GSM-7 (extension characters take two)."""
    return sum(2 if char in EXTENDED else 1 for char in text)


def _plain(char: str) -> str:
    if char in BASIC or char in EXTENDED:
        return char
    if char in REPLACEMENTS:
        return REPLACEMENTS[char]
    # "ç" -> "c", "ô" -> "o": keep the base letter when it is in the alphabet.
    base = unicodedata.normalize("NFKD", char)
    kept = "".join(part for part in base if part in BASIC or part in EXTENDED)
    return kept


def to_gsm7(text: str) -> str:
    """`text` in GSM-7 only: typographic marks made plain, accents dropped where needed,
    anything else (emoji) removed."""
    return "".join(_plain(char) for char in text)
