"""The draft report as Markdown: what the rapporteur downloads and edits."""

from __future__ import annotations

from bot.rapporteur.draft import Action, DraftReport
from bot.timefmt import moment

NO_NOTES = "_No notes were taken on this item._"


def owner_name(action: Action) -> str:
    return action.owner_name or action.owner


def render_markdown(draft: DraftReport) -> str:
    lines = [
        f"# Rapporteur's report (draft) — {draft.meeting}",
        "",
        f"Draft made {moment(draft.made_at)} from {draft.note_count} notes taken in the channel.",
    ]
    for section in draft.sections:
        lines += ["", f"## {section.heading}", ""]
        if section.empty:
            lines.append(NO_NOTES)
            continue
        if section.points:
            lines += ["Points noted:", *[f"- {p}" for p in section.points], ""]
        if section.agreed:
            lines += ["Agreed:", *[f"- {a}" for a in section.agreed], ""]
        if section.actions:
            lines += ["Actions:", *[f"- {a.text} (owner: {owner_name(a)})" for a in section.actions], ""]
        while lines[-1] == "":
            lines.pop()
    return "\n".join(lines) + "\n"
