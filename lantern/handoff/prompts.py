"""How the hand-off form's questions are put: the wording, the buttons, the hints.

Someone else may see the person's screen or phone, so the questions name the clinic and a
call, nothing about why. Buttons carry plain words as payloads, so a button, the same words
typed, or a numbered choice over SMS read the same way. "No thanks" is offered to decline,
never STOP or CANCEL, which over SMS opt a number out of every text.
"""

from __future__ import annotations

from typing import Dict, List

Button = Dict[str, str]

PHONE_QUESTION = (
    "Our team can call you. What's the best number to reach you? For example 555-123-4567. "
    'If you\'d rather not, just say "no thanks".'
)
PHONE_NUDGE = "Sure. What number should we call? For example 555-123-4567."
SENDER_NUDGE = (
    "Sorry, I didn't catch that. Should we call the number you're texting from? "
    'Reply yes, "another number" or "no thanks".'
)
CONSENT_HINT = "Sorry, I need a clear yes or no before we call: is it okay for us to call you?"
TIME_QUESTION = (
    'When is a good time for the call back? For example "morning", "after 2" or "any time".'
)


def _button(title: str, payload: str | None = None) -> Button:
    return {"title": title, "payload": payload or title}


def phone_buttons() -> List[Button]:
    return [_button("No thanks", "no thanks")]


def sender_offer(masked: str) -> str:
    """Over SMS: the number the person is texting from, offered instead of asked for."""
    return f"Should we call you at the number you're texting from ({masked})?"


def sender_buttons() -> List[Button]:
    return [
        _button("Yes", "yes"),
        _button("Another number", "another number"),
        _button("No thanks", "no thanks"),
    ]


def consent_question(masked: str, clinic_name: str, *, open_now: bool, window: str) -> str:
    """The explicit question before any call: which number, when, and who is calling."""
    if open_now:
        return (
            f"Is it okay for us to call you now at {masked}? We'll connect you with our intake "
            f"team, and the call will only say it's from {clinic_name}."
        )
    return (
        f"We're closed right now, so our intake team would call you back on {window}. "
        f"Is it okay for us to call you at {masked}? "
        f"The call will only say it's from {clinic_name}."
    )


def consent_buttons() -> List[Button]:
    return [_button("Yes", "yes"), _button("No", "no")]


def time_buttons() -> List[Button]:
    return [
        _button("Morning", "morning"),
        _button("Afternoon", "afternoon"),
        _button("Any time", "any time"),
    ]
