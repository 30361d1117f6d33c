"""The ack of a first delivery does not wait for the event ledger; retries still do.

The ledger's table is locked by another connection (as a slow or busy database
would hold it): the first delivery of a mention must still be acked at once and
answered once the lock goes, and a retry of it afterwards must be dropped.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, text

from bot.app import SlackApp
from store import models
from tests.e2e.conftest import SlackSender, make_mention
from tests.fake_slack import FakeSlack

QUICK_ACK = 2.0  # seconds; Slack allows 3, the ledger's busy timeout alone is 5


@contextmanager
def ledger_locked(engine: Engine) -> Iterator[None]:
    table = models.SeenEvent.__tablename__
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # no other writer until we end it
        else:
            connection.execute(text(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))
        try:
            yield
        finally:
            connection.rollback()


def test_a_first_delivery_is_acked_while_the_ledger_is_locked_and_its_retry_is_dropped(
    engine: Engine, slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    mention = make_mention("agenda")
    with ledger_locked(engine):
        began = time.monotonic()
        assert slack.event(mention).status == 200
        acked_in = time.monotonic() - began
    assert acked_in < QUICK_ACK, acked_in
    answer = fake_slack.wait_one("chat.postMessage", timeout=30)
    assert answer.args["thread_ts"] == mention["event"]["ts"]

    # Slack did not see that ack, say, and retries: the record is there, so it is dropped.
    assert slack.event(mention, retry=1).status == 200
    assert slack_app.pool.wait_idle(10)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
