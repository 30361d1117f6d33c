"""Plain-text meeting pages, as people copy them from the web, read as a pipeline.

lines (cleaning, table cells) -> tokens (one typed token per line: date, day
header, time, item, role, room, footer, noise...) -> assemble (days, sessions
and items, with the inferences a careful reader makes) -> finish (validation,
inferred end times, warnings naming their line) -> ``store.values.Meeting``.
Nothing here touches a database.
"""

from store.importers.text.assemble import parse, sniff

__all__ = ["parse", "sniff"]
