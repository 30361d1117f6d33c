"""Questions about documents: by symbol, by title, by item, and what their text says.

Symbols arrive in any spelling ("a / 58 / 98") and are compared in the one
canonical form store.symbols gives. Titles are matched on their distinctive
words ("the Secretary-General's report on globalization"). Passages come from
the search index when there is one (it knows PDF pages), else from the
bodies the meeting carries.
"""

from __future__ import annotations

import dataclasses

from rapidfuzz import fuzz, process, utils

from bot.answers.answer import Answer, Passage
from bot.answers.citing import documents_of, occurrences_of
from bot.answers.context import Ask
from bot.answers.index import Unit
from bot.answers.items import ItemRef
from store.search import Hit
from store.symbols import base_symbol, normalize_symbol
from store.values import Document

DOC_WORDS = (
    "document", "documents", "doc", "docs", "paper", "papers", "report", "reports", "resolution",
    "resolutions", "pdf", "reading", "background", "link", "download", "symbol", "file", "files",
)
PASSAGE_CUES = (
    "say", "says", "said", "agreed", "agree", "conclude", "concluded", "recommend", "recommended",
    "according", "mention", "mentions", "mentioned", "stress", "stressed",
    "what did", "did they", "did participants", "was agreed", "were the conclusions", "outcome",
    "outcomes", "decide", "decided",
)


def name(doc: Document) -> str:
    return f"{doc.symbol} — {doc.title}" if doc.symbol else f"“{doc.title}”"


def _item_place(ask: Ask, doc: Document) -> str:
    _ = ask.tr.gettext
    if not doc.item:
        return ""
    occs = occurrences_of(ask.index, doc)
    if not occs:
        return _(" It belongs to item {number}.").format(number=doc.item)
    first = occs[0]
    place = _(" It is for item {number} ({title}), in {place}.").format(
        number=ask.index.show(first.item.number), title=first.item.title, place=ask.occurrence_place(first))
    if normalize_symbol(doc.title) == normalize_symbol(doc.symbol) and first.item.sub_points:
        # Filed under its symbol alone: what it is about is one of its item's points.
        place += _(" The item's points: {points}.").format(points="; ".join(first.item.sub_points))
    return place


def describe_document(ask: Ask, doc: Document) -> Answer:
    _ = ask.tr.gettext
    parts = [f"{name(doc)}."]
    if doc.category and doc.category != "document":
        parts.append(_("Category: {category}.").format(category=doc.category))
    place = _item_place(ask, doc)
    if place:
        parts.append(place.strip())
    parts.append(_("Link: {url}").format(url=doc.url) if doc.url else _(
        "No link is on file for it; ask the organizers for a copy."))
    occs = occurrences_of(ask.index, doc)
    return Answer(
        "document", " ".join(parts), ask.meeting.slug, documents=(doc,),
        items=tuple(o.item for o in occs[:1]), sessions=tuple(o.session for o in occs[:1]),
    )


def answer_symbols(ask: Ask) -> Answer:
    _ = ask.tr.gettext
    found: list[Document] = []
    missing: list[str] = []
    revised: list[str] = []  # asked for a revision we do not have; its original stands in
    for symbol in ask.query.symbols:
        doc = ask.index.documents_by_symbol.get(symbol)
        if doc is None:
            base = base_symbol(symbol)
            doc = ask.index.documents_by_symbol.get(base) if base else None
            if doc is not None:
                revised.append(symbol)
        if doc is not None:
            found.append(doc)
        else:
            missing.append(symbol)
    if found and not missing:
        if len(found) == 1:
            answer = describe_document(ask, found[0])
            if revised:
                said = _("{symbol} is not among this meeting's documents; the one it revises is.").format(
                    symbol=revised[0])
                answer = dataclasses.replace(answer, text=f"{said}\n{answer.text}")
            return answer
        answers = [describe_document(ask, d).text for d in found]
        return Answer("document", "\n".join(answers), ask.meeting.slug, documents=tuple(found))
    # A symbol cited on the agenda (in a sub-point) but not filed as a document.
    for symbol in missing:
        for occ in ask.index.occurrences:
            if any(symbol in normalize_symbol(p) or symbol in p for p in occ.item.sub_points):
                from bot.answers.items import describe_item

                answer = describe_item(ask, ask.index.group(occ), intent="document")
                return Answer(
                    "document", _("{symbol} is cited under item {number}.").format(symbol=symbol, number=occ.item.number)
                    + f"\n{answer.text}", ask.meeting.slug,
                    sessions=answer.sessions, items=answer.items, documents=answer.documents,
                )
    symbols = list(ask.index.documents_by_symbol)
    close = [m[0] for m in process.extract(missing[0], symbols, scorer=fuzz.ratio, processor=utils.default_process, limit=3, score_cutoff=60)]
    hint = _(" The closest I have: {symbols}.").format(symbols=", ".join(close)) if close else ""
    listed = _(" Its documents: {symbols}.").format(symbols=", ".join(symbols)) if symbols and not close else ""
    return Answer(
        "not_found", _("{symbol} is not among this meeting's documents.").format(symbol=missing[0]) + hint + listed,
        ask.meeting.slug,
        documents=tuple(found), suggestions=tuple(close),
    )


def answer_item_documents(ask: Ask, ref: ItemRef) -> Answer:
    _ = ask.tr.gettext
    first = ref.occurrences[0].item
    docs = documents_of(ask.index, ref.occurrences[0])
    if not docs:
        return Answer(
            "documents", _("No documents are listed for item {number} ({title}).").format(
                number=ask.index.show(first.number), title=first.title), ask.meeting.slug, items=(first,),
        )
    lines = [_("Documents for item {number} ({title}):").format(number=ask.index.show(first.number), title=first.title)]
    lines += [f"• {name(d)}" + (f" <{d.url}>" if d.url else "") for d in docs]
    if first.sub_points and any(normalize_symbol(d.title) == normalize_symbol(d.symbol) for d in docs):
        lines.append(_("Its points: {points}.").format(points="; ".join(first.sub_points)))
    return Answer("documents", "\n".join(lines), ask.meeting.slug, items=(first,), documents=tuple(docs))


def answer_all_documents(ask: Ask) -> Answer:
    _ = ask.tr.gettext
    docs = ask.meeting.documents
    if not docs:
        return Answer("documents", _("No documents have been filed for this meeting yet."), ask.meeting.slug)
    lines = [_("{count} documents:").format(count=len(docs))]
    for d in docs:
        for_item = _(" (item {number})").format(number=ask.index.show(d.item)) if d.item else ""
        lines.append(f"• {name(d)}{for_item}")
    return Answer("documents", "\n".join(lines), ask.meeting.slug, documents=tuple(docs))


def passages_from_hits(ask: Ask, hits: list[Hit], ranked: list[tuple[float, Unit]]) -> list[Passage]:
    """Search hits of kind "passage" as Passages of this meeting's documents.

    A hit's snippet is a window that may start and end mid-sentence; when we
    hold the document's body we quote the best whole sentence of it instead,
    keeping the page the search found.
    """
    by_ref: dict[str, Document] = {}
    for d in ask.meeting.documents:
        if d.symbol:
            by_ref[normalize_symbol(d.symbol)] = d
        by_ref[d.title.casefold()] = d
    out: list[Passage] = []
    for hit in hits:
        if hit.kind != "passage":
            continue
        doc = by_ref.get(normalize_symbol(hit.ref)) or by_ref.get(hit.ref.casefold()) or by_ref.get(hit.title.casefold())
        if doc is None:
            doc = Document(title=hit.title or hit.ref, symbol=hit.ref if "/" in hit.ref else "")
        local = next((u for score, u in ranked if u.kind == "passage" and u.document == doc and score > 0), None)
        text = local.text if local else (getattr(hit, "text", "") or hit.snippet).strip()
        page = local.page if local else hit.page
        if page is not None and page <= 1 and "\f" not in doc.body:
            page = None  # a document without pages: "page 1" would mislead
        passage = Passage(doc, text, page)
        if all(p.text != passage.text for p in out):
            out.append(passage)
    return out


def answer_passages(ask: Ask, passages: list[Passage], topic: str) -> Answer:
    _ = ask.tr.gettext
    lines = [_("What the documents say about “{topic}”:").format(topic=topic) if topic else _("From the documents:")]
    for p in passages:
        page = _(", page {page}").format(page=p.page) if p.page else ""
        lines.append(f"• {name(p.document)}{page}: “{p.text}”")
    return Answer(
        "passage", "\n".join(lines), ask.meeting.slug, passages=tuple(passages),
        documents=tuple(dict.fromkeys(p.document for p in passages)),
    )


def local_passages(ranked: list[tuple[float, Unit]], threshold: float, limit: int = 3) -> list[Passage]:
    out: list[Passage] = []
    best = next((s for s, u in ranked if u.kind == "passage"), 0.0)
    # Only passages nearly as good as the best: a weak second quote is noise.
    threshold = max(threshold, best * 0.8)
    for score, unit in ranked:
        if unit.kind != "passage" or score < threshold or unit.document is None:
            continue
        out.append(Passage(unit.document, unit.text, unit.page))
        if len(out) >= limit:
            break
    return out
