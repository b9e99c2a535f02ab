"""The start of every conversation: the automated-assistant and privacy notice."""

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

# Rasa fills this slot itself at every session start; carrying it over would be stale.
SESSION_METADATA_SLOT = "session_started_metadata"
OPENING_NOTICE = ("utter_automated_notice", "utter_privacy")


def carried_over_slots(slots: Dict[str, Any]) -> List[EventType]:
    """What the person already told us stays known in the new session."""
    return [
        SlotSet(name, value)
        for name, value in slots.items()
        if value is not None and name != SESSION_METADATA_SLOT
    ]


class ActionSessionStart(Action):
    """Starts a session with the notice that this is an automated assistant, not for emergencies."""

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        for response in OPENING_NOTICE:
            dispatcher.utter_message(response=response)
        return [
            SessionStarted(),
            *carried_over_slots(tracker.slots),
            ActionExecuted("action_listen"),
        ]
