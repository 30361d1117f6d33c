"""What a "Remind me" button carries; the reminder grammar itself is ``bot.reminders.requests``."""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class SessionRef:
    """What a "Remind me" button carries: the meeting and the session's key (``Session.key``)."""

    meeting: str
    session: str

    def encode(self) -> str:
        return json.dumps({"m": self.meeting, "s": self.session}, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def decode(cls, value: str) -> SessionRef | None:
        try:
            data = json.loads(value)
            return cls(str(data["m"]), str(data["s"]))
        except (ValueError, KeyError, TypeError):
            return None
