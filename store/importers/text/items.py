"""Items: numbered, bulleted and plain lines, sub-points, continuations, wrapped titles."""

from __future__ import annotations

import re

from store.importers.text.drafts import ItemDraft, Numbering
from store.importers.text.lines import is_header_line
from store.importers.text.marks import (
    continuation_of,
    infer_kind,
    roman_value,
    split_inline_sub_items,
)
from store.importers.text.people import (
    inline_people,
    parse_bare_name,
    parse_name_comma_affiliation,
    split_paren_people,
    split_role_tail,
    split_speaker,
    starts_with_role,
)
from store.importers.text.rooms import split_room
from store.importers.text.speakers import speaker_after_quote
from store.importers.text.state import ReaderState
from store.importers.text.times import (
    TimeRange,
    split_trailing_time,
)
from store.importers.text.tokens import Token
from store.values import (
    ItemKind,
)

DAY_ENDS = re.compile(
    r"(?:end|close|closure)(?: of (?:the )?(?:day|session|meeting|sitting|day \d))?|adjourn(?:ment)?"
    r"|day ends|meeting (?:ends|adjourns)"
    # French and Spanish: "Fin de la journée", "Cierre de las actividades", "Fin de la jornada"
    r"|fin (?:de la )?(?:journ\u00e9e|s\u00e9ance|r\u00e9union|jornada|sesi\u00f3n|reuni\u00f3n)"
    r"|fin des travaux|cierre de (?:las )?actividades|cl\u00f4ture des travaux"
    r"|lev\u00e9e de (?:la )?s\u00e9ance|se levanta la sesi\u00f3n",
    re.IGNORECASE,
)
# "(solo como referencia)", "(for information)": an aside after the end of day.
_END_ASIDE = re.compile(r"\s*\([^()]{1,40}\)\s*$")


def ends_the_day(text: str) -> bool:
    """ "End of day", "17:00 Close", "Cierre de las actividades (solo como referencia)"."""
    return DAY_ENDS.fullmatch(_END_ASIDE.sub("", text).strip(" .:-\u2013")) is not None


_CONTINUED_MARK = re.compile(r"\bcontinu(?:ed|ation)\b|\bcont'?d\b|\bcont\.", re.IGNORECASE)
_MAX_PLAIN_ITEM_WORDS = 15


class ItemReading(ReaderState):
    """The page reader's items (a mixin of PageReader)."""

    talks_named_by_speaker = False  # a timed row was "Name, Affiliation": talks are named so

    # --- items ------------------------------------------------------------

    def numbered_item(self, number: str, title: str, line: Token, timed: TimeRange | None) -> None:
        title, trailing = split_trailing_time(title)
        timed = timed or trailing
        session = self.session
        style, value = self.style_of(number)
        if (
            session is not None
            and session.items
            and session.style not in (None, "bullet", "plain")
            and style != session.style
        ):
            self.add_sub_point(line.text, line)  # "(a) Africa" under "4. Regional reviews"
            return
        numbering = self.numbering.setdefault(style, Numbering())
        original = numbering.seen.get(value)
        continued = continuation_of(title)
        draft = ItemDraft(line.no, number, tidy_title(title), style, line.indent)
        if not title:
            # "Item 3" with its title on the next line: whether it repeats or
            # continues an earlier item 3 is known only once the title is read.
            self.awaiting_title = draft
            self.awaiting_original = original
            original = None
        if original is not None:
            repeats_title = original.title.casefold() == draft.title.casefold()
            in_this_session = session is not None and any(i is original for i in session.items)
            # "7. Discussion of the report" in the slot after "7. Report ...": the
            # item just dealt with, taken up again in the next sitting.
            taken_up = original is numbering.last and not in_this_session
            if continued is not None or ((repeats_title or taken_up) and not in_this_session):
                draft.continues = continued or original.number
            elif value == 1 and not self.session_has_style(style):
                numbering.seen.clear()  # numbering starts again, as it may each day
            else:
                after = numbering.last.number if numbering.last else "?"
                self.warn(
                    line.no,
                    f"item {number} ('{draft.title}') repeats the number of line {original.line} "
                    f"out of sequence (after item {after}); not imported",
                )
                self.skipping = True
                self.after_item_line = False
                return
        elif continued:
            draft.continues = continued
        elif value < numbering.last_value:
            self.warn(
                line.no,
                f"item {number} comes after item {numbering.last.number if numbering.last else '?'}",
            )
        if draft.continues is not None:
            self.link_continuation(draft, style, line.no)
        else:
            numbering.seen[value] = draft
        numbering.last, numbering.last_value = draft, value
        self.add_item(draft, line.no, timed)

    def link_continuation(self, draft: ItemDraft, style: str, line_no: int) -> None:
        continues = draft.continues or draft.number
        draft.continues = continues
        _, value = self.style_of(continues)
        original = self.numbering.get(style, Numbering()).seen.get(value)
        if original is None:
            original = next(
                (
                    i
                    for n in self.numbering.values()
                    for i in n.seen.values()
                    if i.number.casefold() == continues.casefold()
                ),
                None,
            )
        if original is None:
            self.warn(line_no, f"continues item {continues}, which the agenda does not list before")
            return
        draft.continues = original.number
        draft.kind = original.kind or infer_kind(original.title)
        if not _CONTINUED_MARK.sub("", draft.title).strip(" .:-()"):
            draft.title = f"{original.title} (continued)"  # "3. (continued)" is item 3 again

    def session_has_style(self, style: str) -> bool:
        return self.session is not None and any(i.style == style for i in self.session.items)

    def style_of(self, number: str) -> tuple[str, int]:
        """The numbering style and value of an item number as written."""
        combined = re.split(r"\s*(?:&|\band\b|\+)\s*", number)
        if len(combined) > 1:  # "II & III": numbered as its first
            return self.style_of(combined[0])
        if number.isdigit():
            return "arabic", int(number)
        if "." in number:  # "16.1": a sub-item of item 16
            return "dotted", int(number.rsplit(".", 1)[1])
        last_letter = self.numbering.get("LETTER" if number.isupper() else "letter")
        follows_letter = (
            len(number) == 1
            and last_letter is not None
            and last_letter.last_value == ord(number.lower()) - 96 - 1
        )
        roman = roman_value(number)
        if roman is not None and not follows_letter:
            if number.isupper():
                return "ROMAN", roman
            if len(number) > 1 or number == "i":
                return "roman", roman
        if len(number) == 1:
            return ("LETTER" if number.isupper() else "letter"), ord(number.lower()) - 96
        return "other", 0

    def add_item(self, draft: ItemDraft, line_no: int, timed: TimeRange | None) -> None:
        draft.title, inline = split_inline_sub_items(draft.title)
        draft.title = tidy_title(draft.title)
        draft.sub_points[:0] = inline
        draft.title, room = split_room(draft.title)
        draft.room = draft.room or room
        draft.title, speakers = split_speaker(draft.title)
        if not speakers:
            draft.title, speakers = split_role_tail(draft.title)
        if not speakers:
            draft.title, speakers = speaker_after_quote(draft.title)
        if not speakers:
            draft.title, speakers, place = split_paren_people(draft.title)
            draft.room = draft.room or place
        if not speakers:
            speakers = inline_people(draft.title)
        if not speakers and draft.style == "plain":
            # "9:30am Axel Kern, Princeton University": the talk is named by its speaker.
            person = parse_name_comma_affiliation(draft.title)
            if person is not None:
                self.talks_named_by_speaker = True
            elif self.talks_named_by_speaker:
                # "11am Dora Bastelli" on a page whose talks are "9:30am Mark Sandford, QMUL"
                person = parse_bare_name(draft.title)
            speakers = (person,) if person is not None else ()
        draft.people.extend(speakers)
        session, own_time = self.session_for_item(draft, line_no, timed)
        if own_time is not None:
            draft.starts, draft.ends = own_time.start, own_time.end
        if (
            session.implicit
            and draft.style not in ("plain", "bullet")
            and len(session.items) == 1
            and session.items[0].style == "plain"
            and session.items[0].title == session.title
        ):
            session.items.clear()  # "10-11 a.m. High-level opening" then "1. Election": a heading
        if session.style in (None, "plain", "bullet") and draft.style not in ("plain", "bullet"):
            session.style = draft.style  # numbered items set the level of items from now on
        elif session.style is None:
            session.style = draft.style
        session.items.append(draft)
        self.skipping = False
        self.after_item_line = True
        self.touched = draft

    def last_item(self) -> ItemDraft | None:
        if self.session is None or not self.session.items:
            return None
        return self.session.items[-1]

    def add_sub_point(self, text: str, line: Token) -> None:
        if self.skipping:
            return
        item = self.last_item()
        if item is None:
            self.warn(line.no, "a sub-point with no item above it; ignored")
            return
        text, speakers = split_speaker(text)  # "A. Invocation - Reverend Harold Beacham"
        item.sub_points.append(text)
        item.people.extend(speakers)
        self.sub_point_indent = line.indent
        self.after_item_line = False
        self.after_sub_point = True

    def bullet_line(self, text: str, line: Token) -> None:
        if self.skipping:
            return
        item = self.last_item()
        session = self.session
        is_item = item is None or (
            session is not None and session.style == "bullet" and line.indent <= item.indent
        )
        if not is_item:
            self.add_sub_point(text, line)
            return
        if self.day is None and self.session is None:
            self.warn(line.no, "a bulleted line before any day or session; ignored")
            return
        title, trailing = split_trailing_time(text)
        self.add_item(
            ItemDraft(line.no, "", tidy_title(title), "bullet", line.indent), line.no, trailing
        )

    def plain_line(self, text: str, line: Token, timed: TimeRange | None) -> None:
        """A line that is neither numbered nor bulleted: a wrapped title, a note
        under an item, or an unnumbered item ("Registration", "Coffee break")."""
        self.skipping = False
        if timed is None and self.untimed_plain(text, line):
            return
        self.plain_item(text, line, timed)

    def untimed_plain(self, text: str, line: Token) -> bool:
        """An untimed plain line that is no item of its own: the end of the day
        after a time alone, a sitting in a sentence, a wrapped title, a note
        under an item, text before any day. True when it was one."""
        held = self.pending_time
        if held is not None and held[0].end is None and ends_the_day(text):
            self.pending_time = None  # "6.30 p.m." then "End of day"
            self.day_ends(held[0], line.no)
            return True
        if held is None and self.sitting_sentence(line):
            return True
        if is_header_line(text):
            return True  # "Time" then "TOP / Thema": a table's header, one cell per line
        if held is None and self.title is not None and text.casefold() == self.title.casefold():
            return True  # the meeting's own name again, heading its rows: no session
        item = self.last_item()
        if item is not None and (
            self._wrapped_plain_title(item, text) or self.under_numbered_item(item, text, line)
        ):
            return True
        if held is None and starts_with_role(text):
            # "Chair: Foreign Minister of Ghana (Chair of the AU)": a role, never a session
            if item is not None:
                item.description.append(text)
            else:
                self.warn(line.no, "a role line that names no one as a person; not a session")
            return True
        if self.pending_time is None and text[:1] == "(" and text[-1:] == ")":
            # "(Presentations, then discussion)": a note on what it is under, never an item
            if item is not None:
                item.description.append(text)
            else:
                self.warn(line.no, "a note in brackets with no item above it; not an item, ignored")
            return True
        if self.day is None and self.pending_time is None and not self.one_day():
            self.warn(
                line.no, "text before any day header that is not a date, session or item; ignored"
            )
            return True
        return False

    def under_numbered_item(self, item: ItemDraft, text: str, line: Token) -> bool:
        """Under a numbered item: its title carried on, a wrapped sub-point, or a
        line of its description (a break is an item of its own)."""
        session = self.session
        if session is None or session.style in (None, "plain", "bullet") or self.pending_time:
            return False
        if self.after_item_line and _wraps(item.title, text) and not item.sub_points:
            # The lead-in punctuation tidying dropped ("...(Rome, 9-13 May 2005):") is
            # inside the title once the title carries on.
            cut = self.previous_text.rstrip()[-1:]
            joint = cut if cut in ":;," and not item.title.endswith(cut) else ""
            self.retitle(item, tidy_title(f"{item.title}{joint} {text}"))
            return True
        hanging = line.indent > self.sub_point_indent or text[:1] in "(" or text[:1].islower()
        if self.was_sub_point and hanging and item.sub_points:
            item.sub_points[-1] = f"{item.sub_points[-1]} {text}"  # a wrapped sub-point
            self.after_sub_point = True
            return True
        if infer_kind(text) is not ItemKind.BREAK:
            item.description.append(text)
            self.after_item_line = False
            return True
        return False

    def plain_item(self, text: str, line: Token, timed: TimeRange | None) -> None:
        """An unnumbered item, maybe timed; a paragraph is a description, not one."""
        # "Launch of the EU Joint Action, 13:00-15:00, Room XXIII": the room, then the time.
        title, room = split_room(text) if timed is None else (text, "")
        title, trailing = split_trailing_time(title)
        if trailing is None:
            title, room = text, ""
        if (
            timed is None
            and trailing is None
            and self.pending_time is None
            and len(text.split()) > _MAX_PLAIN_ITEM_WORDS
        ):
            item = self.last_item()
            if item is not None:
                item.description.append(text)
            else:
                self.warn(line.no, "a paragraph where sessions and items are expected; ignored")
            return
        if timed is None and trailing is None:
            title = _PART_OF_DAY_CELL.sub("", title, count=1)
        draft = ItemDraft(line.no, "", tidy_title(title), "plain", line.indent, room=room)
        self.add_item(draft, line.no, timed or trailing)

    def _wrapped_plain_title(self, item: ItemDraft, text: str) -> bool:
        """ "10h30 Accompagner un projet ... Bio en" then "restauration collective": a
        timed row's title hard-wrapped after a word no title ends on, or a few
        words in lower case carrying it on ("... clean development" / "mechanism")."""
        words = item.title.split()
        ends_open = bool(words) and words[-1].casefold() in _CONNECTIVES
        if ends_open and not text[:1].islower():
            # "Opening of the Seventy-second Session of the" / "Regional Committee": no
            # title ends on an article, but "... and" may end over a person's name.
            ends_open = words[-1].casefold() in _ARTICLES and parse_bare_name(
                " ".join(text.split()[:2])) is None
        if not (
            item.style == "plain"
            and self.pending_time is None
            and self.after_item_line
            and not (item.sub_points or item.description or item.people)
            and (
                ends_open
                or text[:1].islower() and len(text.split()) <= 4 and item.title[-1:].isalpha()
            )
        ):
            return False
        self.retitle(item, tidy_title(f"{item.title} {text}"))
        return True

    def retitle(self, item: ItemDraft, joined: str) -> None:
        """A wrapped title carried on: a session named after its item carries on too."""
        if self.session is not None and self.session.title == item.title:
            self.session.title = joined
        item.title = joined


# --- small pure helpers ---------------------------------------------------

# "Morning   Arrival of participants": a part of the day standing in the time
# column of an untimed row (in English, French, Spanish), not part of its title.
_PART_OF_DAY_CELL = re.compile(
    r"^(?i:morning|afternoon|evening|matin(?:\u00e9e)?|apr\u00e8s-midi|soir(?:\u00e9e)?"
    r"|ma\u00f1ana|tarde|noche)\s+(?=[A-Z\u00c0-\u00de][a-z\u00e0-\u00ff])(?!Session\b|Sitting\b|Plenary\b)(?=\S+\s+\S+\s+\S)"
)


_ARTICLES = frozenset("the a an le la les du des el los las del".split())
_CONNECTIVES = frozenset(
    "and or of the for in on to with by from a an at as"
    # French and Spanish: a title wrapped after "de", "en", "par ses" carries on
    " de du des la le les et ou en au aux pour par sur avec dans ses son sa leur leurs"
    " y o el los las del con por para sus su un une una".split()
)


def _wraps(title: str, text: str) -> bool:
    """Whether ``text`` carries on a title hard-wrapped above it: it starts in
    lower case or opens a bracket, or the title stops on a word that cannot end one ("Policy and")."""
    if text[:1].islower():
        return True
    if text.startswith("(") and not title.rstrip().endswith(")"):
        return True  # "(Rome, 23-26 May 2005): for decision" carries on the line above
    words = title.rstrip().split()
    return (
        bool(words)
        and (words[-1].casefold() in _CONNECTIVES or title.rstrip().endswith(","))
        and len(text.split()) <= 12
    )


def tidy_title(title: str) -> str:
    """Drop the punctuation that leads into sub-points ("...migration:") and the
    footnote marks that close a title ("Executive Committee *")."""
    title = _FOOTNOTE_TAIL.sub("", _STARRED_ASIDE.sub("", title))
    return title.strip().rstrip(":;,").rstrip(".").strip() or title.strip()


# "Welcome Dinner *Mandatory*": a word set in stars after the title is a note on it.
_STARRED_ASIDE = re.compile(r"(?<=\w)\s+\*[^*]{1,30}\*\s*$")
_FOOTNOTE_TAIL = re.compile(r"(?<=\w)\s*[*\u2020\u2021]+\s*$")
