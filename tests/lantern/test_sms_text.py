"""The SMS channel's pure parts: keywords, GSM-7, splitting, numbered choices, reply bodies."""

from __future__ import annotations

import pytest

from lantern.sms.choices import number_buttons, resolve_choice
from lantern.sms.gsm import gsm7_length, is_gsm7, to_gsm7
from lantern.sms.keywords import HELP_WORDS, OPT_IN_WORDS, OPT_OUT_WORDS, Keyword, classify
from lantern.sms.reply import sms_bodies
from lantern.sms.split import split_sms

MORE = "(more at (833) 867-2329)"
YES_NO = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]


def test_the_keyword_lists_are_twilios() -> None:
    assert sorted(OPT_OUT_WORDS) == [
        "CANCEL", "END", "OPTOUT", "QUIT", "REVOKE", "STOP", "STOPALL", "UNSUBSCRIBE"
    ]  # fmt: skip
    assert sorted(OPT_IN_WORDS) == ["START", "UNSTOP"]
    assert sorted(HELP_WORDS) == ["HELP", "INFO"]


@pytest.mark.parametrize("word", sorted(OPT_OUT_WORDS))
def test_every_opt_out_word_in_any_case_and_spacing(word: str) -> None:
    for spelling in (word, word.lower(), word.capitalize(), f"  {word}\n"):
        assert classify(spelling) is Keyword.OPT_OUT


@pytest.mark.parametrize(
    "body, keyword",
    [
        ("START", Keyword.OPT_IN),
        (" unstop ", Keyword.OPT_IN),
        ("Yes", Keyword.OPT_IN_IF_OPTED_OUT),
        ("HELP", Keyword.HELP),
        ("info", Keyword.HELP),
        ("please stop", None),  # only a whole message is a keyword
        ("stop it", None),
        ("help me", None),
        ("STOP!", None),
        ("", None),
        (None, None),
        ("I want to end it", None),
    ],
)
def test_keywords_are_whole_messages(body: str | None, keyword: Keyword | None) -> None:
    assert classify(body) is keyword


@pytest.mark.parametrize(
    "text, plain",
    [
        ("It\u2019s \u201cfine\u201d", 'It\'s "fine"'),
        ("9\u201317 \u2014 ok\u2026", "9-17 - ok..."),
        ("caf\u00e9 na\u00efve \u00e7a", "café naive ca"),  # é is GSM-7, ï and ç are not
        ("no\u00a0break", "no break"),
        ("\u2022 item", "- item"),
        ("hi \U0001f600", "hi "),
    ],
)
def test_typographic_characters_become_gsm7(text: str, plain: str) -> None:
    assert to_gsm7(text) == plain
    assert is_gsm7(to_gsm7(text))


def test_extension_characters_count_twice() -> None:
    assert gsm7_length("abc") == 3
    assert gsm7_length("[x]") == 5
    assert gsm7_length("\u20ac5") == 3
    assert not is_gsm7("\u2019")


def test_a_short_reply_is_one_part() -> None:
    assert split_sms("Hello there.") == ["Hello there."]
    assert split_sms("") == []


def test_parts_break_at_sentences_and_stay_within_160() -> None:
    text = " ".join(f"Sentence number {n} is here and says a little more." for n in range(8))
    parts = split_sms(text)
    assert 1 < len(parts) <= 4
    assert all(gsm7_length(part) <= 160 for part in parts)
    assert all(part.endswith(".") for part in parts)
    assert " ".join(parts) == text


def test_a_part_at_exactly_160_is_not_split() -> None:
    text = "a" * 159 + "."
    assert split_sms(text) == [text]
    assert len(split_sms(text + " b.")) == 2


def test_a_long_sentence_is_cut_between_words() -> None:
    text = " ".join(["word"] * 100)
    parts = split_sms(text)
    assert all(gsm7_length(part) <= 160 for part in parts)
    assert all(not part.startswith(" ") and not part.endswith(" ") for part in parts)
    assert " ".join(parts) == text


def test_extension_characters_are_counted_when_splitting() -> None:
    text = "[" * 100
    parts = split_sms(text)
    assert [gsm7_length(part) for part in parts] == [160, 40]


def test_a_too_long_reply_is_cut_with_a_pointer_to_the_rest() -> None:
    text = " ".join(
        f"This is sentence {n}, with some words to fill the message." for n in range(40)
    )
    parts = split_sms(text, more=MORE)
    assert len(parts) == 4
    assert all(gsm7_length(part) <= 160 for part in parts)
    assert parts[-1].endswith(MORE)
    assert split_sms(text, more=MORE, max_parts=2)[-1].endswith(MORE)


def test_curly_quotes_do_not_push_a_part_out_of_gsm7() -> None:
    text = "\u201cKetamine\u201d isn\u2019t a cure \u2014 it\u2019s a tool\u2026 " * 12
    parts = split_sms(text, more=MORE)
    assert all(is_gsm7(part) and gsm7_length(part) <= 160 for part in parts)


def test_buttons_become_numbered_choices() -> None:
    line, choices = number_buttons(YES_NO)
    assert line == "Reply 1 for Yes, 2 for No."
    assert choices == {"1": "/affirm", "2": "/deny", "yes": "/affirm", "no": "/deny"}
    assert number_buttons([]) == ("", {})
    assert number_buttons([{"title": "", "payload": "/x"}]) == ("", {})


@pytest.mark.parametrize(
    "reply, payload",
    [
        ("1", "/affirm"),
        (" 2 ", "/deny"),
        ("2.", "/deny"),
        ("YES", "/affirm"),
        ("3", None),
        ("", None),
    ],
)
def test_replies_map_back_to_payloads(reply: str, payload: str | None) -> None:
    _line, choices = number_buttons(YES_NO)
    assert resolve_choice(reply, choices) == payload
    assert resolve_choice(reply, {}) is None


def test_reply_bodies_keep_the_choices_whole() -> None:
    long_question = "Before we go on, here is a lot of context. " * 20 + "Shall we call?"
    bodies, choices = sms_bodies([{"text": long_question, "buttons": YES_NO}], more=MORE)
    assert len(bodies) == 4 and choices is not None
    assert bodies[-1].endswith("Reply 1 for Yes, 2 for No.")
    assert all(gsm7_length(body) <= 160 for body in bodies)


def test_reply_bodies_without_buttons_forget_choices() -> None:
    bodies, choices = sms_bodies([{"text": "Hi."}, {"image": "https://example.org/x.png"}])
    assert (bodies, choices) == (["Hi."], None)


def test_quick_replies_count_as_buttons() -> None:
    bodies, choices = sms_bodies([{"text": "Pick one", "quick_replies": YES_NO}])
    assert bodies == ["Pick one\nReply 1 for Yes, 2 for No."] and choices
