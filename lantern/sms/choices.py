"""Buttons as numbered text choices ("Reply 1 for Yes, 2 for No."), and replies mapped back."""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Sequence, Tuple

from lantern.sms.gsm import to_gsm7


def number_buttons(buttons: Sequence[Mapping[str, Any]]) -> Tuple[str, Dict[str, str]]:
    """The line offering `buttons` as numbers, and the map from number (and title) to payload.

    Titles are mapped too, lower-cased, so "yes" typed out works as well as "1".
    """
    offered: List[str] = []
    mapping: Dict[str, str] = {}
    for button in buttons:
        title = to_gsm7(str(button.get("title") or "")).strip()
        payload = str(button.get("payload") or title)
        if not title:
            continue
        number = str(len(offered) + 1)
        offered.append(f"{number} for {title}")
        mapping[number] = payload
        mapping.setdefault(title.lower(), payload)
    if not offered:
        return "", {}
    return f"Reply {', '.join(offered)}.", mapping


def resolve_choice(text: str | None, choices: Mapping[str, str]) -> str | None:
    """The payload the reply picks ("1", " 2. ", "Yes"), or None if it picks none."""
    if not text or not choices:
        return None
    key = text.strip().rstrip(".)!").strip().lower()
    return choices.get(key)
