"""Rasa's replies for one turn as SMS bodies: text split to size, buttons as numbered choices."""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Sequence, Tuple

from lantern.sms.choices import number_buttons
from lantern.sms.gsm import SMS_LIMIT, gsm7_length
from lantern.sms.split import MAX_PARTS, split_sms


def _fits(body: str) -> bool:
    return gsm7_length(body) <= SMS_LIMIT


def sms_bodies(
    messages: Sequence[Mapping[str, Any]], *, more: str = "", max_parts: int = MAX_PARTS
) -> Tuple[List[str], Dict[str, str] | None]:
    """The SMS bodies for a turn's messages, and the choices offered (None: no buttons).

    Each Rasa message becomes at most `max_parts` bodies; its buttons' line is kept whole
    (the text is cut first), since a question whose answers were cut off cannot be answered.
    Images and custom payloads have no SMS form and are left out.
    """
    bodies: List[str] = []
    choices: Dict[str, str] | None = None
    for message in messages:
        buttons = message.get("buttons") or message.get("quick_replies") or []
        line, mapping = number_buttons(buttons)
        choice_parts = split_sms(line, max_parts=max_parts) if line else []
        room = max(max_parts - len(choice_parts), 1)
        text_parts = split_sms(str(message.get("text") or ""), more=more, max_parts=room)
        if len(choice_parts) == 1 and text_parts and _fits(f"{text_parts[-1]}\n{line}"):
            # The question and its choices in one message when they fit.
            text_parts[-1] = f"{text_parts[-1]}\n{choice_parts.pop()}"
        bodies.extend(text_parts + choice_parts)
        if mapping:
            choices = mapping
    return bodies, choices
