"""How the screening's questions are put to the person: the wording, the buttons, the hints.

Buttons carry plain words as payloads ("Yes", "skip"), so the same answer typed by hand, sent
by a button or chosen by number over SMS is read the same way. "exit screening" is offered
instead of STOP, QUIT, CANCEL or END, which over SMS opt a number out of every text.
"""

from __future__ import annotations

from typing import Dict, List

from lantern.screening.questions import EXIT_PHRASE, Kind, get_question

Button = Dict[str, str]


def _button(title: str, payload: str | None = None) -> Button:
    return {"title": title, "payload": payload or title}


def question_buttons(question_id: str) -> List[Button]:
    """The quick replies for a question: its choices, then skip and exit."""
    question = get_question(question_id)
    choices: List[Button] = []
    if question.kind in (Kind.YES_NO, Kind.SUPPORT):
        choices = [_button("Yes"), _button("No")]
    elif question.kind is Kind.SEVERITY:
        choices = [_button(choice.capitalize(), choice) for choice in question.choices]
    elif question.kind is Kind.DAYS_IN_MONTH:
        choices = [_button("Every day", "every day"), _button("None", "none")]
    elif question.kind is Kind.DAYS_SINCE:
        choices = [_button("Today", "today"), _button("This week", "a few days ago")]
    return [*choices, _button("Skip", "skip"), _button("Exit screening", EXIT_PHRASE)]


def unclear_hint(question_id: str) -> str:
    """What to say before asking again: the kind of answer this question takes."""
    question = get_question(question_id)
    skip = question.skip_hint
    levels = (
        ", ".join(question.choices[:-1]) + f" or {question.choices[-1]}" if question.choices else ""
    )
    yes_no = f"Could you answer yes or no? You can also reply {skip}."
    hints = {
        Kind.YES_NO: yes_no,
        Kind.SUPPORT: yes_no,
        Kind.SEVERITY: f"Would you say {levels}? You can also reply {skip}.",
        Kind.DAYS_IN_MONTH: f"A number of days from 0 to 30 is fine, or reply {skip}.",
        Kind.DAYS_SINCE: (
            'You could say something like "yesterday", "3 days ago" or "2 months ago", '
            f"or reply {skip}."
        ),
        Kind.TEXT: f"A few words are enough, or reply {skip}.",
    }
    return f"Sorry, I didn't catch that. {hints[question.kind]}"
