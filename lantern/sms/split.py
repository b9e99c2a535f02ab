"""Replies cut into SMS-sized parts at sentence boundaries, each within one GSM-7 message."""

from __future__ import annotations

import re
from typing import List

from lantern.sms.gsm import SMS_LIMIT, gsm7_length, to_gsm7

MAX_PARTS = 4  # beyond this a reply is more scrolling than reading on a phone
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n+")
_SPACES = re.compile(r"[ ]{2,}")


def _pieces(text: str, limit: int) -> List[str]:
    """Sentences (and lines), each cut at word boundaries if it is longer than `limit`."""
    pieces: List[str] = []
    for sentence in _SENTENCE_END.split(text):
        sentence = _SPACES.sub(" ", sentence).strip()
        if not sentence:
            continue
        while gsm7_length(sentence) > limit:
            cut = _cut_point(sentence, limit)
            pieces.append(sentence[:cut].rstrip())
            sentence = sentence[cut:].lstrip()
        if sentence:
            pieces.append(sentence)
    return pieces


def _cut_point(text: str, limit: int) -> int:
    """The longest prefix within `limit` septets, ending at a space if there is one."""
    end = 0
    used = 0
    for index, char in enumerate(text):
        used += gsm7_length(char)
        if used > limit:
            break
        end = index + 1
    space = text.rfind(" ", 0, end + 1)
    return space if space > 0 else max(end, 1)


def _pack(pieces: List[str], limit: int) -> List[str]:
    parts: List[str] = []
    for piece in pieces:
        if parts and gsm7_length(parts[-1]) + 1 + gsm7_length(piece) <= limit:
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    return parts


def split_sms(
    text: str, *, more: str = "", max_parts: int = MAX_PARTS, limit: int = SMS_LIMIT
) -> List[str]:
    """`text` as at most `max_parts` GSM-7 messages of at most `limit` septets each.

    A reply that does not fit is cut at a sentence (or word) boundary and its last part ends
    with `more` (e.g. "(more at (833) 867-2329)"), so the person knows where the rest is.
    """
    if max_parts < 1:
        return []
    parts = _pack(_pieces(to_gsm7(text), limit), limit)
    if len(parts) <= max_parts:
        return parts
    ending = to_gsm7(more).strip()
    kept = parts[:max_parts]
    if not ending:
        return kept
    room = limit - gsm7_length(ending) - 1
    last_pieces = _pieces(kept[-1], limit)
    while last_pieces and gsm7_length(" ".join(last_pieces)) > room:
        last_pieces.pop()
    if not last_pieces:
        # One long sentence: cut it at a word to make room for the ending.
        head = kept[-1][: _cut_point(kept[-1], room)].rstrip()
        last_pieces = [head] if head else []
    kept[-1] = " ".join([*last_pieces, ending])
    return kept
