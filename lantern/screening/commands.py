"""Skip and exit: the two commands the screening understands at every question.

Kept apart from the answer interpreters so each of them can honour a skip the same way.
"""

from __future__ import annotations

from lantern.screening.text import PhraseTable, without_courtesy

_SKIP = PhraseTable(
    {
        "skip": (
            "skip",
            "skp",
            "sikp",
            "/skip",
            "skip it",
            "skip this",
            "skip this one",
            "skip that",
            "skip that one",
            "skip the question",
            "skip this question",
            "pass",
            "i pass",
            "i will pass",
            "ill pass",
            "next",
            "next question",
            "rather not say",
            "id rather not say",
            "i would rather not say",
            "rather not answer",
            "id rather not answer",
            "id rather not",
            "prefer not to say",
            "prefer not to answer",
            "i prefer not to say",
            "i prefer not to answer",
            "id prefer not to say",
            "id prefer not to answer",
            "no comment",
            "dont want to answer",
            "i dont want to answer",
            "i dont want to answer that",
            "not comfortable answering",
            "im not comfortable answering",
            "decline",
            "i decline",
            "decline to answer",
        )
    }
)
_ZERO = {"0", "zero"}

_EXIT = PhraseTable(
    {
        "exit": tuple(
            f"{verb} {what}".strip()
            for verb in ("exit", "stop", "end", "quit", "cancel", "leave", "finish")
            for what in (
                "",
                "screening",
                "the screening",
                "this screening",
                "screen",
                "survey",
                "the survey",
                "the questions",
                "these questions",
                "this",
                "here",
            )
        )
        + (
            "/exit",
            "exit screeening",
            "exit scrrening",
            "no more questions",
            "enough questions",
            "never mind",
            "nevermind",
            "forget it",
            "i dont want to do the screening",
            "i dont want to do this screening",
            "i dont want to answer any more questions",
            "i dont want to answer more questions",
        )
    }
)


def is_skip(text: str, *, zero_skips: bool = True) -> bool:
    """A skip word: "skip", "pass", "rather not say" (and "0" unless 0 is an answer here)."""
    core = without_courtesy(text)
    if core in _ZERO:
        return zero_skips
    return _SKIP.whole(core) is not None


def is_exit(text: str) -> bool:
    """A request to stop the screening: "exit screening", "stop the screening", "never mind".

    The screening offers only "exit screening". Bare STOP, QUIT, CANCEL and END are
    recognised too, since someone on the website may type them, but never suggested: over
    SMS they opt the number out of every text from the clinic.
    """
    return _EXIT.whole(without_courtesy(text)) is not None
