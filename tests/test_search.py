"""Full-text search (store/search/, migration 0002), on every backend.

The same tests run on SQLite (FTS5) and, when AGENDABOT_TEST_POSTGRES_URL is
set, on PostgreSQL (tsvector): the ``db`` fixture is parametrised by backend.
After every kind of write the index is compared with what the tables say it
should hold (``assert_index_current``), so a trigger that indexes the wrong
values fails here rather than as a wrong answer months later.
"""

from __future__ import annotations

import dataclasses

import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, insert, select, text, update
from sqlalchemy.orm import Session

from store import models
from store.agenda import save_meeting
from store.db import alembic_config, make_sessionmaker, upgrade
from store.search import (
    PASSAGE_MAX_WORDS,
    PASSAGE_MIN_WORDS,
    Hit,
    Passage,
    passages,
    query_concepts,
    reindex_all,
    reindex_document,
    search,
    split_passages,
)
from store.values import Document, Meeting
from tests.helpers import sample_meeting

SLUG = "coordination-meeting-2003"

PAGE_ONE = (
    "Introduction\n\n"
    "This report reviews the population policies adopted by member states during the decade, "
    "with particular reference to fertility, mortality and internal movement. It draws on the "
    "replies of governments to the inquiry conducted by the secretariat and on the demographic "
    "estimates prepared for the biennial review. The figures cover every region and show that "
    "concern with rapid growth has given way, in many countries, to concern with ageing."
)
PAGE_TWO = (
    "Governments described their efforts against the smuggling of migrants across land borders, "
    "often by organised networks that charge high fees and expose people to grave danger. Several "
    "replies mentioned new legislation, joint patrols and the protection of victims, and asked "
    "for better data on the corridors used. Cooperation between countries of origin, transit and "
    "destination was named as the most promising response by almost every government."
)
PAGE_FOUR = (
    "Finally, some governments reported on diaspora bonds and other instruments that channel "
    "the savings of emigrants into national development, together with measures to lower the "
    "cost of sending money to families. These schemes are recent and their results are not yet "
    "known, but the replies show growing interest in the contribution of emigrants abroad."
)
# Page three is blank, as scanned reports often have: the page count must still move on.
REPORT_BODY = "\f".join([PAGE_ONE, PAGE_TWO, "", PAGE_FOUR])
REPORT = Document(
    title="World population policies: replies of governments",
    symbol="E/CN.9/2004/2",
    category="Background documents",
    body=REPORT_BODY,
)


def with_documents(meeting: Meeting, *documents: Document) -> Meeting:
    return dataclasses.replace(meeting, documents=meeting.documents + documents)


def replace_item_title(meeting: Meeting, number: str, title: str) -> Meeting:
    days = tuple(
        dataclasses.replace(
            day,
            sessions=tuple(
                dataclasses.replace(
                    session,
                    items=tuple(
                        dataclasses.replace(item, title=title) if item.number == number else item
                        for item in session.items
                    ),
                )
                for session in day.sessions
            ),
        )
        for day in meeting.days
    )
    return dataclasses.replace(meeting, days=days)


def refs(hits: list[Hit], kind: str = "item") -> list[str]:
    return [h.ref for h in hits if h.kind == kind]


def meeting_id(db: Session, slug: str) -> int:
    return db.scalar(select(models.Meeting.id).where(models.Meeting.slug == slug))


def assert_index_current(db: Session) -> None:
    """The index holds exactly what the tables say, no more, no less."""
    db.flush()
    expected = []
    for document_id, body in db.execute(
        select(models.Document.id, models.Document.body).order_by(models.Document.id)
    ):
        expected += [(document_id, p.page, p.ordinal, p.text) for p in split_passages(body)]
    stored = db.execute(
        text("SELECT document_id, page, ordinal, text FROM search_passages ORDER BY document_id, ordinal")
    ).all()
    assert [tuple(r) for r in stored] == expected
    if db.get_bind().dialect.name == "sqlite":
        for table, columns in (
            ("search_items", "number, title, sub_points, description, speakers, kind, meeting"),
            ("search_documents", "symbol, title, category, meeting"),
            ("search_passages_fts", "text, meeting"),
        ):
            assert _sqlite_index_differences(db, table, columns) == 0, table
    else:
        for table, key, source, vector in (
            ("search_items", "item_id", "agenda_items", "search_item_vector(t)"),
            ("search_documents", "document_id", "documents", "search_document_vector(t)"),
        ):
            wrong = db.scalar(
                text(
                    f"SELECT count(*) FROM {source} t FULL JOIN {table} s ON s.{key} = t.id"
                    f" WHERE s.{key} IS NULL OR t.id IS NULL OR s.vector <> {vector}"
                    " OR s.meeting_id <> t.meeting_id"
                )
            )
            assert wrong == 0, table


def _sqlite_index_differences(db: Session, table: str, columns: str) -> int:
    """Token instances in the FTS5 index that a fresh index of the content would not have, and back.

    FTS5's own integrity-check does not compare an external-content index
    with its content (before SQLite 3.44), so we build the reference index.
    """
    tokenize = "tokenize='porter unicode61 remove_diacritics 2'"
    db.execute(text("DROP TABLE IF EXISTS temp.ref_index"))
    db.execute(text("DROP TABLE IF EXISTS temp.ref_vocab"))
    db.execute(text("DROP TABLE IF EXISTS temp.real_vocab"))
    db.execute(text(f"CREATE VIRTUAL TABLE temp.ref_index USING fts5({columns}, {tokenize})"))
    source = f"{table}_content" if table != "search_passages_fts" else "search_passages_content"
    db.execute(text(f"INSERT INTO temp.ref_index(rowid, {columns}) SELECT id, {columns} FROM {source}"))
    db.execute(text("CREATE VIRTUAL TABLE temp.ref_vocab USING fts5vocab(temp, ref_index, instance)"))
    db.execute(text(f"CREATE VIRTUAL TABLE temp.real_vocab USING fts5vocab(main, {table}, instance)"))
    return db.scalar(
        text(
            "SELECT (SELECT count(*) FROM (SELECT * FROM temp.real_vocab EXCEPT SELECT * FROM temp.ref_vocab))"
            " + (SELECT count(*) FROM (SELECT * FROM temp.ref_vocab EXCEPT SELECT * FROM temp.real_vocab))"
        )
    )


def index_rows(db: Session, meeting: int) -> int:
    """How many index entries of any kind belong to ``meeting``."""
    db.flush()
    count = db.scalar(
        text("SELECT count(*) FROM search_passages WHERE meeting_id = :m"), {"m": meeting}
    )
    if db.get_bind().dialect.name == "sqlite":
        # Asked of the FTS index itself (not of its content view) through the meeting token.
        for table in ("search_items", "search_documents", "search_passages_fts"):
            count += db.scalar(
                text(f"SELECT count(*) FROM {table} WHERE {table} MATCH :q"),
                {"q": f'meeting : "m{meeting}"'},
            )
    else:
        for table in ("search_items", "search_documents"):
            count += db.scalar(text(f"SELECT count(*) FROM {table} WHERE meeting_id = :m"), {"m": meeting})
    return count


@pytest.fixture
def sample_db(db: Session) -> Session:
    save_meeting(db, with_documents(sample_meeting(), REPORT))
    db.commit()
    return db


# -- finding agenda items ---------------------------------------------------------------


@pytest.mark.parametrize("query", ["remittances", "remittance", "Workers' remittances"])
def test_an_item_is_found_by_its_title_words_and_their_stems(sample_db, query):
    hits = search(sample_db, query, meeting_slug=SLUG)
    assert hits[0].kind == "item" and hits[0].ref == "V"
    assert hits[0].meeting_slug == SLUG
    assert "remittances" in hits[0].snippet


def test_a_question_in_plain_words_finds_the_item_it_is_about(sample_db):
    hits = search(sample_db, "when do we discuss human trafficking?", meeting_slug=SLUG)
    assert hits[0].kind == "item" and hits[0].ref == "VI"
    assert hits[0].title.startswith("Panel discussion on undocumented migration")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("money sent home", {"V", "VIII"}),  # remittances, in both titles
        ("irregular migration", {"VI", "VIII"}),  # undocumented migration
        ("smuggling", {"VI"}),  # trafficking
        ("when is the rapporteur's report?", {"IX"}),
        ("when does the meeting end?", {"XI"}),  # closing
        ("welcome", {"I"}),  # opening
    ],
)
def test_synonyms_find_what_the_agenda_calls_by_another_name(sample_db, query, expected):
    hits = search(sample_db, query, meeting_slug=SLUG)
    assert expected <= set(refs(hits))
    assert hits[0].ref in expected


def test_the_best_match_comes_first_and_scores_never_rise(sample_db):
    hits = search(sample_db, "remittances", meeting_slug=SLUG)
    # V says nothing else; VIII mentions remittances among many other things.
    assert refs(hits)[:2] == ["V", "VIII"]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_an_item_continued_in_a_later_session_is_one_hit(sample_db):
    # Two rows are numbered VIII (the item and its continuation).
    hits = search(sample_db, "VIII", meeting_slug=SLUG)
    assert refs(hits) == ["VIII"]


def test_the_limit_is_respected(sample_db):
    assert len(search(sample_db, "migration", meeting_slug=SLUG, limit=5)) == 5
    assert len(search(sample_db, "migration", meeting_slug=SLUG, limit=2)) == 2
    assert search(sample_db, "migration", meeting_slug=SLUG, limit=0) == []


def test_when_no_row_has_all_the_words_rows_with_some_of_them_are_found(sample_db):
    hits = search(sample_db, "remittances from the zebra crossing", meeting_slug=SLUG)
    assert refs(hits)[0] == "V"


def test_a_question_of_only_stop_words_finds_nothing(sample_db):
    assert search(sample_db, "what is it, when and where?", meeting_slug=SLUG) == []
    assert search(sample_db, "", meeting_slug=SLUG) == []


def test_a_generic_word_alone_is_still_searched(sample_db):
    # "meeting" is dropped beside other words, but alone it is the question.
    assert {"I", "XI"} <= set(refs(search(sample_db, "meeting", meeting_slug=SLUG)))


# -- finding documents and passages ---------------------------------------------------------


def test_a_document_is_found_by_its_title_words(sample_db):
    for query in ("globalization report", "globalisation"):
        hits = search(sample_db, query, meeting_slug=SLUG)
        assert "A/58/394" in refs(hits, "document"), query


def test_a_document_is_found_by_its_symbol(sample_db):
    hits = search(sample_db, "where is A/58/98?", meeting_slug=SLUG)
    documents = [h for h in hits if h.kind == "document"]
    assert documents[0].ref == "A/58/98"
    assert documents[0].item == "IV"
    assert documents[0].title == "Report of the Secretary-General on international migration and development"


def test_a_passage_is_found_with_its_document_and_page(sample_db):
    hits = passages(sample_db, "smuggling of migrants at the borders", meeting_slug=SLUG)
    assert hits[0].kind == "passage"
    assert (hits[0].ref, hits[0].page) == ("E/CN.9/2004/2", 2)
    assert hits[0].title == REPORT.title
    assert hits[0].text == " ".join(PAGE_TWO.split())
    assert "smuggling" in hits[0].snippet and len(hits[0].snippet) < len(hits[0].text)


def test_a_blank_page_still_counts_towards_the_page_number(sample_db):
    hits = passages(sample_db, "diaspora bonds", meeting_slug=SLUG)
    assert [(h.ref, h.page) for h in hits] == [("E/CN.9/2004/2", 4)]


def test_passages_are_among_the_results_of_a_general_search(sample_db):
    hits = search(sample_db, "diaspora bonds", meeting_slug=SLUG)
    assert [(h.kind, h.ref, h.page) for h in hits] == [("passage", "E/CN.9/2004/2", 4)]


def test_a_passage_of_a_document_without_pages_is_on_page_one(sample_db):
    hits = passages(sample_db, "best practices guidance", meeting_slug=SLUG)
    assert hits[0].ref == "Summary of the meeting's conclusions" and hits[0].page == 1


# -- scope -------------------------------------------------------------------------------


def test_a_search_is_scoped_to_its_meeting_or_spans_all(db):
    save_meeting(db, sample_meeting())
    other = replace_item_title(
        dataclasses.replace(sample_meeting(), slug="third-meeting-2004"), "V", "Remittances and diaspora"
    )
    save_meeting(db, with_documents(other, REPORT))
    db.commit()
    mine = search(db, "remittances", meeting_slug=SLUG)
    theirs = search(db, "remittances", meeting_slug="third-meeting-2004")
    everywhere = search(db, "remittances")
    assert {h.meeting_slug for h in mine} == {SLUG}
    assert {h.meeting_slug for h in theirs} == {"third-meeting-2004"}
    assert {h.meeting_slug for h in everywhere} == {SLUG, "third-meeting-2004"}
    assert passages(db, "diaspora bonds", meeting_slug=SLUG) == []
    assert len(passages(db, "diaspora bonds", meeting_slug="third-meeting-2004")) == 1
    assert search(db, "remittances", meeting_slug="no-such-meeting") == []


# -- the index stays current ---------------------------------------------------------------


def test_the_freshly_saved_sample_is_indexed_exactly(sample_db):
    assert_index_current(sample_db)


def test_an_agenda_saved_again_is_found_by_its_new_titles_only(sample_db):
    renamed = replace_item_title(
        with_documents(sample_meeting(), REPORT), "V", "Presentation on diaspora investment"
    )
    save_meeting(sample_db, renamed)
    sample_db.commit()
    assert "V" not in refs(search(sample_db, "remittances", meeting_slug=SLUG))
    assert refs(search(sample_db, "diaspora investment", meeting_slug=SLUG)) == ["V"]
    assert_index_current(sample_db)


def test_an_item_edited_in_place_is_found_by_its_new_title_only(sample_db):
    # save_meeting replaces rows; other writers (organizer edits) update them.
    item = sample_db.scalar(
        select(models.AgendaItem).where(models.AgendaItem.number == "VII")
    )
    item.title = "Panel on border management"
    item.sub_points = ["Visa policies", "Biometric passports"]
    sample_db.commit()
    assert "VII" not in refs(search(sample_db, "security", meeting_slug=SLUG))
    assert refs(search(sample_db, "border management", meeting_slug=SLUG)) == ["VII"]
    assert refs(search(sample_db, "biometric passports", meeting_slug=SLUG)) == ["VII"]
    assert_index_current(sample_db)


def test_a_changed_document_body_is_searched_as_it_is_now(sample_db):
    rewritten = dataclasses.replace(REPORT, body="Seasonal agricultural workers and their visas.")
    save_meeting(sample_db, with_documents(sample_meeting(), rewritten))
    sample_db.commit()
    assert passages(sample_db, "diaspora bonds", meeting_slug=SLUG) == []
    hits = passages(sample_db, "seasonal visas", meeting_slug=SLUG)
    assert [(h.ref, h.page) for h in hits] == [("E/CN.9/2004/2", 1)]
    assert_index_current(sample_db)


def test_a_changed_document_title_is_searched_as_it_is_now(sample_db):
    renamed = dataclasses.replace(REPORT, title="Replies on migration policy")
    save_meeting(sample_db, with_documents(sample_meeting(), renamed))
    sample_db.commit()
    assert "E/CN.9/2004/2" not in refs(search(sample_db, "population policies", meeting_slug=SLUG), "document")
    assert "E/CN.9/2004/2" in refs(search(sample_db, "migration policy replies", meeting_slug=SLUG), "document")
    assert_index_current(sample_db)


def test_a_document_the_agenda_no_longer_lists_leaves_the_index(sample_db):
    sample_db.delete(sample_db.scalar(select(models.Document).where(models.Document.symbol == "E/CN.9/2004/2")))
    sample_db.commit()
    assert search(sample_db, "diaspora bonds", meeting_slug=SLUG) == []
    assert_index_current(sample_db)


def test_deleting_a_meeting_removes_its_index_rows(sample_db):
    save_meeting(sample_db, dataclasses.replace(sample_meeting(), slug="kept-meeting"))
    sample_db.commit()
    gone, kept = meeting_id(sample_db, SLUG), meeting_id(sample_db, "kept-meeting")
    before = index_rows(sample_db, gone)
    sample_db.delete(sample_db.get(models.Meeting, gone))
    sample_db.commit()
    assert before > 0 and index_rows(sample_db, gone) == 0
    assert index_rows(sample_db, kept) > 0
    assert {h.meeting_slug for h in search(sample_db, "remittances")} == {"kept-meeting"}
    assert search(sample_db, "diaspora bonds") == []
    assert_index_current(sample_db)


def test_a_body_changed_behind_the_orm_drops_its_old_passages_until_reindexed(sample_db):
    # Core statements skip the ORM events; the database still removes what is stale.
    document = sample_db.scalar(select(models.Document.id).where(models.Document.symbol == "E/CN.9/2004/2"))
    sample_db.execute(update(models.Document).where(models.Document.id == document).values(body="Labour mobility."))
    assert passages(sample_db, "diaspora bonds", meeting_slug=SLUG) == []
    assert passages(sample_db, "labour mobility", meeting_slug=SLUG) == []
    assert reindex_document(sample_db, document) == 1
    assert [h.ref for h in passages(sample_db, "labour mobility", meeting_slug=SLUG)] == ["E/CN.9/2004/2"]
    assert_index_current(sample_db)


def test_reindex_all_indexes_documents_written_behind_the_orm(sample_db):
    sample_db.execute(
        insert(models.Document).values(
            meeting_id=meeting_id(sample_db, SLUG), symbol="A/58/100", symbol_key="A/58/100",
            title="Note on circular migration", category="", url="", item_number="",
            body="Circular migration lets seasonal workers return home each winter.",
        )
    )
    assert passages(sample_db, "seasonal workers", meeting_slug=SLUG) == []
    reindex_all(sample_db)
    assert [h.ref for h in passages(sample_db, "seasonal workers", meeting_slug=SLUG)] == ["A/58/100"]
    assert "A/58/100" in refs(search(sample_db, "circular migration", meeting_slug=SLUG), "document")
    assert_index_current(sample_db)


def test_pending_orm_changes_are_searched_before_commit(sample_db):
    sample_db.add(
        models.Document(meeting_id=meeting_id(sample_db, SLUG), title="Note on seasonal work",
                        body="Seasonal workers come every summer.")
    )
    assert [h.ref for h in passages(sample_db, "summer", meeting_slug=SLUG)] == ["Note on seasonal work"]


def test_the_migration_indexes_a_database_that_already_has_data(engine: Engine):
    # Back to before the search index, write the way an old version did, and come forward.
    command.downgrade(alembic_config(engine), "0001")
    # Plain SQL naming only 0001's columns: the models may have grown since.
    statements = [
        "INSERT INTO meetings (id, slug, title, venue, organizer, timezone, start_date, end_date,"
        " overview, reminder_lead_minutes, revision, created_at, updated_at) VALUES (1, 'old',"
        " 'Old meeting', '', '', 'UTC', '2003-10-15', '2003-10-16', '', 15, 1, :now, :now)",
        "INSERT INTO days (id, meeting_id, date) VALUES (1, 1, '2003-10-15')",
        "INSERT INTO sessions (id, day_id, meeting_id, ordinal, title, room) VALUES (1, 1, 1, 1, 'Morning', '')",
        "INSERT INTO agenda_items (id, session_id, meeting_id, ordinal, number, title, kind,"
        " sub_points, speakers, description) VALUES (1, 1, 1, 1, 'III', 'Remittances and development',"
        " 'discussion', :sub_points, '[]', '')",
        "INSERT INTO documents (id, meeting_id, symbol, symbol_key, title, category, url, body,"
        " item_number, created_at) VALUES (1, 1, '', '', 'Old notes', '', '',"
        " 'Notes on asylum procedures.', '', :now)",
    ]
    with engine.begin() as conn:
        for statement in statements:
            # As SQLAlchemy's JSON type writes it: non-ASCII escaped.
            conn.execute(text(statement), {"now": models.utcnow(), "sub_points": '["R\\u00e9union of experts"]'})
    upgrade(engine)
    with make_sessionmaker(engine)() as db:
        assert refs(search(db, "remittances", meeting_slug="old")) == ["III"]
        assert refs(search(db, "experts", meeting_slug="old")) == ["III"]
        assert refs(search(db, "Réunion", meeting_slug="old")) == ["III"]
        assert [h.ref for h in passages(db, "asylum", meeting_slug="old")] == ["Old notes"]
        assert_index_current(db)


def test_downgrade_removes_every_search_table(engine: Engine):
    command.downgrade(alembic_config(engine), "0001")
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            left = conn.execute(text("SELECT name FROM sqlite_master WHERE name LIKE 'search%'")).all()
        else:
            left = conn.execute(
                text(
                    "SELECT relname FROM pg_class WHERE relname LIKE 'search%'"
                    " UNION ALL SELECT proname FROM pg_proc WHERE proname LIKE 'search%'"
                    " UNION ALL SELECT tgname FROM pg_trigger WHERE tgname LIKE 'search%'"
                )
            ).all()
    assert left == []


# -- hostile input --------------------------------------------------------------------------

SYNTAX = st.sampled_from(
    ['"', "'", "AND", "OR", "NOT", "NEAR", "NEAR(a b, 2)", "*", "-", "(", ")", ":", "^", "{", "}",
     "+", "a/58/98", "title:", 'meeting : "m1"', "\\", "%", "_", "\x00", "&", "|", "!", "<->",
     "money sent home", "remittances", "''", '""', "m1", ":q0", "$$", ";", "--", "\ue000"]
)
HOSTILE = st.one_of(st.text(), st.lists(st.one_of(SYNTAX, st.text(max_size=5)), max_size=12).map(" ".join))


# Read-only queries against one database: reusing the function-scoped fixture
# across examples is what we want here.
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=HOSTILE)
def test_no_query_string_raises(sample_db, query):
    for slug in (SLUG, None):
        hits = search(sample_db, query, meeting_slug=slug, limit=5)
        assert len(hits) <= 5 and all(isinstance(h, Hit) for h in hits)
        assert len(passages(sample_db, query, meeting_slug=slug)) <= 3


@pytest.mark.parametrize(
    "query",
    ['"remittances', 'remittances"', "remittances AND", "AND remittances", "NOT remittances",
     "remittances OR", "NEAR(remittances", "remittances*", "-remittances", "(remittances",
     "title: remittances", "remittances)", "remittances^", "{title}: remittances"],
)
def test_query_syntax_in_a_question_is_read_as_words(sample_db, query):
    assert refs(search(sample_db, query, meeting_slug=SLUG))[0] == "V"


# -- the pieces --------------------------------------------------------------------------------


def test_a_question_becomes_concepts_with_their_synonyms():
    assert query_concepts("When do we discuss money sent home?") == [
        ("money sent home", "remittances", "money transfers", "transfers")
    ]
    assert query_concepts("irregular migration") == [
        ("irregular", "undocumented", "illegal", "unauthorized", "unauthorised", "clandestine"),
        ("migration",),
    ]
    assert query_concepts('where is "A/58/98"? AND (NEAR)') == [("a/58/98",), ("near",)]
    assert query_concepts("agenda item on security") == [("security", "safety")]
    assert query_concepts("the agenda") == [("agenda",)]


def test_a_body_is_cut_into_passages_of_about_a_paragraph():
    sentence = "Member states reported their policies on international migration in detail. "
    long_paragraph = sentence * 30  # 300 words, no blank line to cut at
    body = "Heading\n\nShort first paragraph.\n\n" + long_paragraph + "\f" + "Last page."
    parts = split_passages(body)
    assert parts[0].text.startswith("Heading Short first paragraph. Member states")
    assert all(len(p.text.split()) <= PASSAGE_MAX_WORDS for p in parts)
    assert all(len(p.text.split()) >= PASSAGE_MIN_WORDS for p in parts if p.page == 1)
    assert parts[-1] == Passage(page=2, ordinal=len(parts), text="Last page.")
    assert [p.ordinal for p in parts] == list(range(1, len(parts) + 1))


@given(st.text(alphabet=st.sampled_from("ab \n\f.")))
def test_splitting_loses_no_word_and_counts_pages(body):
    parts = split_passages(body)
    assert [w for p in parts for w in p.text.split()] == body.split()
    assert all(len(p.text.split()) <= PASSAGE_MAX_WORDS for p in parts)
    # Every page's words, in order, and only them, are in the passages marked with its number.
    for number, page in enumerate(body.split("\f"), start=1):
        assert [w for p in parts if p.page == number for w in p.text.split()] == page.split()
