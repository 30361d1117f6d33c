"""Reminders: plan (pure) -> schedule (APScheduler, or an injected clock) -> deliver (a Notifier).

Nothing here imports Slack; handlers/slack/notifier.py is the Slack side of the
``Notifier`` protocol and bot/console.py the terminal's.
"""

from bot.reminders.aps import ReminderScheduler
from bot.reminders.delivery import DEFAULT_GRACE, Deliverer, Outcome
from bot.reminders.ledger import DeliveryRecord, MemoryLedger, SqlLedger
from bot.reminders.notifier import DeliveryError, DeliveryReceipt, Notifier, ReminderMessage
from bot.reminders.planner import (
    Destination,
    PlanInputs,
    PlannedReminder,
    ReminderKind,
    Subscription,
    Target,
    TargetKind,
    plan,
    upcoming,
)
from bot.reminders.policy import PolicyError, ReminderPolicy, parse_policy
from bot.reminders.posting import RetryPolicy
from bot.reminders.runner import ClockDrivenRunner
from bot.reminders.scheduler import SyncResult
from bot.reminders.service import ReminderService

__all__ = [
    "DEFAULT_GRACE",
    "ClockDrivenRunner",
    "Deliverer",
    "DeliveryError",
    "DeliveryReceipt",
    "DeliveryRecord",
    "Destination",
    "MemoryLedger",
    "Notifier",
    "Outcome",
    "PlanInputs",
    "PlannedReminder",
    "PolicyError",
    "ReminderKind",
    "ReminderMessage",
    "ReminderPolicy",
    "ReminderScheduler",
    "ReminderService",
    "RetryPolicy",
    "SqlLedger",
    "Subscription",
    "SyncResult",
    "Target",
    "TargetKind",
    "parse_policy",
    "plan",
    "upcoming",
]
