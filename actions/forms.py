"""What the project's forms share: telling a fresh reply from a return after a question."""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker

REQUESTED_SLOT = "requested_slot"
# What the tracker shows between a reply and the form's validation: Rasa's slot extraction
# and the form's own step (Rasa adds it to the tracker it sends). Anything else answered it.
_BEFORE_THE_FORM = frozenset({"action_listen", "action_extract_slots"})


def is_fresh_reply(tracker: Tracker, form: str) -> bool:
    """True when the latest message is a reply still to be read, not one a rule answered."""
    since_message: List[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "action":
            since_message.append(event.get("name") or "")
    return all(name in _BEFORE_THE_FORM or name == form for name in since_message)


def latest_intent(tracker: Tracker) -> tuple[str | None, float]:
    """The latest message's intent and the classifier's confidence in it."""
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)
