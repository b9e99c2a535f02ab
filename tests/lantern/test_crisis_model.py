"""The crisis model: trained on the corpus, it catches crises written around the usual words."""

from pathlib import Path

import pytest

from lantern.crisis.model import (
    ABUSE,
    CRISIS,
    NONE,
    CrisisModel,
    corpus_files,
    corpus_fingerprint,
    load_corpus,
    long_enough,
)
from tests.lantern.conftest import ORDINARY


def test_the_corpus_holds_crises_abuse_and_look_alikes() -> None:
    labels = [label for _, label in load_corpus(corpus_files())]
    assert labels.count(CRISIS) > 800
    assert labels.count(ABUSE) > 100
    assert labels.count(NONE) > 900


@pytest.mark.parametrize(
    "text",
    [
        "pls cancel my intake, i wont be around for it. already gave my dog to my neighbor",
        "honestly i just want to go to sleep and not wake up, everything is too heavy",
        "my son left a note saying sorry for everything and now his phone is off",
    ],
)
def test_crises_without_the_usual_words_are_likely(crisis_model: CrisisModel, text: str) -> None:
    assert crisis_model.assess(text).probability >= 0.5


@pytest.mark.parametrize(
    "text",
    ["hello", "do you take aetna", "what are your hours", "this wait is killing me lol"],
)
def test_ordinary_messages_are_unlikely(crisis_model: CrisisModel, text: str) -> None:
    assert crisis_model.assess(text).probability < 0.5


def test_abuse_is_told_apart_from_other_crises(crisis_model: CrisisModel) -> None:
    assessment = crisis_model.assess(
        "my boyfriend hits me when he's high and took my phone so i cant leave"
    )
    assert assessment.category == ABUSE and assessment.is_abuse
    assert crisis_model.assess("i want to end my life tonight").category == CRISIS


def test_odd_input_is_assessed_without_error(crisis_model: CrisisModel) -> None:
    texts = ["", "   ", "🙂" * 50, "x" * 20000, "ｉ ｗａｎｔ ｔｏ ｄｉｅ"]
    assert len(crisis_model.assess_many(texts)) == len(texts)
    assert crisis_model.assess_many([]) == []


def test_a_saved_model_loads_with_the_same_judgement(
    crisis_model: CrisisModel, tmp_path: Path
) -> None:
    crisis_model.save(tmp_path)
    loaded = CrisisModel.load(tmp_path)
    text = "i'm giving away my things, i won't need them where i'm going"
    assert loaded.assess(text) == crisis_model.assess(text)


def test_a_corpus_without_crises_is_refused() -> None:
    with pytest.raises(ValueError, match="crisis messages and look-alikes"):
        CrisisModel.train(ORDINARY)


def test_the_fingerprint_follows_the_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "set.yml"
    corpus.write_text('crisis:\n  - {category: "suicide", text: "a"}\n', encoding="utf-8")
    before = corpus_fingerprint([corpus])
    corpus.write_text('crisis:\n  - {category: "suicide", text: "b"}\n', encoding="utf-8")
    assert corpus_fingerprint([corpus]) != before


@pytest.mark.parametrize(
    ("text", "expected"),
    [("not rn", False), ("i guess not", False), ("no not right now", True), ("  ", False)],
)
def test_only_messages_of_enough_words_are_judged(text: str, expected: bool) -> None:
    assert long_enough(text, 4) is expected
