"""What several listener packages share, registered by none of them: building the
``Asker`` and rendering answers (``answering``), the rapporteur's desk (``rapporteur``,
``notes``), organizers' previews (``organizing``) and personal reminders (``reminders``)."""
