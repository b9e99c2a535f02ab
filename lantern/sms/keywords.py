"""Twilio's SMS keywords, recognised the way Twilio does: the whole message is one keyword.

Twilio acts on these itself (it confirms an opt-out and blocks later sends with error 21610)
and still forwards them, so the channel mirrors them to know what Twilio will let through.
"""

from __future__ import annotations

import enum


class Keyword(enum.Enum):
    OPT_OUT = "opt_out"
    OPT_IN = "opt_in"
    # "YES" opts back in only for a number that is opted out; otherwise it is an answer.
    OPT_IN_IF_OPTED_OUT = "opt_in_if_opted_out"
    HELP = "help"


OPT_OUT_WORDS = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
)
OPT_IN_WORDS = frozenset({"START", "UNSTOP"})
HELP_WORDS = frozenset({"HELP", "INFO"})


def classify(body: str | None) -> Keyword | None:
    """The keyword a message is, or None for an ordinary message (case and outer spaces
    do not matter; a keyword inside a longer message is not a keyword)."""
    word = (body or "").strip().upper()
    if word in OPT_OUT_WORDS:
        return Keyword.OPT_OUT
    if word in OPT_IN_WORDS:
        return Keyword.OPT_IN
    if word == "YES":
        return Keyword.OPT_IN_IF_OPTED_OUT
    if word in HELP_WORDS:
        return Keyword.HELP
    return None
