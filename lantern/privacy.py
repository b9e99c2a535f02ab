"""What must never be stored or logged in clear text: member IDs and other long numbers.

The assistant never asks for a member ID, but people type them anyway, along with phone and
policy numbers. Whatever stores text a person wrote (the tracker store, the verification
queue) passes it through `redact_member_ids` first.
"""

import re

# A member or group ID, a policy, phone or SSN-like number: any word of letters, digits and
# dashes with at least four digits ("W123456789", "8823", "123-45-6789"), except a year, and
# any code of six or more characters mixing letters and digits ("W5F8DB2BFB", "XJ-5512").
_WORD = re.compile(r"[A-Za-z0-9-]+")
_YEAR = re.compile(r"(?:19|20)\d\d")
REDACTED = "[id removed]"
_REPEATED = re.compile(rf"{re.escape(REDACTED)}(?:[\s,/-]+{re.escape(REDACTED)})+")


def redact_member_ids(text: str) -> str:
    """The text with anything that looks like a member ID replaced, so it is never stored."""

    def redact(match: re.Match[str]) -> str:
        word = match.group()
        digits = sum(character.isdigit() for character in word)
        letters = sum(character.isalpha() for character in word)
        code = len(word) >= 6 and digits >= 1 and letters >= 1  # "W5F8DB2BFB", "XJ-5512"
        return REDACTED if (digits >= 4 and not _YEAR.fullmatch(word)) or code else word

    return _REPEATED.sub(REDACTED, _WORD.sub(redact, text))
