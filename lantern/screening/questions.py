"""The screening's questions and their order, as data.

The form asks `next_question(answers)` what to ask; the catalogue decides, so the C-SSRS
screener's branching (Q3 to Q5 only after a yes to Q2, the three-month follow-up only after
a yes to Q6) lives in one place and the form holds no order of its own. Question ids are the
form's slot names.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Dict, Final, FrozenSet, Mapping, Tuple

SKIPPED: Final = "skipped"
"""The value stored for a question the person chose to skip; it counts as answered."""

EXIT_PHRASE = "exit screening"
"""What the screening offers for stopping. Never STOP, QUIT, CANCEL or END: over SMS those
single words opt the number out of all texts from the clinic."""

YES_OR_UNSURE: FrozenSet[str] = frozenset({"yes", "vague"})


class Kind(str, Enum):
    """How an answer is read (`answers.interpret_answer` picks the interpreter by kind)."""

    YES_NO = "yes_no"
    # Yes/no that is often answered with who it is ("my sister") or that no one is.
    SUPPORT = "support"
    TEXT = "text"
    DAYS_SINCE = "days_since"
    DAYS_IN_MONTH = "days_in_month"
    SEVERITY = "severity"


@dataclass(frozen=True)
class Condition:
    """Ask a question only when an earlier answer is one of `values`."""

    question_id: str
    values: FrozenSet[str]

    def holds(self, answers: Mapping[str, Any]) -> bool:
        return answers.get(self.question_id) in self.values


@dataclass(frozen=True)
class Question:
    """One question: its id (the slot name), reference wording, and how answers are read.

    `choices` are the canonical answers for questions with a fixed set (the values the tier
    rules may name); `zero_is_answer` marks scales where "0" is a value, not the skip word.
    `summary` names the question in the staff summary and in the reasons of a result.
    """

    id: str
    section: str
    kind: Kind
    text: str
    summary: str
    choices: Tuple[str, ...] = ()
    asked_if: Condition | None = None
    zero_is_answer: bool = False

    @property
    def skip_hint(self) -> str:
        """The skip words the form may offer for this question."""
        return '"skip"' if self.zero_is_answer else '"0" or "skip"'

    def applies(self, answers: Mapping[str, Any]) -> bool:
        return self.asked_if is None or self.asked_if.holds(answers)


YES_NO_CHOICES = ("yes", "no", "vague")
SEVERITY_CHOICES = ("none", "mild", "moderate", "severe")
CRAVING_CHOICES = ("none", "mild", "moderate", "strong")

_AFTER_Q2 = Condition("cssrs_suicidal_thoughts", YES_OR_UNSURE)
_AFTER_Q6 = Condition("cssrs_behavior", YES_OR_UNSURE)

QUESTIONS: Tuple[Question, ...] = (
    # Asked first: a medical emergency happening now outranks everything else, and one
    # yes ends the screening with the emergency numbers.
    Question(
        id="red_flags",
        section="medical",
        kind=Kind.YES_NO,
        text=(
            "Right now, do you have any of these: chest pain or pressure, trouble breathing, "
            "a seizure, fainting, a very high body temperature, signs of a stroke (face "
            "drooping, arm weakness, trouble speaking), or are you seeing or hearing things "
            "that aren't there or feeling unsafe?"
        ),
        summary="Medical red flag right now",
        choices=YES_NO_CHOICES,
    ),
    Question(
        id="cssrs_wish_dead",
        section="cssrs",
        kind=Kind.YES_NO,
        text=(
            "In the past month, have you wished you were dead or wished you could go to "
            "sleep and not wake up?"
        ),
        summary="Wished to be dead or not to wake up (past month)",
        choices=YES_NO_CHOICES,
    ),
    Question(
        id="cssrs_suicidal_thoughts",
        section="cssrs",
        kind=Kind.YES_NO,
        text="In the past month, have you actually had any thoughts of killing yourself?",
        summary="Thoughts of suicide (past month)",
        choices=YES_NO_CHOICES,
    ),
    Question(
        id="cssrs_method",
        section="cssrs",
        kind=Kind.YES_NO,
        text="In the past month, have you been thinking about how you might do this?",
        summary="Thought about how (past month)",
        choices=YES_NO_CHOICES,
        asked_if=_AFTER_Q2,
    ),
    Question(
        id="cssrs_intent",
        section="cssrs",
        kind=Kind.YES_NO,
        text=(
            "In the past month, have you had these thoughts and had some intention of "
            "acting on them?"
        ),
        summary="Some intention of acting on the thoughts (past month)",
        choices=YES_NO_CHOICES,
        asked_if=_AFTER_Q2,
    ),
    Question(
        id="cssrs_plan",
        section="cssrs",
        kind=Kind.YES_NO,
        text=(
            "In the past month, have you started to work out or worked out the details of "
            "how to kill yourself, and do you intend to carry out this plan?"
        ),
        summary="Worked out a plan and intends to carry it out (past month)",
        choices=YES_NO_CHOICES,
        asked_if=_AFTER_Q2,
    ),
    Question(
        id="cssrs_behavior",
        section="cssrs",
        kind=Kind.YES_NO,
        text=(
            "Have you ever done anything, started to do anything, or prepared to do "
            "anything to end your life?"
        ),
        summary="Ever did, started or prepared anything to end their life",
        choices=YES_NO_CHOICES,
    ),
    Question(
        id="cssrs_behavior_recent",
        section="cssrs",
        kind=Kind.YES_NO,
        text="Was this within the past three months?",
        summary="That was within the past three months",
        choices=YES_NO_CHOICES,
        asked_if=_AFTER_Q6,
    ),
    Question(
        id="substance",
        section="use",
        kind=Kind.TEXT,
        text="What do you use? For example cocaine, alcohol, pills, or anything else.",
        summary="Substances used",
    ),
    Question(
        id="last_use",
        section="use",
        kind=Kind.DAYS_SINCE,
        text='When did you last use? For example "yesterday" or "2 weeks ago".',
        summary="Last use",
    ),
    Question(
        id="use_days_30",
        section="use",
        kind=Kind.DAYS_IN_MONTH,
        text="On how many of the past 30 days did you use? A number from 0 to 30 is fine.",
        summary="Days used in the past 30",
        zero_is_answer=True,
    ),
    Question(
        id="withdrawal",
        section="use",
        kind=Kind.SEVERITY,
        text="How bad are withdrawal symptoms for you right now: none, mild, moderate or severe?",
        summary="Withdrawal right now",
        choices=SEVERITY_CHOICES,
        zero_is_answer=True,
    ),
    Question(
        id="craving",
        section="use",
        kind=Kind.SEVERITY,
        text="How strong are your cravings right now: none, mild, moderate or strong?",
        summary="Craving right now",
        choices=CRAVING_CHOICES,
        zero_is_answer=True,
    ),
    Question(
        id="prior_treatment",
        section="background",
        kind=Kind.YES_NO,
        text="Have you had treatment for substance use before?",
        summary="Treated for substance use before",
        choices=YES_NO_CHOICES,
    ),
    Question(
        id="home_support",
        section="background",
        kind=Kind.SUPPORT,
        text="Is there someone at home or close by who supports you?",
        summary="Has support at home or close by",
        choices=YES_NO_CHOICES,
    ),
)

QUESTIONS_BY_ID: Dict[str, Question] = {question.id: question for question in QUESTIONS}
QUESTION_IDS: Tuple[str, ...] = tuple(QUESTIONS_BY_ID)


def get_question(question_id: str) -> Question:
    """The question with this id; a `KeyError` names an unknown id."""
    try:
        return QUESTIONS_BY_ID[question_id]
    except KeyError:
        raise KeyError(f"unknown screening question {question_id!r}") from None


def is_answered(answers: Mapping[str, Any], question_id: str) -> bool:
    """Any stored value counts, "skipped" included: the person is not asked again."""
    return answers.get(question_id) is not None


def applicable_questions(answers: Mapping[str, Any]) -> Tuple[str, ...]:
    """The ids of the questions to ask given the answers so far, in order."""
    return tuple(question.id for question in QUESTIONS if question.applies(answers))


def next_question(answers: Mapping[str, Any]) -> str | None:
    """The first applicable question not answered yet; None when the screening is done."""
    for question_id in applicable_questions(answers):
        if not is_answered(answers, question_id):
            return question_id
    return None
