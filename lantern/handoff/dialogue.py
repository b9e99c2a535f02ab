"""The hand-off form as a conversation: what to ask next, how a reply is read, the summary.

Three things are asked: a phone number (over SMS, the number the person is texting from is
offered instead), an explicit yes to be called, and, when the clinic is closed, a good time for
the call-back. While the clinic is open the call is placed at once (`request_handoff` decides
by the opening hours), so the consent question says "now" and no time is asked.

Plain Python, tested without Rasa; actions/handoff.py moves values between the tracker, these
functions, the clinic database and `lantern.handoff.service.request_handoff`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any, Iterable, List, Mapping, Sequence

from lantern.handoff.prompts import PHONE_NUDGE, SENDER_NUDGE
from lantern.handoff.service import HandoffSummary
from lantern.intents import FAQ_INTENTS, is_sure_question, looks_like_question
from lantern.phone import PhoneNumberError, normalise_phone
from lantern.privacy import redact_member_ids
from lantern.screening.answers import interpret_yes_no

PHONE = "handoff_phone"
CONSENT = "handoff_consent"
TIME = "handoff_time"
SLOTS = (PHONE, CONSENT, TIME)

YES = "yes"
DECLINED = "declined"  # the person said no (to the call, or to giving a number)
UNAVAILABLE = "unavailable"  # the clinic database could not keep the number
AS_SOON_AS_POSSIBLE = "as soon as possible"
TIME_LENGTH = 80  # a good time is a few words; the rest of a long message is not kept

TIERS = ("EMERGENCY", "URGENT", "SOON", "ROUTINE")
INSURANCE_OUTCOMES = {
    "in_network": "in network",
    "out_of_network_reimbursement": "out of network, reimbursement possible",
    "not_accepted": "not accepted",
    "unknown": "unknown, to be verified",
    "not_listed": "carrier not on the list, to be verified",
}
NO_INSURANCE = "no_insurance"

# Said at any of the questions: the person does not want the call after all. "stop" over SMS
# also opts the number out of texts (the channel stores that); here it ends the form.
_DECLINE = re.compile(
    r"^\W*(no,? thanks?|no,? thank you|no need|never ?mind|nvm|cancel|stop|forget (it|that)|"
    r"(please )?do ?n[o']?t call( me)?|not interested|(i )?changed my mind|"
    r"i('?ll| will) (just )?call (you|them|myself|the clinic)|i('?d| would) rather not|"
    r"exit|quit)\b",
    re.IGNORECASE,
)
# Weaker ways to say no, taken as a no only when they are the whole message.
_DECLINE_WHOLE = re.compile(
    r"^\W*(i'?m (good|ok|okay|fine)|all good|that'?s ok(ay)?|no|nope|nah)"
    r"(,? (thanks?|thank you|ty))?\W*$",
    re.IGNORECASE,
)
_NOT_NOW = re.compile(r"^\W*not (now|today|right now)\b", re.IGNORECASE)
# A yes to being called that the screening's yes/no reader does not know (it reads answers).
_CONSENT_YES = re.compile(
    r"^\W*(ok(ay)?|k|alright|all right|go ahead|please( do| call)?|that'?s (fine|ok(ay)?)|"
    r"fine|that works|works for me|sounds good|do it|call me|you can|you may)\b",
    re.IGNORECASE,
)
_ANOTHER_NUMBER = re.compile(
    r"\b(another|different|other|new) (number|phone|cell)\b|\bnot (this|that) (number|one)\b",
    re.IGNORECASE,
)
_ANY_TIME = re.compile(
    r"^\W*(any ?time|whenever|asap|as soon as (possible|you can)|soon|now|right now|"
    r"no preference|doesn'?t matter|does not matter|don'?t care|idk|i don'?t know|"
    r"not sure|skip|either|any|whatever|all day)\W*$",
    re.IGNORECASE,
)
# A run of digits and the marks people write numbers with: "(310) 555-0147", "+1 310.555.0147".
_NUMBER_RUN = re.compile(r"\+?\(?\d[\d\s().-]{5,}\d")


class TurnKind(Enum):
    ANSWER = "answer"  # `value` is what to keep (an E.164 number, "yes", a time)
    QUESTION = "question"  # step aside: the rules answer it, then the form asks again
    DECLINE = "decline"  # end the form without a call
    UNCLEAR = "unclear"  # say `hint`, ask again
    USE_SENDER = "use_sender"  # over SMS: yes, call the number I'm texting from
    ASK_NUMBER = "ask_number"  # over SMS: not this number; ask for one


@dataclass(frozen=True)
class Turn:
    kind: TurnKind
    value: str | None = None
    hint: str | None = None


def is_decline(text: str) -> bool:
    """ "no thanks", "never mind", "don't call me": the person does not want the call."""
    return bool(_DECLINE.match(text) or _DECLINE_WHOLE.match(text))


def phone_candidate(text: str) -> str:
    """The part of a message that looks like a phone number ("call me at 310-555-0147")."""
    runs = [run.strip() for run in _NUMBER_RUN.findall(text)]
    return max(runs, key=len) if runs else text


def read_phone(text: str, region: str = "US") -> Turn:
    """A reply to "what number should we call?": the number in E.164, or a hint to show."""
    try:
        return Turn(TurnKind.ANSWER, normalise_phone(phone_candidate(text), region))
    except PhoneNumberError as error:
        return Turn(TurnKind.UNCLEAR, hint=str(error))


def read_consent(text: str) -> str | None:
    """ "yes" for an explicit yes, "no" for a no, None when it is neither (ask again)."""
    if is_decline(text) or _NOT_NOW.match(text):
        return "no"
    answer = interpret_yes_no(text)
    if answer in ("yes", "no"):
        return answer
    if answer is None and _CONSENT_YES.match(text):
        return "yes"
    return None  # "maybe", "i guess", "skip": not a yes, so not a consent


def read_time(text: str) -> str:
    """A good time to call, as the person put it, or "as soon as possible" by default."""
    words = " ".join(redact_member_ids(text).split())
    if not words or _ANY_TIME.match(words):
        return AS_SOON_AS_POSSIBLE
    return words[:TIME_LENGTH].rstrip()


def read_turn(
    asked: str,
    text: str,
    intent: str | None,
    confidence: float,
    *,
    offering_sender: bool = False,
) -> Turn:
    """How a reply to the question `asked` is read.

    `offering_sender`: over SMS, the phone question offered the number being texted from.
    A question the assistant answers steps aside only when nothing else reads the reply.
    """
    question = is_sure_question(intent, confidence)
    if asked == PHONE:
        return _read_phone_turn(text, intent, question, offering_sender)
    if asked == CONSENT:
        consent = read_consent(text)
        if consent == "no":
            return Turn(TurnKind.DECLINE)
        if consent == "yes":
            return Turn(TurnKind.ANSWER, YES)
        return Turn(TurnKind.QUESTION) if question else Turn(TurnKind.UNCLEAR)
    if _DECLINE.match(text):
        return Turn(TurnKind.DECLINE)
    if question and looks_like_question(text):
        return Turn(TurnKind.QUESTION)
    return Turn(TurnKind.ANSWER, read_time(text))


def _read_phone_turn(text: str, intent: str | None, question: bool, offering_sender: bool) -> Turn:
    if sum(char.isdigit() for char in text) >= 3:
        return read_phone(text)
    if offering_sender and _ANOTHER_NUMBER.search(text):
        return Turn(TurnKind.ASK_NUMBER)
    if is_decline(text):
        # Offered the number they are texting from, a plain "no" asks for another one.
        plain_no = interpret_yes_no(text) == "no" and not _DECLINE.match(text)
        return Turn(TurnKind.ASK_NUMBER if offering_sender and plain_no else TurnKind.DECLINE)
    if question:
        return Turn(TurnKind.QUESTION)
    answer = interpret_yes_no(text)
    if offering_sender:
        if answer == "no":
            return Turn(TurnKind.ASK_NUMBER)
        if answer == "yes" or _CONSENT_YES.match(text):
            return Turn(TurnKind.USE_SENDER)
        return Turn(TurnKind.UNCLEAR, hint=SENDER_NUDGE)
    if answer == "no":
        return Turn(TurnKind.DECLINE)
    if answer == "yes" or intent in ("request_human", "affirm") or _CONSENT_YES.match(text):
        return Turn(TurnKind.UNCLEAR, hint=PHONE_NUDGE)
    return read_phone(text)


def slot_after(asked: str, *, open_now: bool) -> str | None:
    """The next question once `asked` is answered; no time is asked while the clinic is open."""
    if asked == PHONE:
        return CONSENT
    if asked == CONSENT and not open_now:
        return TIME
    return None


# --- the summary for intake staff ---------------------------------------------------------------


def topics_asked(events: Iterable[Mapping[str, Any]]) -> List[str]:
    """The FAQ topics of the conversation, in order, once each ("ketamine/what_is")."""
    topics: List[str] = []
    for event in events:
        if event.get("event") != "user":
            continue
        parse = event.get("parse_data") or {}
        intent = (parse.get("intent") or {}).get("name")
        if intent not in FAQ_INTENTS:
            continue
        selected = (parse.get("response_selector") or {}).get(intent) or {}
        key = (selected.get("response") or {}).get("intent_response_key") or intent
        if key not in topics:
            topics.append(key)
    return topics


def insurance_result(carrier: str | None, outcome: str | None) -> str | None:
    """ "Aetna: not accepted", "no insurance", or None when insurance never came up."""
    if outcome == NO_INSURANCE:
        return "no insurance"
    if outcome is None:
        return f"{carrier}: not checked to the end" if carrier else None
    described = INSURANCE_OUTCOMES.get(outcome, outcome)
    return f"{carrier}: {described}" if carrier else described


def screening_tier(outcome: str | None, stored_tier: str | None) -> str | None:
    """The screening's tier: the stored one (an exited screening is scored too), else the slot's."""
    if stored_tier in TIERS:
        return stored_tier
    tier = (outcome or "").upper()
    return tier if tier in TIERS else None


def build_summary(
    *,
    events: Iterable[Mapping[str, Any]],
    screening_outcome: str | None,
    stored_tier: str | None,
    stored_reasons: Sequence[str] | None,
    insurance_carrier: str | None,
    insurance_outcome: str | None,
    crisis: bool,
    preferred_time: str | None,
) -> HandoffSummary:
    """What intake staff see, so nobody asks the person the same questions twice."""
    tier = screening_tier(screening_outcome, stored_tier)
    return HandoffSummary(
        topics=tuple(topics_asked(events)),
        tier=tier,
        tier_reasons=tuple(stored_reasons or ()) if tier else (),
        insurance=insurance_result(insurance_carrier, insurance_outcome),
        crisis=bool(crisis),
        preferred_time=preferred_time,
    )
