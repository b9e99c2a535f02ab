"""Rasa's socket.io channel (the website widget's), with session persistence that works.

Registered in credentials.yml as `channels.socketio.SocketIOInput`; same settings, same events
and the same channel name (`socketio`) as Rasa's own. It changes two handlers:

- `session_request` awaits `enter_room`. Rasa 3.6 calls it without `await`, and since
  python-socketio 5.10 made it a coroutine the socket never joins the session's room: with
  `session_persistence: true` every reply is lost (RasaHQ/rasa#13027; fix proposed in
  RasaHQ/rasa#13148, not released). A session id that is not 32 hex characters (the widget's
  128 random bits) is replaced by a fresh random one, so nobody picks a guessable id.
- `user_uttered` files a message under the session this socket was confirmed for, never under
  a `session_id` the message merely claims: a client cannot write into another conversation.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from rasa.core.channels.socketio import SocketIOOutput
from sanic import Blueprint

logger = logging.getLogger(__name__)

SESSION_ID = re.compile(r"[0-9a-f]{32}")


def accepted_session_id(requested: Any) -> str:
    """The client's session id when it is 128 bits of hex, otherwise a fresh random one."""
    if isinstance(requested, str) and SESSION_ID.fullmatch(requested):
        return requested
    return uuid.uuid4().hex


class SocketIOInput(RasaSocketIOInput):
    """Rasa's socket.io input channel with working, sender-bound session persistence."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        socketio_webhook = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None  # noqa: S101 (set by the parent's blueprint())
        # The socket's confirmed session, by socket id (the socket's own id when not persistent).
        sessions: Dict[str, str] = {}

        async def session_request(sid: str, data: Dict[str, Any] | None) -> None:
            session_id = accepted_session_id((data or {}).get("session_id"))
            if self.session_persistence:
                for room in list(sio.rooms(sid, namespace=self.namespace)):
                    if room not in (sid, session_id):
                        await sio.leave_room(sid, room, namespace=self.namespace)
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            sessions[sid] = session_id
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        async def handle_message(sid: str, data: Dict[str, Any]) -> None:
            if self.session_persistence:
                sender_id = sessions.get(sid)
                if sender_id is None:
                    logger.warning(
                        "socket.io message before session_request: ignored (the client must "
                        "emit session_request after connecting)."
                    )
                    return
            else:
                sender_id = sid
            if not isinstance(data, dict):
                return
            metadata = data.get(self.metadata_key, {})
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            message = UserMessage(
                str(data.get("message", "")),
                SocketIOOutput(sio, self.bot_message_evt),
                sender_id,
                input_channel=self.name(),
                metadata=metadata if isinstance(metadata, dict) else {},
            )
            await on_new_message(message)

        async def disconnect(sid: str, *_reason: Any) -> None:
            sessions.pop(sid, None)

        # Registering an event again replaces Rasa's handler for it.
        sio.on("session_request", session_request, namespace=self.namespace)
        sio.on(self.user_message_evt, handle_message, namespace=self.namespace)
        sio.on("disconnect", disconnect, namespace=self.namespace)
        return socketio_webhook
