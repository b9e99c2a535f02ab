"""The session start: the notice comes first, and what the person said stays known."""

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.session import ActionSessionStart


def make_tracker(slots: dict) -> Tracker:
    return Tracker("someone", slots, {}, [], False, None, {}, "action_listen")


async def test_session_start_sends_the_two_line_notice_and_carries_slots_over() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        {"clinic_phone": "(833) 867-2329", "session_started_metadata": {"x": 1}, "empty": None}
    )
    events = await ActionSessionStart().run(dispatcher, tracker, {})
    assert [m["response"] for m in dispatcher.messages] == [
        "utter_automated_notice",
        "utter_privacy",
    ]
    assert events[0]["event"] == "session_started"
    assert {
        "event": "slot",
        "name": "clinic_phone",
        "value": "(833) 867-2329",
        "timestamp": None,
    } in events
    assert all(e.get("name") not in ("session_started_metadata", "empty") for e in events)
    assert events[-1]["event"] == "action" and events[-1]["name"] == "action_listen"
