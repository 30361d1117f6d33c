"""How fast is search on a large store? Prints one JSON object.

Builds a store of generated meetings (default 1,000 meetings of 40 agenda
items and 20 documents with multi-page bodies: 40,000 items, 20,000 bodies),
written behind the ORM in bulk and indexed with ``reindex_all`` as a bulk load
would be, then times questions scoped to one meeting (what the answers engine
asks) and across all meetings.

    python benchmarks/search_speed.py                       # SQLite in a temp dir
    python benchmarks/search_speed.py --url postgresql+psycopg://.../scratch_db
    python benchmarks/search_speed.py --meetings 100        # quicker

The PostgreSQL database must exist and be empty: the script migrates it.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from store import models
from store.db import make_engine, make_sessionmaker, upgrade
from store.search import passages, reindex_all, search

DOMAIN = (
    "migration migrants remittances undocumented trafficking security development population "
    "refugees asylum labour workers diaspora integration borders visas statistics census "
    "fertility mortality ageing urbanization policy review report rapporteur keynote panel "
    "conclusions globalization interdependence cooperation data gender youth health climate"
).split()
SYLLABLES = "ka lo mi ne ru sa ti vo pe da fi gu ha je ko la ma no pi qu re so tu va we xi yo ze".split()
QUESTIONS = [
    "when do we discuss human trafficking?",
    "money sent home",
    "irregular migration",
    "globalization report",
    "when is the rapporteur's report?",
    "A/58/98",
    "diaspora bonds and development",
    "what about climate and health?",
    "kalomi",  # a rare generated word
    "xyzzy nothing matches this",
]


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    words = list(DOMAIN)
    while len(words) < 5000:
        words.append("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    # Zipf-like: a few words everywhere, most words rare, as in real text.
    weights = [1.0 / (rank + 1) for rank in range(len(words))]
    rng.shuffle(weights)
    return words, weights


def build(url: str, meetings: int, seed: int) -> dict[str, float]:
    rng = random.Random(seed)
    words, weights = vocabulary(rng)

    def sentence(n: int) -> str:
        return " ".join(rng.choices(words, weights, k=n)).capitalize() + "."

    def body() -> str:
        pages = []
        for _ in range(rng.randint(1, 4)):
            paragraphs = [" ".join(sentence(rng.randint(8, 20)) for _ in range(rng.randint(3, 7)))
                          for _ in range(rng.randint(1, 3))]
            pages.append("\n\n".join(paragraphs))
        return "\f".join(pages)

    engine = make_engine(url)
    upgrade(engine)
    started = time.perf_counter()
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for m in range(meetings):
            start = date(2003, 1, 1) + timedelta(days=m)
            meeting_id = conn.execute(insert(models.Meeting).values(
                slug=f"meeting-{m}", title=f"Meeting {m} on {sentence(4)}", venue="", organizer="",
                timezone="UTC", start_date=start, end_date=start, overview="", revision=1,
                reminder_lead_minutes=15, created_at=now, updated_at=now,
            )).inserted_primary_key[0]
            day_id = conn.execute(insert(models.Day).values(meeting_id=meeting_id, date=start)).inserted_primary_key[0]
            session_id = conn.execute(insert(models.Session).values(
                day_id=day_id, meeting_id=meeting_id, ordinal=1, title="Morning session", room="",
            )).inserted_primary_key[0]
            conn.execute(insert(models.AgendaItem), [
                {"session_id": session_id, "meeting_id": meeting_id, "ordinal": i + 1, "number": str(i + 1),
                 "title": sentence(rng.randint(4, 14)), "kind": "discussion",
                 "sub_points": [sentence(8) for _ in range(rng.randint(0, 3))], "speakers": [],
                 "description": sentence(rng.randint(0, 30)) if rng.random() < 0.3 else ""}
                for i in range(40)
            ])
            conn.execute(insert(models.Document), [
                {"meeting_id": meeting_id, "symbol": f"A/{m}/{d}", "symbol_key": f"A/{m}/{d}",
                 "title": sentence(rng.randint(5, 15)), "category": "document", "url": "",
                 "body": body(), "item_number": str(rng.randint(1, 40)), "created_at": now}
                for d in range(20)
            ])
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    with make_sessionmaker(engine)() as db:
        reindex_all(db)
        db.commit()
    indexed = time.perf_counter() - started
    engine.dispose()
    return {"load_seconds": round(loaded, 1), "reindex_all_seconds": round(indexed, 1)}


def measure(url: str, meetings: int, rounds: int, seed: int) -> dict[str, object]:
    rng = random.Random(seed + 1)
    engine = make_engine(url)
    timings: dict[str, list[float]] = {"search_scoped": [], "passages_scoped": [], "search_all_meetings": []}
    hits = 0
    with make_sessionmaker(engine)() as db:
        for question in QUESTIONS:  # warm the caches, as a running bot has them
            search(db, question, meeting_slug="meeting-0")
        for _ in range(rounds):
            for question in QUESTIONS:
                slug = f"meeting-{rng.randrange(meetings)}"
                t = time.perf_counter()
                hits += len(search(db, question, meeting_slug=slug))
                timings["search_scoped"].append(time.perf_counter() - t)
                t = time.perf_counter()
                passages(db, question, meeting_slug=slug)
                timings["passages_scoped"].append(time.perf_counter() - t)
        for question in QUESTIONS:
            t = time.perf_counter()
            search(db, question)
            timings["search_all_meetings"].append(time.perf_counter() - t)
        counts = {
            table: db.connection().exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
            for table in ("meetings", "agenda_items", "documents", "search_passages")
        }
    engine.dispose()

    def summary(values: list[float]) -> dict[str, float]:
        ms = sorted(v * 1000 for v in values)
        return {"p50_ms": round(statistics.median(ms), 2),
                "p95_ms": round(ms[int(len(ms) * 0.95) - 1], 2), "max_ms": round(ms[-1], 2),
                "n": len(ms)}

    return {"rows": counts, "hits_returned": hits, **{k: summary(v) for k, v in timings.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="database URL (default: a new SQLite file in a temp dir)")
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=20, help="times each question is asked")
    parser.add_argument("--seed", type=int, default=2003)
    args = parser.parse_args()
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    report: dict[str, object] = {"backend": url.split(":", 1)[0], "meetings": args.meetings}
    report["build"] = build(url, args.meetings, args.seed)
    report.update(measure(url, args.meetings, args.rounds, args.seed))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
