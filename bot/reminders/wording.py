"""The reminders' words in the reader's language: durations, "starts in …", days and times.

One ``Say`` per message, made from the language the delivery chose (the
meeting's for a channel, the person's for a DM). English is the msgid itself,
so English reminders read exactly as they always did.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import Translator, translator
from bot.timefmt import (
    localized_day,
    localized_short_day,
    localized_span_for,
    localized_time,
    localized_when,
    zone_label,
)


@dataclass(frozen=True)
class Say:
    tr: Translator

    @classmethod
    def of(cls, language: str | None) -> Say:
        return cls(translator(language))

    @property
    def language(self) -> str:
        return self.tr.language

    def __call__(self, message: str) -> str:
        return self.tr.gettext(message)

    def duration(self, delta: timedelta) -> str:
        """``1 hour 30 minutes``, ``1 heure 30 minutes``; rounded to the minute."""
        minutes = round(abs(delta.total_seconds()) / 60)
        days, rest = divmod(minutes, 24 * 60)
        hours, mins = divmod(rest, 60)
        ngettext = self.tr.ngettext
        parts = [
            text.format(count=n)
            for n, text in (
                (days, ngettext("{count} day", "{count} days", days)),
                (hours, ngettext("{count} hour", "{count} hours", hours)),
                (mins, ngettext("{count} minute", "{count} minutes", mins)),
            )
            if n
        ]
        return " ".join(parts) or ngettext("{count} minute", "{count} minutes", 0).format(count=0)

    def relative(self, event_at: datetime, now: datetime) -> str:
        """``starts in 15 minutes`` / ``is starting now`` / ``started 5 minutes ago``."""
        _ = self
        seconds = (event_at.astimezone(UTC) - now.astimezone(UTC)).total_seconds()
        if abs(seconds) < 30:
            return _("is starting now")
        words = self.duration(timedelta(seconds=seconds))
        if seconds > 0:
            return _("starts in {duration}").format(duration=words)
        return _("started {duration} ago").format(duration=words)

    def phrase(self, words: str, following: str) -> str:
        """``words following``, with Spanish's compulsory contractions where they meet
        ("antes de" + "el tema V" -> "antes del tema V")."""
        if self.language == "es" and following.startswith("el "):
            for loose, contracted in ((" de", " del"), (" a", " al")):
                if f" {words}".endswith(loose):
                    return f"{words.removesuffix(loose.strip())}{contracted.strip()} {following[3:]}"
        return f"{words} {following}"

    def day(self, value: date) -> str:
        return localized_day(value, self.language)

    def short_day(self, value: date) -> str:
        """``Thu 16 Oct``, ``jeu. 16 oct.``, ``jue 16 oct``: a day where room is short."""
        return localized_short_day(value, self.language)

    def clock(self, value: datetime, zone: str) -> str:
        return localized_time(value.astimezone(ZoneInfo(zone)).time(), self.language)

    def when(self, value: datetime, zone: str, viewer_zone: str | None) -> str:
        return localized_when(value, zone, viewer_zone, self.language, self._both())

    def span(self, start: datetime | None, end: datetime | None, zone: str, viewer_zone: str | None) -> str:
        _ = self
        return localized_span_for(start, end, zone, viewer_zone, self.language, both=self._both(),
                                  unknown=_("time to be announced"))

    def zone_time(self, text: str, zone: str) -> str:
        """``10:00–13:00 New York time``."""
        _ = self
        return _("{time} {zone} time").format(time=text, zone=zone_label(zone))

    def _both(self) -> str:
        _ = self
        return _("{ours} {zone} time ({theirs} your time)")

