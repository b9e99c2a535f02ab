"""A deterministic crisis matcher over a blank spaCy English pipeline.

It recognises messages that signal suicidal thoughts, self-harm, an overdose happening now,
a medical emergency, danger to others or abuse, in the writer or someone with them. The
lists live in `patterns.yml` beside this file: phrases (on LOWER), token patterns, and
structural token patterns on LEMMA from spaCy's lookup lemmatizer (took -> take), so one
pattern covers a construction ("took/swallowed + a number + pills") rather than one phrase.

How matches combine (kept in step with the comments of patterns.yml):
- an exclusion ("this craving is killing me", "dying to know") cancels the matches it overlaps;
- every match is then judged by its clause (`CrisisContext`): a question or a hypothetical
  about people in general, talk about the topic ("the question about hurting myself"), a
  negation just before it, or a past marker near a match not in the present tense cancels it,
  unless the clause speaks of the present ("tonight", "again", "still");
- a message whose remaining matches are all overdose or medical terms and that opens as a
  question, or tells of a past event now resolved, with no present marker, is not an emergency.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Dict, Iterable, List, Tuple

import spacy
import yaml
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Token

PATTERNS_PATH = Path(__file__).with_name("patterns.yml")
ABUSE = "abuse"
# Categories where a question from the writer about their own state is still a crisis ("is it
# normal to want to die every day?"): only questions about other people or the topic cancel.
PERSONAL = frozenset({"suicide", "self_harm", "danger_to_others", "abuse"})
QUESTIONABLE = frozenset({"overdose_now", "medical_emergency"})
# Words that put an event in the present; "now" alone is left out because resolved markers
# ("is fine now") contain it.
PRESENT_MARKERS = (
    "right now",
    "rn",
    "tonight",
    "today",
    "again",
    "currently",
    "just now",
    "at the moment",
    "atm",
)
# "i don't know if they cover it": an embedded question, not a hypothetical.
EMBEDDING_VERBS = frozenset(
    {"know", "sure", "wonder", "wondering", "wondered", "ask", "asking", "asked", "see", "check"}
    | {"checking", "tell", "idk", "unsure", "curious", "clue", "matter", "matters"}
)
EMBEDDED_SUBJECTS = frozenset({"they", "it", "you", "u", "your", "the", "my"})
SENTENCE_ENDS = frozenset({".", "!", "?"})
# Someone else acting, after a supposition ("if i ever tell anyone about him he'll kill me").
SUBJECTS = frozenset({"he", "she", "they", "him", "her", "them", "he'll", "she'll"})
SUBJECTS |= {"he's", "she's"}
# A match in the past tense is dated by a past marker anywhere in a short sentence; a run-on
# message is one "sentence" and dates nothing.
SHORT_SENTENCE = 30  # tokens
PAST_TENSE = frozenset({"wanted", "tried", "was", "were", "felt", "took", "had", "thought"})
PAST_TENSE |= {"overdosed", "od'd"}
# Someone in general, after "if" ("if a patient", "if someone").
SUPPOSED = frozenset({"someone", "somebody", "anyone", "anybody", "patient", "patients", "person"})
SUPPOSED |= {"people", "ppl", "client", "clients", "one", "you", "u"}
# Auxiliaries that open a question only with a subject after them ("did you", "was it"); an SMS
# drops the subject of a statement ("did 3 lines", "was up all night").
AUXILIARIES = frozenset({"did", "do", "does", "have", "has", "was", "were"})
ASKED_OF = frozenset({"i", "you", "u", "ya", "he", "she", "it", "they", "we", "my", "your", "ur"})
ASKED_OF |= {"the", "this", "that", "these", "those", "anyone", "anybody", "someone", "somebody"}
ASKED_OF |= {"people", "ppl", "ketamine", "cocaine", "coke", "his", "her", "their", "there"}
# Other past forms: a story told from its date on ("back in college ... my RA called 911").
IRREGULAR_PAST = frozenset({"got", "went", "came", "saw", "did", "lost", "left", "woke", "fell"})
PAST_FORMS = PAST_TENSE | IRREGULAR_PAST
# "-ed" words that describe a state now, not a past event ("i'm so tired of this").
STATES = frozenset({"tired", "depressed", "stressed", "exhausted", "obsessed", "wasted", "wired"})
STATES |= {"messed", "screwed", "stoned", "fucked", "overwhelmed", "ashamed", "scared", "worried"}
STATES |= {"terrified", "frightened", "paralyzed", "trapped", "cornered", "isolated", "used"}
# What others foretell of the writer: "my mom keeps saying im gonna die", "could hurt me".
FORETOLD = frozenset({"gonna", "gon", "going", "will", "'ll", "could", "might", "would", "'d"})
FORETOLD |= {"if"}
# "i was nervous i'd hurt myself": a fear of an accident, told in the past.
FEARS = frozenset({"nervous", "scared", "afraid", "worried", "terrified"})
# The writer as the one who speaks: "i told my wife ..." is not someone else's report.
WRITER = frozenset({"i", "we", "im", "i'm", "ive", "i've"})
# "how much does it take to kill someone?": people in general.
GENERAL_REFLEXIVES = frozenset({"yourself", "urself", "oneself", "themselves", "themself"})
ANYONE = frozenset({"someone", "somebody", "anyone", "anybody", "person"})
# "how to talk about suicide": a match opening with one of these after "how to" is a topic;
# "searched how to kill herself" is not.
TALKING = frozenset({"talk", "talking", "speak", "discuss", "ask", "respond", "bring", "deal"})
DATING_VERBS = frozenset({"was", "ended", "happened", "stopped", "were"})
_ZERO_WIDTH = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e")
)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"'})


@dataclass(frozen=True)
class CrisisSignal:
    """What the matcher found: the category and the words that triggered it."""

    category: str
    phrase: str

    @property
    def is_abuse(self) -> bool:
        return self.category == ABUSE


def normalise(text: str) -> str:
    """Lower case, compatibility forms, straight quotes, no zero-width or direction marks."""
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip().lower()


class CrisisContext:
    """Judges a match by its clause: questions, topics, negations and a past that is over.

    Phrase lists cannot tell "i want to die" from "do I have to answer the question about
    wanting to die?"; the clause around the match can, and the same few rules cover every
    category, so no phrase needs a twin in the exclusions.
    """

    def __init__(self, spec: Dict, nlp: spacy.language.Language) -> None:
        def words(key: str) -> frozenset:
            return frozenset(str(word) for word in spec.get(key, []) or [])

        self.breaks = words("clause_breaks")
        self.question_starts = words("question_starts")
        self.marked_starts = words("question_starts_with_mark")
        self.openers = words("clause_openers")
        self.question_window = int(spec.get("question_window", 8))
        self.hypothetical_window = int(spec.get("hypothetical_window", 12))
        self.if_words = words("if_words")
        self.generic = words("generic_subjects")
        self.generic_near = words("generic_just_before")
        self.topic_words = words("topic_words")
        self.topic_window = int(spec.get("topic_window", 8))
        self.negations = words("negations")
        self.neutral = words("negation_neutral")
        self.negation_window = int(spec.get("negation_window", 4))
        self.negation_subjects = words("negation_subjects")
        self.marker_window = int(spec.get("marker_window", 8))
        self.present_tense = words("present_tense")
        self.laughter = words("laughter")
        self.laughter_cancels = words("laughter_cancels")
        self.jokes = words("jokes")
        self.negative_starts = frozenset({"nothing", "anything", "no", "nobody", "none", "any"})
        self.first_person = words("first_person")
        self.third_person = words("third_person")
        self.topic_nouns = words("topic_nouns")
        self.past_year = re.compile(str(spec.get("past_year_regex", "$^")))
        self.markers = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.things = words("things")
        self.farewell_words = words("farewell_words")
        self.cover_story = words("cover_story")
        self.pronouns = frozenset({"he", "she", "it", "that", "there", "who", "what", "this"})
        self.reporting_verbs = words("reporting_verbs")
        self.report_window = int(spec.get("report_window", 8))
        self.perceivers = words("perception_subjects")
        self.wishes = words("wishes")
        self.conditionals = words("conditionals")
        self.anniversary = words("anniversary_words")
        self.articles = words("indefinite_articles")
        self.generic_plurals = words("generic_plurals")
        self.generic_reports = words("generic_reports")
        kinds: Tuple[str, ...] = ("pleas", "past_markers", "present_markers", "delight")
        kinds += ("weak_present_markers", "departures", "past_perceptions", "dreams", "passed")
        kinds += ("habitual", "imaginings")
        for kind in kinds:
            self.markers.add(kind, [nlp.make_doc(normalise(str(p))) for p in spec.get(kind, [])])
        self.strings = nlp.vocab.strings

    def clauses(self, doc: Doc) -> Tuple[List[int], Dict[str, List[Tuple[int, int]]]]:
        """Clause id per token (-1 for breaks and pleas) and the marker spans found."""
        marks: Dict[str, List[Tuple[int, int]]] = {}
        for match_id, start, end in self.markers(doc):
            marks.setdefault(self.strings[match_id], []).append((start, end))
        plea = {i for start, end in marks.get("pleas", []) for i in range(start, end)}
        ids, current = [], 0
        for token in doc:
            infix = token.text == "-" and token.i > 0 and not doc[token.i - 1].whitespace_
            if (token.lower_ in self.breaks and not infix) or token.i in plea or token.is_space:
                ids.append(-1)
                current += 1
            else:
                ids.append(current)
        return ids, marks

    def cancels(
        self, doc: Doc, span: Tuple[int, int], category: str, clauses: List[int], marks: Dict
    ) -> bool:
        """True when the clause makes the match a question, a topic, a negation or the past."""
        start, end = span
        first, last = _clause_bounds(clauses, start, end)
        near = (max(first, start - self.marker_window), min(last, end + self.marker_window))
        recent = " ".join(token.lower_ for token in doc[max(first, start - 5) : start])
        if "used to" in recent or "use to" in recent:
            return True
        sentence = _sentence_bounds(doc, start, end)
        if category in self.laughter_cancels and _has_mark(marks, "delight", sentence):
            return True
        if self._a_thing_dies(doc, sentence[0], span, category):
            return True
        if self._ordinary_farewell(doc, span, category, marks):
            return True
        hyperbole = self._could_hyperbole(doc, span, category, sentence)
        if hyperbole or self._if_ever(doc, first, span, category):
            return True
        if self.present_in(doc, near, marks):
            return False
        if category in QUESTIONABLE and _has_mark(marks, "habitual", (first, start)):
            return True  # "sometimes i feel a fluttering in my chest": it comes and goes
        if self._people_report(doc, first, start):
            return True
        if self._reported(doc, first, span, category):
            return True
        if self._perceived(doc, first, span, category, marks):
            return True
        if category in QUESTIONABLE and _has_mark(marks, "imaginings", (first, start)):
            return True  # "i keep imagining having a heart attack in the chair": a fear
        if self._supposed(doc, sentence, start):
            return True
        if _has_mark(marks, "dreams", (first, start)) or self._passed(
            doc, sentence, span, category, marks
        ):
            return True
        before = [token.lower_ for token in doc[first:start]]
        while before and before[0] in self.openers:
            before.pop(0)
        if (_dies(doc, span) or category in QUESTIONABLE) and not self._wished(doc, span):
            if before[-1:] in (["was"], ["were"]):
                return True  # "everyone acted like he was going to die": a fate in the past
            asks = sentence[1] < len(doc) and doc[sentence[1]].text == "?"
            if before[:1] == ["if"] and asks:
                return True  # "if i feel like i'm dying during the session, can i ask you to stop?"
        match = [token.lower_ for token in doc[start:end]]
        stop = start + 1
        while stop < len(doc) and clauses[stop] == clauses[start]:
            stop += 1
        asked = "?" in {token.text for token in doc[start : min(stop + 1, len(doc))]}
        questioned = self._question(before, asked)
        if questioned and category in PERSONAL:
            after = doc[end].lower_ if end < len(doc) else ""
            questioned = not self._personal(before, match, after)
        return (
            questioned
            or self._hypothetical(before[-self.hypothetical_window :] + match[:1], category)
            or self._generic_who(before)
            or (before[-2:] == ["how", "to"] and match[0] in TALKING)
            or any(word in self.generic_near for word in before[-2:])
            or self._topic(before[-self.topic_window :])
            or (match[0] not in self.negative_starts and self._negated(before))
            or self._past(doc, near, first, (max(first, start - 3), end), marks)
            or self._dated_after(doc, sentence, before[-3:] + match, marks)
            or (category in self.laughter_cancels and self._laughs(doc, first, last))
            or self._joking(doc, first, last)
        )

    def _ordinary_farewell(
        self, doc: Doc, span: Tuple[int, int], category: str, marks: Dict
    ) -> bool:
        """A goodbye, a last message or things given away in a message that gives an ordinary
        reason for leaving (moving, a new job, finishing the program, switching clinics) is a
        farewell, not finality. Only the farewell wordings: "i have the pills" still counts."""
        start, end = span
        if category != "suicide":
            return False
        if not any(token.lower_ in self.farewell_words for token in doc[start:end]):
            return False
        return any(
            self._stated_reason(doc, first, last) for first, last in marks.get("departures", [])
        )

    def _stated_reason(self, doc: Doc, first: int, last: int) -> bool:
        """The reason is the writer's own, not a cover story ("people think im moving back
        home. im not.", "i told them i got a new job")."""
        before = {token.lower_ for token in doc[max(0, first - 4) : first]}
        after = {token.lower_ for token in doc[last : last + 6]}
        return not (before & self.cover_story or after & self.negations)

    def resolved_past(
        self, doc: Doc, span: Tuple[int, int], clauses: List[int], marks: Dict
    ) -> bool:
        """In a message that says the matter is over ("clean since", "i'm safe now"), a match in
        the past tense whose sentence (or the next one, when it opens "that was ...") carries a
        past marker ("in 2017", "years ago") and no present one is a story, not a crisis."""
        start, end = span
        first, last = _sentence_bounds(doc, start, end)
        following = (last + 1, _sentence_end(doc, last + 1))
        if _dates_previous(doc, last):  # "... he threatened me. That was 4 years ago."
            last = following[1]
        elif self._told_past(doc, _clause_bounds(clauses, start, end)[0], span) and self._dated(
            doc, following, marks
        ):
            last = following[1]  # "i was in an abusive relationship ... . i got out in 2018"
        first, last = max(first, start - 25), min(last, end + 25)
        if self.present_in(doc, (first, last), marks):
            return False
        if self._present_tense(doc, max(first, start - 3), end):
            return False
        years = any(self.past_year.match(token.lower_) for token in doc[first:last])
        return years or _has_mark(marks, "past_markers", (first, last))

    def _present_tense(self, doc: Doc, first: int, last: int) -> bool:
        """A present-tense word in the span, unless a past auxiliary makes it a past future
        ("i thought i was going to die") or "'s" is a possessive ("my son's father")."""
        for token in doc[first:last]:
            if self._is_present(token):
                before = doc[token.i - 1].lower_ if token.i > 0 else ""
                possessive = token.lower_ == "'s" and before not in self.pronouns
                if before not in {"was", "were"} and not possessive:
                    return True
        return False

    def _told_past(self, doc: Doc, clause: int, words: Tuple[int, int]) -> bool:
        """The words are told in the past tense: a past form ("took", "called", "overdosed"),
        not a state ("tired", "scared"), or the clause opened in the past ("i was texting this
        line at 2am wanting to die") with nothing in the present tense since; `clause` is where
        the clause holding the words begins."""
        for token in doc[words[0] : words[1]]:
            text = token.lower_
            if text in PAST_FORMS or (
                text.endswith("ed") and token.lemma_ != text and text not in STATES
            ):
                return True
        before = doc[clause : words[0]]
        return any(token.lower_ in {"was", "were"} for token in before) and not any(
            self._is_present(token) for token in before
        )

    def _is_present(self, token: Token) -> bool:
        """A present-tense word; "am" after a number is a time ("at 2am")."""
        time = token.lower_ == "am" and token.i > 0 and token.doc[token.i - 1].like_num
        return token.lower_ in self.present_tense and not time

    def _joking(self, doc: Doc, first: int, last: int) -> bool:
        """ "jk", "just kidding" in the clause, not "not joking" nor "jk unless"."""
        words = [token.lower_ for token in doc[first:last]] + [
            doc[last].lower_ if last < len(doc) else ""
        ]
        for index, word in enumerate(words[:-1]):
            negated = index > 0 and words[index - 1] in self.negations
            if word in self.jokes and not negated and words[index + 1] != "unless":
                return True
        return False

    def present(self, doc: Doc, marks: Dict) -> bool:
        """The message speaks of the present somewhere ("tonight", "right now")."""
        return self.present_in(doc, (0, len(doc)), marks)

    def present_in(self, doc: Doc, window: Tuple[int, int], marks: Dict) -> bool:
        """A present marker in the window that is not an anniversary ("two years ago tonight",
        "today is 2 years since"); "again" counts only where no past date is near ("my mom
        overdosed again back in 2015")."""
        if any(
            window[0] <= s and e <= window[1] and not self._anniversary(doc, s, e)
            for s, e in marks.get("present_markers", [])
        ):
            return True
        return any(
            window[0] <= s and e <= window[1] and not self._dated(doc, (s - 4, e + 5), marks)
            for s, e in marks.get("weak_present_markers", [])
        )

    def _dated(self, doc: Doc, window: Tuple[int, int], marks: Dict) -> bool:
        """A past year or a past marker in the window."""
        window = (max(0, window[0]), min(len(doc), window[1]))
        years = any(self.past_year.match(token.lower_) for token in doc[window[0] : window[1]])
        return years or _has_mark(marks, "past_markers", window)

    def _anniversary(self, doc: Doc, start: int, end: int) -> bool:
        if start > 0 and doc[start - 1].lower_ == "ago":
            return True
        after = [token.lower_ for token in doc[end : end + 5]]
        # "today 3 years since my overdose"; not "tonight for the first time since then"
        lapse = after[: after.index("since")] if "since" in after else []
        return bool(after) and (
            bool(self.anniversary & set(lapse))
            or "anniversary" in after
            or (after[0] in {"is", "makes", "marks", "'s"} and bool(self.anniversary & set(after)))
        )

    def _reported(self, doc: Doc, first: int, span: Tuple[int, int], category: str) -> bool:
        """Someone else's words or fears about what will happen to the writer ("my mom keeps
        saying im gonna die if i keep using"), or what someone in general said ("someone said
        they stopped breathing on ketamine"). "my son says he wants to end his life" is his own
        word about himself, and stays."""
        start, end = span
        origin = max(first, start - self.report_window - 1)
        for index in range(start - 1, origin - 1, -1):
            if doc[index].lower_ not in self.reporting_verbs:
                continue
            reporter = [token.lower_ for token in doc[max(first, index - 3) : index]]
            ordered = [token.lower_ for token in doc[index + 1 : index + 3]]
            if len(ordered) == 2 and ordered[1] in {"to", "2"}:
                return False  # "someone telling me to hurt my roommate": an order, not a report
            if doc[index].lower_ in {"asked", "asks", "asking", "ask"} and set(ordered) & {
                "if",
                "whether",
            }:
                return True  # "they asked me if i was suicidal": a question put to the writer
            if reporter and reporter[-1] in self.generic_near:
                return True
            if not reporter or reporter[-1] in self.pronouns - {"he", "she"}:
                return False  # "it asks if i have had thoughts of ...": a form, not a person
            if reporter[-1] in WRITER or (len(reporter) > 1 and reporter[-2] in WRITER):
                return False  # "i told my wife ...": the writer's own words
            if not self._a_fate(doc, span, category):
                return False
            between = [token.lower_ for token in doc[index + 1 : start]]
            if not set(between + [token.lower_ for token in doc[start:end]]) & FORETOLD:
                return False  # "my girlfriend says im slurring": a witness to the present
            for word in reversed(between):
                if word in self.first_person:
                    return True
                if word in self.third_person:
                    return False
            return False
        return False

    def _perceived(
        self, doc: Doc, first: int, span: Tuple[int, int], category: str, marks: Dict
    ) -> bool:
        """A fear or a perception told in the past ("i genuinely thought i was going to die",
        "at one point i thought i couldnt breathe", "i was nervous i'd hurt myself"): a feeling
        that passed. A wish told so ("i felt like i wanted to die") is not cancelled."""
        start, end = span
        window = (max(first, start - 10), start)
        found = [e for s, e in marks.get("past_perceptions", []) if window[0] <= s and e <= start]
        if not found or doc[found[-1]].lower_ not in self.perceivers:
            return False
        words = {token.lower_ for token in doc[found[-1] : end]}
        if words & self.wishes:
            return False
        if category == "self_harm":  # "i was nervous i'd hurt myself": a fear of an accident
            return doc[found[-1] - 1].lower_ in FEARS and bool(words & self.conditionals)
        if category in PERSONAL - {ABUSE, "danger_to_others"}:
            return self._a_fate(doc, span, category)
        return True

    def _supposed(self, doc: Doc, sentence: Tuple[int, int], start: int) -> bool:
        """A question that supposes someone in general, across its clauses ("like if a patient
        freaks out, or says they're going to hurt themselves?"), with the writer not named
        between the supposition and the match."""
        first, last = sentence
        if last >= len(doc) or doc[last].text != "?":
            return False
        words = [token.lower_ for token in doc[first:start]]
        for index, word in enumerate(words):
            subject = [w for w in words[index + 1 : index + 3] if w not in self.articles]
            if word in self.if_words and subject and subject[0] in SUPPOSED:
                return not set(words[index + 1 :]) & self.first_person
        return False

    def _if_ever(self, doc: Doc, first: int, span: Tuple[int, int], category: str) -> bool:
        """ "what should i do if i ever feel like killing myself again?": a supposition. Not a
        threat ("if i ever tell my therapist he'll kill me")."""
        if category in {ABUSE, "danger_to_others"}:
            return False
        words = [token.lower_ for token in doc[first : span[0]]]
        return any(
            word in self.if_words
            and "ever" in words[index + 1 : index + 3]
            and not set(words[index + 1 :]) & SUBJECTS
            for index, word in enumerate(words)
        )

    def _topic(self, before: List[str]) -> bool:
        """Talk about the topic near the match ("the question about ...", "have you ever ...");
        not "if i ever tell my therapist he'll kill me", where someone else acts."""
        for index, word in enumerate(before):
            acted = word == "ever" and set(before[index + 1 :]) & SUBJECTS
            if word in self.topic_words and not acted:
                return True
        return False

    def _people_report(self, doc: Doc, first: int, start: int) -> bool:
        """People in general reporting a feeling, with the writer not named after them ("some
        people feel like they're having a heart attack during the dissociation")."""
        words = [token.lower_ for token in doc[first:start]]
        for index in range(len(words) - 1, -1, -1):
            if words[index] in self.first_person:
                return False
            if words[index] in self.generic_plurals:
                return bool(set(words[index + 1 : index + 3]) & self.generic_reports)
        return False

    def _wished(self, doc: Doc, span: Tuple[int, int]) -> bool:
        """A wish word in the match or just before it ("i want to die", "wish i was dead")."""
        return any(token.lower_ in self.wishes for token in doc[max(0, span[0] - 3) : span[1]])

    def _passed(
        self,
        doc: Doc,
        sentence: Tuple[int, int],
        span: Tuple[int, int],
        category: str,
        marks: Dict,
    ) -> bool:
        """An overdose or medical symptom that its sentence, or the next, says passed ("heart
        was pounding at first, then it settled", "got out of hospital yesterday after chest
        pains"); not one told in the present tense ("the hospital sent me home but the chest
        pain is back")."""
        told = (max(0, span[0] - 3), min(len(doc), span[1] + 2))
        if category not in QUESTIONABLE or self._present_tense(doc, *told):
            return False
        first, last = sentence
        last = _sentence_end(doc, last + 1) if last < len(doc) else last
        return _has_mark(marks, "passed", (first, last))

    def _a_fate(self, doc: Doc, span: Tuple[int, int], category: str) -> bool:
        """Something that happens to a person (dying, an emergency, being hurt), not an intent."""
        if category in QUESTIONABLE or category in {ABUSE, "danger_to_others"}:
            return True
        return _dies(doc, span)

    def _could_hyperbole(
        self, doc: Doc, span: Tuple[int, int], category: str, sentence: Tuple[int, int]
    ) -> bool:
        """ "i could kill my brother for eating my leftovers": anger told as a possibility."""
        start, end = span
        if category != "danger_to_others":
            return False
        words = [token.lower_ for token in doc[max(0, start - 2) : end]]
        if "could" not in words or "have" in words:
            return False
        after = {token.lower_ for token in doc[end : end + 3]}
        following = [token.lower_ for token in doc[sentence[1] + 1 : sentence[1] + 2]]
        return bool(
            after & {"for", "lol", "haha", "lmao"}
            or self._laughs(doc, *sentence)
            or following in (["anyway"], ["anyways"], ["lol"], ["jk"])
        )

    def _question(self, before: List[str], asked: bool) -> bool:
        """The clause opens as a question (ends in "?", or the match follows the opener closely);
        a clause that is only the match and a question mark asks it too ("call 911 first?")."""
        if not before:
            return asked
        after = before[1] if len(before) > 1 else ""
        subject = after in ASKED_OF or (after == "a" and before[0] != "did")
        if not asked and before[0] in AUXILIARIES and after and not subject:
            return False  # "did a bunch at 11 and now i cant feel my hands": a statement
        if before[0] in self.question_starts:
            return asked or len(before) <= self.question_window
        return before[0] in self.marked_starts and asked

    def _personal(self, before: List[str], match: List[str], following: str = "") -> bool:
        """The match speaks of the writer: a first-person word in it, or the nearest person
        before it is the writer ("why do i keep wanting to ..."), or no one is named and the
        match is not a bare topic noun ("is it normal to want to die every day?"); a match
        about "someone" or "people" is about people in general."""
        if any(word in self.first_person for word in match):
            return True
        if match[0] in self.generic_near:  # "what are the signs that someone is suicidal?"
            return False
        if following in GENERAL_REFLEXIVES:  # "are thoughts of hurting yourself a side effect?"
            return False
        if match[0] in self.topic_nouns and before and before[-1] in {"of", "about", "on", "for"}:
            return False
        for word in reversed(before):
            if word in self.first_person:
                return True
            if word in self.third_person:
                return False
        # "how much coke does it take to kill someone?": people in general
        return match[0] not in self.topic_nouns and not set(match) & ANYONE

    def _hypothetical(self, words: List[str], category: str = "") -> bool:
        """ "if someone / if a person / if you": about people in general, not this person;
        "what if i feel like ... during treatment": a question about what would happen. An "if"
        after "know", "sure" or "wondering" with "they", "it" or "you" asks whether ("not sure
        if they cover it"), and supposes nothing; "know if someone is ..." is still general."""
        if any(
            words[i : i + 3] in (["what", "if", "i"], ["wat", "if", "i"], ["what", "happens", "if"])
            for i in range(len(words))
        ):
            return True
        generic = self.generic - {"my", "the"} if category in PERSONAL else self.generic
        return any(
            word in self.if_words
            and following in generic
            and not (previous in EMBEDDING_VERBS and following in EMBEDDED_SUBJECTS)
            and words[index + 2 : index + 3] != ["hear"]  # "if you hear i crashed ...": news
            for index, (previous, word, following) in enumerate(
                zip(["", *words], words, words[1:], strict=False)
            )
        )

    def _generic_who(self, before: List[str]) -> bool:
        """ "someone who keeps talking about ...", "people who ...": people in general."""
        for back in range(1, 4):  # "a guy who od'd", "a friend who might be thinking about"
            who = len(before) - back
            if who >= 2 and before[who] == "who" and before[who - 2] in self.articles:
                return True
        return any(
            word in self.generic_near and following == "who"
            for word, following in zip(before, before[1:], strict=False)
        )

    def _negated(self, before: List[str]) -> bool:
        """A negation just before the match that is not about caring or knowing."""
        feel = [i for i, word in enumerate(before) if word in {"feel", "feeling"}]
        if feel and before[feel[-1] + 1 : feel[-1] + 2] == ["like"]:
            # "i don't feel like i'm slowly killing myself": a clause after "feel like" is
            # negated; "i don't feel like living" is a wish, and no clause follows "like"
            subject = before[feel[-1] + 2 : feel[-1] + 3]
            negated = any(
                word in self.negations for word in before[max(0, feel[-1] - 2) : feel[-1]]
            )
            if negated and subject and subject[0] in self.perceivers:
                return True
        window = before[-self.negation_window :]
        for index, word in enumerate(window):
            following = window[index + 1] if index + 1 < len(window) else ""
            later = window[index + 1 :]
            if (
                word in self.negations
                and following not in self.neutral
                and not any(other in self.negation_subjects for other in later)
            ):
                return True
        return False

    def _past(
        self, doc: Doc, near: Tuple[int, int], clause: int, words: Tuple[int, int], marks: Dict
    ) -> bool:
        """A past marker close by, and a match (with the few words before it) that is not in
        the present tense; a match told in the past tense looks across its sentence ("the last
        time i came off coke, like a year ago, i kind of wanted to die for a few days", "back
        in college i had a seizure in the dorm and my RA called 911")."""
        match = [token.lower_ for token in doc[words[0] : words[1]]]
        if "used to" in " ".join(match) or "use to" in " ".join(match):
            return True
        if any(self._is_present(token) for token in doc[words[0] : words[1]]):
            return False
        first, last = _sentence_bounds(doc, near[0], near[1] - 1)
        if set(match) & PAST_TENSE and last - first <= SHORT_SENTENCE:
            near = (min(near[0], first), max(near[1], last))
        elif self._told_past(doc, clause, words) and last - first <= SHORT_SENTENCE:
            near = (min(near[0], first), near[1])  # dated before it, not by what follows
        years = any(self.past_year.match(token.lower_) for token in doc[near[0] : near[1]])
        return years or _has_mark(marks, "past_markers", near)

    def _dated_after(
        self, doc: Doc, sentence: Tuple[int, int], match: List[str], marks: Dict
    ) -> bool:
        """The next sentence dates this one ("... with a heart rate of like 200. that was 2
        years ago."), and the match is not in the present tense."""
        if not _dates_previous(doc, sentence[1]) or any(w in self.present_tense for w in match):
            return False
        following = (sentence[1] + 1, _sentence_end(doc, sentence[1] + 1))
        words = [token.lower_ for token in doc[following[0] : following[1]]]
        return "ago" in words or self._dated(doc, following, marks)

    def _a_thing_dies(self, doc: Doc, first: int, span: Tuple[int, int], category: str) -> bool:
        """A match about dying, giving up on life or a medical emergency whose nearest subject
        before it is a thing ("my phone is on 2% and about to die", "my AC gave up on life",
        "my laptop had a seizure", "the sessions felt like dying"), with no person named in
        between."""
        start, end = span
        words = {token.lower_ for token in doc[start:end]}
        dies = _dies(doc, span)
        personless = not words & (self.first_person | self.third_person)
        if not (dies or (personless and ("life" in words or category == "medical_emergency"))):
            return False
        for token in reversed(doc[first:start]):
            if token.lower_ in self.things:
                return True
            if token.lower_ in self.first_person or token.lower_ in self.third_person:
                return False
        return False

    def _laughs(self, doc: Doc, first: int, last: int) -> bool:
        return any(token.lower_ in self.laughter for token in doc[first:last])


def _dies(doc: Doc, span: Tuple[int, int]) -> bool:
    """The match speaks of dying ("gonna die", "dead", "dying")."""
    return any(token.lemma_ in {"die", "dead", "dying"} for token in doc[span[0] : span[1]])


def _sentence_bounds(doc: Doc, start: int, end: int) -> Tuple[int, int]:
    """The token range of the sentence holding a match."""
    first = start
    while first > 0 and doc[first - 1].text not in SENTENCE_ENDS:
        first -= 1
    return first, _sentence_end(doc, end)


def _sentence_end(doc: Doc, index: int) -> int:
    """The index of the sentence mark that ends the sentence holding `index` (or the end)."""
    while index < len(doc) and doc[index].text not in SENTENCE_ENDS:
        index += 1
    return index


def _dates_previous(doc: Doc, mark: int) -> bool:
    """The sentence after `mark` opens by dating the one before ("That was 4 years ago")."""
    words = [token.lower_ for token in doc[mark + 1 : mark + 3]]
    return len(words) == 2 and words[0] in {"that", "this", "it"} and words[1] in DATING_VERBS


def _clause_bounds(clauses: List[int], start: int, end: int) -> Tuple[int, int]:
    """The token range of the clause holding the match."""
    first, last = start, end
    while first > 0 and clauses[first - 1] == clauses[start]:
        first -= 1
    while last < len(clauses) and clauses[last] == clauses[start]:
        last += 1
    return first, last


def _has_mark(marks: Dict, kind: str, window: Tuple[int, int]) -> bool:
    return any(window[0] <= s and e <= window[1] for s, e in marks.get(kind, []))


class CrisisMatcher:
    """Finds crisis signals in a message; the same input always gives the same answer."""

    def __init__(self, spec: Dict, nlp: spacy.language.Language | None = None) -> None:
        self.nlp = nlp or _pipeline()
        self.categories = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.patterns = Matcher(self.nlp.vocab)
        for category, lists in spec["categories"].items():
            self.categories.add(category, self._docs(lists.get("phrases", [])))
            for pattern in lists.get("patterns", []) or []:
                self.patterns.add(category, [pattern])
        for key in ("structural", "generalised"):
            for category, patterns in (spec.get(key) or {}).items():
                for pattern in patterns:
                    self.patterns.add(category, [pattern])
        exclusions = spec.get("exclusions", {})
        self.exclusions = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.exclusions.add("exclusion", self._docs(exclusions.get("phrases", [])))
        self.exclusion_patterns = Matcher(self.nlp.vocab)
        for pattern in exclusions.get("patterns", []) or []:
            self.exclusion_patterns.add("exclusion", [pattern])
        self.context = CrisisContext(spec.get("context", {}), self.nlp)
        self.resolved = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.resolved.add("past", self._docs(exclusions.get("past_markers", [])))
        self.resolved.add("resolved", self._docs(exclusions.get("resolved_markers", [])))
        self.resolved_patterns = Matcher(self.nlp.vocab)
        for pattern in exclusions.get("resolved_patterns", []) or []:
            self.resolved_patterns.add("resolved", [pattern])
        self.question_starts = tuple(normalise(q) for q in exclusions.get("question_starts", []))
        context = spec.get("context", {})
        starts = context.get("question_starts", []) + context.get("if_words", [])
        titled = "|".join(re.escape(str(word).title()) for word in starts)
        self.sentence_start = re.compile(rf"(?<=[a-z0-9])\s+(?=(?:{titled})\b)")

    def _docs(self, phrases: Iterable[str]) -> List[Doc]:
        return [
            self.nlp.make_doc(normalise(str(phrase))) for phrase in phrases if str(phrase).strip()
        ]

    def _matches(self, doc: Doc) -> List[Tuple[str, int, int]]:
        found = [(self.nlp.vocab.strings[m], s, e) for m, s, e in self.categories(doc)]
        found += [(self.nlp.vocab.strings[m], s, e) for m, s, e in self.patterns(doc)]
        return found

    def _over(self, doc: Doc, cleaned: str) -> bool:
        """The whole message opens as a question, or tells of a past event now resolved."""
        kinds = {self.nlp.vocab.strings[m] for m, _, _ in self.resolved(doc)}
        return cleaned.startswith(self.question_starts) or {"past", "resolved"} <= kinds

    def _prepare(self, text: str) -> str:
        """Normalised text with a stop before a capitalised question word mid-sentence
        ("...on weekends What if i...") and at the end, so clause rules see sentences."""
        marked = self.sentence_start.sub(" . ", unicodedata.normalize("NFKC", text))
        cleaned = normalise(marked)
        return cleaned if not cleaned or cleaned[-1] in ".!?" else cleaned + " ."

    def detect(self, text: str) -> CrisisSignal | None:
        """The strongest crisis signal in `text`, or None."""
        cleaned = self._prepare(text)
        if not cleaned:
            return None
        doc = self.nlp(cleaned)
        excluded = [(s, e) for _, s, e in self.exclusions(doc)]
        excluded += [(s, e) for _, s, e in self.exclusion_patterns(doc)]
        matches = [
            (category, start, end)
            for category, start, end in self._matches(doc)
            if not any(_spans_overlap((start, end), span) for span in excluded)
        ]
        if not matches:
            return None
        clauses, marks = self.context.clauses(doc)
        resolved = any(
            self.nlp.vocab.strings[m] == "resolved" for m, _, _ in self.resolved(doc)
        ) or bool(self.resolved_patterns(doc))
        matches = [
            (category, start, end)
            for category, start, end in matches
            if clauses[start] >= 0
            and not self.context.cancels(doc, (start, end), category, clauses, marks)
            and not (resolved and self.context.resolved_past(doc, (start, end), clauses, marks))
        ]
        if not matches:
            return None
        questionable = all(category in QUESTIONABLE for category, _, _ in matches)
        if questionable and not self.context.present(doc, marks) and self._over(doc, cleaned):
            return None
        category, start, end = min(
            matches, key=lambda match: (match[0] == ABUSE, match[1], match[1] - match[2])
        )
        return CrisisSignal(category=category, phrase=doc[start:end].text)


def _pipeline() -> spacy.language.Language:
    """A blank English pipeline with the lookup lemmatizer, so patterns can match on LEMMA."""
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def _spans_overlap(first: Tuple[int, int], second: Tuple[int, int]) -> bool:
    return first[0] < second[1] and second[0] < first[1]


def patterns_fingerprint(path: Path = PATTERNS_PATH) -> str:
    """Changes whenever anything that decides a match does, so Rasa rebuilds what depends on it:
    the patterns, this module's rules, and the spaCy and lemma-table versions behind LEMMA."""
    digest = hashlib.sha256(path.read_bytes())
    digest.update(Path(__file__).read_bytes())
    digest.update(f"spacy={spacy.__version__};lookups={_lookups_version()}".encode())
    return digest.hexdigest()[:16]


def _lookups_version() -> str:
    try:
        return metadata.version("spacy-lookups-data")
    except metadata.PackageNotFoundError:
        return "none"


@lru_cache(maxsize=4)
def load_matcher(path: Path = PATTERNS_PATH) -> CrisisMatcher:
    """The matcher for a patterns file, built once per process."""
    return CrisisMatcher(yaml.safe_load(path.read_text(encoding="utf-8")))
