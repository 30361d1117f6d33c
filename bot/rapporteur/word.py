"""The draft report as a Word document (python-docx), for rapporteurs who edit in Word."""

from __future__ import annotations

import io

import docx

from bot.rapporteur.draft import DraftReport
from bot.rapporteur.markdown import owner_name
from bot.timefmt import moment

NO_NOTES = "No notes were taken on this item."


def render_docx(draft: DraftReport) -> bytes:
    document = docx.Document()
    document.core_properties.title = f"Rapporteur's report (draft) — {draft.meeting}"
    document.add_heading(f"Rapporteur's report (draft) — {draft.meeting}", level=1)
    document.add_paragraph(
        f"Draft made {moment(draft.made_at)} from {draft.note_count} notes taken in the channel.")
    for section in draft.sections:
        document.add_heading(section.heading, level=2)
        if section.empty:
            document.add_paragraph(NO_NOTES).runs[0].italic = True
            continue
        for label, entries in (("Points noted", section.points), ("Agreed", section.agreed),
                               ("Actions", [f"{a.text} (owner: {owner_name(a)})"
                                            for a in section.actions])):
            if not entries:
                continue
            document.add_paragraph(label).runs[0].bold = True
            for entry in entries:
                document.add_paragraph(entry, style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
