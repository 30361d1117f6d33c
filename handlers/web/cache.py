"""What the web transport keeps between requests: rendered answers and the values they came from.

Everything is keyed by what it depends on (the meeting's revision and the
other versions ``handlers/web`` reads per request), so a change to an agenda
makes new keys rather than invalidating old ones: a stale entry is never
asked for again and ages out of the bounded LRU. Built once by the composition
root (bot/app.py) and handed to ``WebAgenda``; nothing here is module-global.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar

from handlers.web.feeds import FeedBase
from store.values import Meeting

V = TypeVar("V")


@dataclass(frozen=True)
class Rendered:
    """One answer's body and validators."""

    body: bytes
    etag: str
    last_modified: datetime
    kind: str  # html | ics | pdf
    encoding: str = ""  # "gzip" when the body is compressed


class Lru(Generic[V]):
    """A bounded, thread-safe map with at most one build per key at a time.

    Threads asking for a key being built wait for that build instead of starting
    their own (``serve --http`` answers on several threads; a 1,000-talk feed
    takes a second to build).
    """

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("an LRU holds at least one entry")
        self.size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._building: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: Hashable, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def get_or_build(self, key: Hashable, build: Callable[[], V]) -> V:
        found = self.get(key)
        if found is not None:
            return found
        with self._lock:
            building = self._building.setdefault(key, threading.Lock())
        with building:
            found = self.get(key)  # built by the thread we waited for
            if found is None:
                try:
                    found = build()
                    self.put(key, found)  # before the lock goes: a newcomer finds the value
                finally:
                    with self._lock:
                        self._building.pop(key, None)
            return found

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


@dataclass
class RenderCache:
    """The web transport's per-process memory: ``answers`` (page and feed bodies, plain and
    gzipped), ``meetings`` (agenda values as loaded, a few MB each for a 1,000-talk
    conference) and ``feeds`` (a meeting's events serialized once, shared by its personal
    feeds)."""

    answers: Lru[Rendered] = field(default_factory=lambda: Lru(256))
    meetings: Lru[Meeting] = field(default_factory=lambda: Lru(16))
    feeds: Lru[FeedBase] = field(default_factory=lambda: Lru(16))
