"""Button presses and menu choices: answers (share, pick a meeting, show more), App Home,
reminders, organizers' proposals, the rapporteur's note menus."""

from __future__ import annotations

import re

from slack_bolt import App

from handlers.listeners.actions import answers, home, notes, proposals, reminders
from handlers.render.blocks import (
    CANCEL_REMINDER_ACTION,
    HOME_ASK_ACTION,
    HOME_DAY_ACTION,
    HOME_MEETING_ACTION,
    NOTE_MENU_ACTION,
    PICK_MEETING_ACTION,
    REMIND_ME_ACTION,
    SHARE_ACTION,
    SHOW_MORE_ACTION,
)
from handlers.render.organizer import CANCEL_ACTION, CONFIRM_ACTION, HOME_EDIT_ACTION
from handlers.render.zone_picker import ZONE_ACTION


def register(app: App) -> None:
    app.action(SHARE_ACTION)(answers.share_answer)
    app.action(re.compile(f"^{PICK_MEETING_ACTION}:"))(answers.pick_meeting)
    app.action(SHOW_MORE_ACTION)(answers.show_more)
    app.action(re.compile(f"^{HOME_DAY_ACTION}:"))(home.choose_home_day)
    app.action(HOME_MEETING_ACTION)(home.choose_home_meeting)
    app.action(HOME_ASK_ACTION)(home.open_ask_modal)
    app.action(REMIND_ME_ACTION)(reminders.remind_me)
    app.action(CANCEL_REMINDER_ACTION)(reminders.cancel)
    app.action(CONFIRM_ACTION)(proposals.confirm_change)
    app.action(CANCEL_ACTION)(proposals.cancel_change)
    app.action(ZONE_ACTION)(proposals.pick_zone)
    app.action(HOME_EDIT_ACTION)(proposals.open_session_editor)
    app.action(NOTE_MENU_ACTION)(notes.note_menu)
