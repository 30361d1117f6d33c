"""A meeting's reminder policy: which reminders go to the channel, and how early.

Organizers write it as a short list (`/agenda reminders set 15m,1d`):

- ``15m``, ``1h``, ``1h30m`` — a reminder that long before each session;
- ``1d``, ``2d@18:00`` — a preview of day one that many days before the
  meeting, at 17:00 meeting time unless a time is given;
- ``off`` — no session reminders and no preview;
- ``report=on|off`` — the channel reminder for the rapporteur's report;
- ``rapporteur=2h|off`` — the DM to the rapporteur, that long before the
  report's session.

Timing entries (leads, previews, ``off``) replace the current ones together;
``report=`` and ``rapporteur=`` change only themselves, so ``15m,1d`` keeps
whatever was decided about the rapporteur.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time, timedelta

from bot.reminders.wording import Say
from bot.timefmt import localized_time, time_of_day
from store.values import DEFAULT_REMINDER_LEAD_MINUTES

PREVIEW_TIME = time(17, 0)
DEFAULT_RAPPORTEUR_LEAD_MINUTES = 120
MAX_SESSION_LEAD_MINUTES = 24 * 60
MAX_PREVIEW_DAYS = 14
MAX_RAPPORTEUR_LEAD_MINUTES = 7 * 24 * 60

_DURATION = re.compile(r"^(?:(?P<d>\d+)d)?(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m(?:in)?)?$")
_EXAMPLES = "e.g. 15m, 2h, 1h30m or 1d"


class PolicyError(ValueError):
    """A policy text we cannot read; the message says which part and what would work."""


@dataclass(frozen=True)
class Preview:
    """A preview of day one, ``days`` days before the meeting at ``at`` meeting time."""

    days: int
    at: time = PREVIEW_TIME

    @property
    def token(self) -> str:
        return f"{self.days}d" if self.at == PREVIEW_TIME else f"{self.days}d@{time_of_day(self.at)}"


@dataclass(frozen=True)
class ReminderPolicy:
    session_leads: tuple[int, ...] = (DEFAULT_REMINDER_LEAD_MINUTES,)  # minutes, longest first
    previews: tuple[Preview, ...] = field(default=(Preview(1),))
    report: bool = True
    rapporteur_lead: int | None = DEFAULT_RAPPORTEUR_LEAD_MINUTES  # minutes; None: no DM

    @classmethod
    def default(cls, lead_minutes: int = DEFAULT_REMINDER_LEAD_MINUTES) -> ReminderPolicy:
        """The policy of a meeting nobody has configured: its agenda's lead, a preview, the report."""
        return cls(session_leads=(lead_minutes,))

    @property
    def text(self) -> str:
        """Canonical form; ``parse_policy(p.text) == p``."""
        timing = [format_minutes(m) for m in self.session_leads] + [p.token for p in self.previews]
        parts = timing or ["off"]
        parts.append("report=on" if self.report else "report=off")
        parts.append(
            f"rapporteur={format_minutes(self.rapporteur_lead)}"
            if self.rapporteur_lead is not None
            else "rapporteur=off"
        )
        return ",".join(parts)

    def describe(self, language: str | None = None) -> str:
        """The policy in words, for `/agenda reminders`, in the reader's ``language``."""
        _ = say = Say.of(language)
        lines = []
        if self.session_leads:
            leads = say.tr.pgettext("joining leads", " and ").join(_words(m, say) for m in self.session_leads)
            lines.append(_("• {leads} before each session").format(leads=leads))
        for p in self.previews:
            before = (_("the day before") if p.days == 1
                      else say.tr.ngettext("{count} day before", "{count} days before", p.days).format(count=p.days))
            lines.append(_("• a preview of day one {before} the meeting at {time}").format(
                before=before, time=localized_time(p.at, say.language)))
        if not self.session_leads and not self.previews:
            lines.append(_("• no session reminders"))
        lines.append(
            _("• the rapporteur's report, in the channel")
            if self.report
            else _("• no channel reminder for the rapporteur's report")
        )
        lines.append(
            _("• a DM to the rapporteur {lead} before the report's session").format(
                lead=_words(self.rapporteur_lead, say))
            if self.rapporteur_lead is not None
            else _("• no DM to the rapporteur")
        )
        return "\n".join(lines)


def format_minutes(minutes: int) -> str:
    """``90`` -> ``1h30m``; ``1440`` -> ``1d``: the shortest way to write a lead."""
    if minutes == 0:
        return "0m"
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    return "".join(
        f"{n}{unit}" for n, unit in ((days, "d"), (hours, "h"), (mins, "m")) if n
    )


def _words(minutes: int, say: Say) -> str:
    _ = say
    return say.duration(timedelta(minutes=minutes)) if minutes else _("at the start")


def parse_duration(text: str) -> int:
    """``15m``, ``2h``, ``1h30m``, ``1d``, ``10 minutes`` -> minutes. Raises PolicyError."""
    cleaned = text.strip().lower()
    cleaned = re.sub(r"\s*(minutes?|mins?)$", "m", cleaned)
    cleaned = re.sub(r"\s*(hours?|hrs?)$", "h", cleaned)
    cleaned = re.sub(r"\s*(days?)$", "d", cleaned)
    cleaned = cleaned.replace(" ", "")
    match = _DURATION.match(cleaned)
    if not cleaned or not match or not any(match.groups()):
        raise PolicyError(f"“{text.strip()}” is not a length of time; write it like {_EXAMPLES}")
    d, h, m = (int(match.group(g) or 0) for g in ("d", "h", "m"))
    return d * 24 * 60 + h * 60 + m


def _parse_clock(text: str, token: str) -> time:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise PolicyError(f"“{token}”: “{text}” is not a time of day; write it as HH:MM, e.g. 1d@17:00")
    return time(int(match.group(1)), int(match.group(2)))


@dataclass
class _Reading:
    """A policy text read so far, token by token."""

    report: bool
    rapporteur: int | None
    leads: set[int] = field(default_factory=set)
    previews: dict[int, Preview] = field(default_factory=dict)
    timing_given: bool = False
    off: bool = False


def parse_policy(text: str, current: ReminderPolicy | None = None) -> ReminderPolicy:
    """Read an organizer's policy text on top of ``current`` (default: the default policy)."""
    current = current or ReminderPolicy()
    tokens = [t.strip() for t in re.split(r"[,\s]+", text.strip()) if t.strip()]
    if not tokens:
        raise PolicyError(f"Say which reminders to send, {_EXAMPLES}, or “off”.")
    reading = _Reading(current.report, current.rapporteur_lead)
    for token in tokens:
        _read_token(reading, token)
    if reading.off and (reading.leads or reading.previews):
        raise PolicyError("“off” turns session reminders off; it cannot be combined with leads")
    if not reading.timing_given:
        return ReminderPolicy(current.session_leads, current.previews, reading.report, reading.rapporteur)
    return ReminderPolicy(
        session_leads=tuple(sorted(reading.leads, reverse=True)),
        previews=tuple(sorted(reading.previews.values(), key=lambda p: -p.days)),
        report=reading.report,
        rapporteur_lead=reading.rapporteur,
    )


def _read_token(reading: _Reading, token: str) -> None:
    low = token.lower()
    if low in ("off", "none"):
        reading.off = reading.timing_given = True
    elif "=" in low or ":" in low.split("@")[0]:
        _read_setting(reading, token, low)
    elif low in ("report", "noreport"):
        reading.report = low == "report"
    else:
        reading.timing_given = True
        _read_lead(reading, token, low)


def _read_setting(reading: _Reading, token: str, low: str) -> None:
    name, _, value = low.replace(":", "=", 1).partition("=")
    if name in ("report", "rapporteur_report"):
        if value not in ("on", "off", "yes", "no"):
            raise PolicyError(f"“{token}”: report= takes on or off")
        reading.report = value in ("on", "yes")
    elif name in ("rapporteur", "rapporteur_dm", "dm"):
        reading.rapporteur = _rapporteur_lead(token, value)
    else:
        raise PolicyError(
            f"“{token}” is not a setting; use report=on|off or rapporteur=LEAD|off"
        )


def _rapporteur_lead(token: str, value: str) -> int | None:
    if value in ("off", "no", "none"):
        return None
    try:
        lead = parse_duration(value)
    except PolicyError:
        raise PolicyError(
            f"“{token}”: rapporteur= takes a lead such as 2h, or off"
        ) from None
    if lead > MAX_RAPPORTEUR_LEAD_MINUTES:
        raise PolicyError(f"“{token}”: the rapporteur's DM can be at most 7d before")
    return lead


def _read_lead(reading: _Reading, token: str, low: str) -> None:
    lead_text, at_sep, at_text = low.partition("@")
    minutes = parse_duration(lead_text) if lead_text else -1
    if minutes < 0:
        raise PolicyError(f"“{token}” is not a lead; write it like {_EXAMPLES}")
    if at_sep or (lead_text.endswith("d") and minutes % (24 * 60) == 0):
        days, rest = divmod(minutes, 24 * 60)
        if rest or days < 1:
            raise PolicyError(f"“{token}”: a preview is a whole number of days before, e.g. 1d@17:00")
        if days > MAX_PREVIEW_DAYS:
            raise PolicyError(f"“{token}”: a preview can be at most {MAX_PREVIEW_DAYS}d before")
        at = _parse_clock(at_text, token) if at_sep else PREVIEW_TIME
        reading.previews[days] = Preview(days, at)
        return
    if minutes > MAX_SESSION_LEAD_MINUTES:
        raise PolicyError(
            f"“{token}”: session reminders can be at most 24h before; "
            "for a preview of the meeting use days, e.g. 1d"
        )
    reading.leads.add(minutes)
