"""What `agendabot reminders` (and `/agenda reminders`) show: the plan from a moment on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session as DBSession

from bot.reminders.ledger import DeliveryRecord, SqlLedger
from bot.reminders.planner import PlanInputs, PlannedReminder, plan, upcoming
from bot.reminders.settings import load_inputs


@dataclass(frozen=True)
class Listing:
    inputs: PlanInputs
    now: datetime
    reminders: tuple[PlannedReminder, ...]
    failed: tuple[DeliveryRecord, ...] = ()

    def to_json(self) -> dict[str, Any]:
        m = self.inputs.meeting
        return {
            "meeting": m.slug,
            "title": m.title,
            "timezone": m.timezone,
            "now": self.now.isoformat(),
            "policy": self.inputs.policy.text,
            "channel": self.inputs.channel_id,
            "rapporteur": self.inputs.rapporteur,
            "reminders": [
                {
                    "id": r.id,
                    "due": r.due.isoformat(),
                    "due_utc": r.due_utc.isoformat().replace("+00:00", "Z"),
                    "kind": str(r.kind),
                    "target": r.target,
                    "target_type": str(r.target_kind),
                    "session": r.session.title if r.session else None,
                    "item": r.item.number or r.item.title if r.item else None,
                    "lead_minutes": int(r.lead.total_seconds() // 60),
                    "destination": str(r.destination),
                    "destination_type": r.destination.kind,
                }
                for r in self.reminders
            ],
            "failed": [
                {
                    "key": f.key,
                    "kind": f.kind,
                    "due": f.due.astimezone(UTC).isoformat().replace("+00:00", "Z"),
                    "destination": f.destination,
                    "attempts": f.attempts,
                    "error": f.error,
                }
                for f in self.failed
            ],
        }

    def text(self) -> str:
        m, inputs = self.inputs.meeting, self.inputs
        lines = [
            f"Reminders for {m.title} ({m.slug}) from {self.now.isoformat()}; times in {m.timezone}",
            f"Policy: {inputs.policy.text} · channel: {inputs.channel_id or 'none linked'}"
            f" · rapporteur: {inputs.rapporteur or 'not set'}",
        ]
        if not self.reminders:
            lines.append("Nothing planned from then on.")
        rows = [(r.due.isoformat(), str(r.kind), r.target, str(r.destination)) for r in self.reminders]
        widths = [max((len(row[i]) for row in rows), default=0) for i in range(3)]
        for due, kind, target, dest in rows:
            lines.append(f"{due:<{widths[0]}}  {kind:<{widths[1]}}  {target:<{widths[2]}}  {dest}")
        if self.failed:
            lines.append("")
            lines.append("Failed deliveries (not sent after retries):")
            for f in self.failed:
                lines.append(f"  {f.due.astimezone(UTC).isoformat()}  {f.kind}  {f.destination}  {f.error}")
        return "\n".join(lines)


def planned_listing(
    db: DBSession, slug: str, now: datetime, ledger: SqlLedger | None = None
) -> Listing | None:
    """The reminders of ``slug`` due at ``now`` or later, and any deliveries that failed."""
    inputs = load_inputs(db, slug)
    if inputs is None:
        return None
    failed = tuple(ledger.failed(slug)) if ledger else ()
    return Listing(inputs, now, tuple(upcoming(plan(inputs), now)), failed)
