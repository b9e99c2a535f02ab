"""A supervised crisis model: word and character n-grams into a logistic regression.

The deterministic matcher recognises wordings; people in crisis often write around them
("made sure the dog has a new home", "won't need the appointment after friday"). A linear
model over word pairs and character fragments, trained on the project's crisis corpus
(`corpus/`: crisis messages and look-alikes of every kind, labelled by hand), generalises to
such phrasings and to misspellings no list can hold. It never overrules the matcher: it only
adds messages the matcher missed, when its probability reaches the configured bar.

Three classes (none, crisis, abuse), so a flagged message also gets the right response.
Plain scikit-learn (Rasa already depends on it); no Rasa import, so it is tested on its own.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, List, Sequence, Tuple

import skops.io as sio
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from lantern.crisis.matcher import normalise

CORPUS_DIR = Path(__file__).with_name("corpus")
NONE, CRISIS, ABUSE = "none", "crisis", "abuse"
MODEL_FILE = "crisis_model.skops"
LabelledText = Tuple[str, str]


@dataclass(frozen=True)
class Assessment:
    """The model's probability that a message is a crisis, and which kind."""

    probability: float
    category: str

    @property
    def is_abuse(self) -> bool:
        return self.category == ABUSE


def long_enough(text: str, min_words: int) -> bool:
    """Whether the model should judge the message at all: a reply of two or three words
    ("not rn", "i guess not") has too few n-grams for a trustworthy probability, and the
    short crisis wordings ("kms", "wanna die") are the matcher's."""
    return len(normalise(text).split()) >= min_words


def corpus_files(directory: Path = CORPUS_DIR) -> List[Path]:
    """The corpus files in a stable order (the order is part of the training fingerprint)."""
    return sorted(directory.glob("*.yml"))


def load_corpus(paths: Iterable[Path]) -> List[LabelledText]:
    """(text, label) pairs from crisis sets: `crisis` items by category, `lookalike` as none."""
    examples: List[LabelledText] = []
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("crisis") or []:
            label = ABUSE if item.get("category") == ABUSE else CRISIS
            examples.append((str(item["text"]), label))
        examples.extend((str(item["text"]), NONE) for item in data.get("lookalike") or [])
    return examples


def corpus_fingerprint(paths: Sequence[Path]) -> str:
    """Hash of the corpus files, so Rasa retrains the model when the corpus changes."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _pipeline(regularisation: float) -> Pipeline:
    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
            (
                "fragments",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2
                ),
            ),
        ]
    )
    classifier = LogisticRegression(
        C=regularisation, max_iter=3000, class_weight="balanced", random_state=0
    )
    return Pipeline([("features", features), ("classifier", classifier)])


class CrisisModel:
    """Trained n-gram model; `assess` gives P(crisis or abuse) and the likelier of the two."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        classes = list(pipeline.classes_)
        self._none = classes.index(NONE)
        self._crisis = classes.index(CRISIS)
        self._abuse = classes.index(ABUSE) if ABUSE in classes else None

    @classmethod
    def train(cls, examples: Sequence[LabelledText], regularisation: float = 10.0) -> CrisisModel:
        labels = {label for _, label in examples}
        if not {NONE, CRISIS} <= labels:
            raise ValueError("the crisis corpus needs crisis messages and look-alikes")
        pipeline = _pipeline(regularisation)
        pipeline.fit([normalise(text) for text, _ in examples], [label for _, label in examples])
        return cls(pipeline)

    def assess(self, text: str) -> Assessment:
        return self.assess_many([text])[0]

    def flags(self, text: str, threshold: float, min_words: int) -> Assessment | None:
        """The assessment when the model flags the message: long enough to judge, and at or
        above the bar; None otherwise. The one rule the Rasa component and the scripts share."""
        if not long_enough(text, min_words):
            return None
        assessment = self.assess(text)
        return assessment if assessment.probability >= threshold else None

    def assess_many(self, texts: Sequence[str]) -> List[Assessment]:
        if not texts:
            return []
        rows = self.pipeline.predict_proba([normalise(text) for text in texts])
        return [self._assessment(row) for row in rows]

    def _assessment(self, row: Sequence[float]) -> Assessment:
        abuse = row[self._abuse] if self._abuse is not None else 0.0
        category = ABUSE if abuse > row[self._crisis] else CRISIS
        return Assessment(probability=float(1.0 - row[self._none]), category=category)

    def save(self, directory: Path) -> None:
        sio.dump(self.pipeline, directory / MODEL_FILE)

    @classmethod
    def load(cls, directory: Path) -> CrisisModel:
        """Load with skops, refusing any type outside scikit-learn and numpy."""
        path = directory / MODEL_FILE
        untrusted = [
            name
            for name in sio.get_untrusted_types(file=path)
            if not name.startswith(("sklearn.", "numpy.", "scipy.", "builtins."))
        ]
        if untrusted:
            raise ValueError(f"unexpected types in {path.name}: {untrusted}")
        return cls(sio.load(path, trusted=sio.get_untrusted_types(file=path)))
