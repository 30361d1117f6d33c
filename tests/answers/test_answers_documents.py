from __future__ import annotations

from dataclasses import replace

from conftest import DURING_SAMPLE, ask

from bot.answers import answer_question
from store.search import Hit
from store.values import Document, Meeting


def test_symbols_in_any_spelling_find_the_document(sample: Meeting) -> None:
    for text in ("where is A/58/98?", "a/58/98", "A / 58 / 98", "what is a/58/98 about"):
        answer = ask(sample, text)
        assert answer.intent == "document", text
        assert answer.documents[0].symbol == "A/58/98"
        assert "item IV" in answer.text


def test_an_unknown_symbol_offers_the_closest(sample: Meeting) -> None:
    answer = ask(sample, "where is A/58/99?")
    assert answer.intent == "not_found"
    assert "A/58/98" in answer.suggestions


def test_documents_for_an_item_include_those_cited_in_its_sub_points(sample: Meeting) -> None:
    answer = ask(sample, "what documents are there for item IV?")
    assert [d.symbol for d in answer.documents][:2] == ["A/58/98", "A/58/394"]
    assert "No documents are listed for item V" in ask(sample, "documents for item V").text


def test_a_title_in_a_person_s_words(sample: Meeting) -> None:
    answer = ask(sample, "the Secretary-General's report on globalization")
    assert [d.symbol for d in answer.documents] == ["A/58/394"]


def test_passages_come_from_bodies_with_their_page(geneva: Meeting) -> None:
    answer = ask(geneva, "what does the guidance say about mirror statistics?")
    assert answer.intent == "passage"
    assert answer.passages[0].page == 2
    assert answer.passages[0].document.symbol == "ECE/CES/GE.10/2024/2"


def test_search_passages_quote_whole_sentences_and_keep_pages(sample: Meeting) -> None:
    summary = next(d for d in sample.documents if d.body)

    def search(query: str, limit: int) -> list[Hit]:
        # The contract's shape: a window of text around the match, a page number.
        return [Hit("passage", sample.slug, summary.title, summary.title, "agreed to continue convening", 1.0, page=1)]

    answer = answer_question("what did participants agree about coordination meetings?", sample, now=DURING_SAMPLE, search=search)
    assert answer.intent == "passage"
    assert answer.passages[0].text.endswith("at regular intervals.")
    assert answer.passages[0].page is None  # page 1 of a document without pages says nothing


def test_search_answers_what_the_agenda_words_cannot(sample: Meeting) -> None:
    asked: list[str] = []

    def search(query: str, limit: int) -> list[Hit]:
        asked.append(query)
        return [Hit("item", sample.slug, "VII", "Presentation and discussion on international migration and security", "", 2.0)]

    answer = answer_question("when do we talk about terrorism?", sample, now=DURING_SAMPLE, search=search)
    assert asked, "search was not consulted"
    assert answer.items[0].number == "VII"


def test_a_failing_search_is_no_failure(sample: Meeting) -> None:
    def search(query: str, limit: int) -> list[Hit]:
        raise RuntimeError("index is being rebuilt")

    answer = answer_question("when do we discuss human trafficking?", sample, now=DURING_SAMPLE, search=search)
    assert answer.items[0].number == "VI"
    answer = answer_question("what about zebras?", sample, now=DURING_SAMPLE, search=search)
    assert answer.intent == "not_found"


def test_a_passage_must_speak_of_the_topic_not_only_of_the_cue(sample: Meeting) -> None:
    # The summary says what was agreed, but never about remittances: quoting it would mislead.
    answer = ask(sample, "what was agreed on remittances?")
    assert answer.intent != "passage"
    assert not answer.passages
    assert "Item V," in answer.text
    on_topic = ask(sample, "what was agreed about best practices?")
    assert on_topic.intent == "passage"
    assert [p.text for p in on_topic.passages] == [
        "It was also agreed that collaboration among relevant organizations was crucial in the process of "
        "identifying and documenting best practices that could provide guidance in policy development."
    ]


def test_a_document_without_full_stops_is_quoted_a_passage_not_whole(geneva: Meeting) -> None:
    # A long table or a scanned page has no sentence ends; quoting "the sentence"
    # that matched would quote the whole document into Slack.
    filler = " ".join(f"row {n} of the annex lists national offices" for n in range(20_000))
    body = f"{filler} the mirror statistics pilot covers twelve countries {filler}"
    document = Document(title="Annex of national offices", symbol="ECE/CES/GE.10/2024/INF.9", body=body)
    meeting = replace(geneva, documents=(*geneva.documents, document))
    answer = ask(meeting, "what does the annex say about the mirror statistics pilot?")
    assert answer.intent == "passage"
    assert answer.passages and all(len(p.text.split()) <= 120 for p in answer.passages)
    assert len(answer.text) < 4_000
