"""The one exception the stages raise for a line they cannot accept."""


class PatternError(ValueError):
    """A line that is a date or time by its shape but not a possible one.

    The assembler turns it into an AgendaImportError naming the line.
    """
