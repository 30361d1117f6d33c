"""/metrics, /readyz and request ids through the running app, over real HTTP."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.logging_setup import current_request_id
from tests.e2e.conftest import SlackSender, http_request, make_mention
from tests.fake_slack import FakeSlack


def scrape(base: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    result = http_request(base + "/metrics")
    assert result.status == 200
    assert result.headers["content-type"].startswith("text/plain")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(result.body.decode())
        for s in family.samples
    }


def value(samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


class Stamped(logging.Handler):
    """Keeps each record with the request id that was current where it was logged."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seen: list[tuple[logging.LogRecord, str | None]] = []
        self._arrived = threading.Condition()

    def emit(self, record: logging.LogRecord) -> None:
        with self._arrived:
            self.seen.append((record, current_request_id()))
            self._arrived.notify_all()

    def wait_for(self, words: str, timeout: float = 30.0) -> tuple[logging.LogRecord, str | None]:
        """The first record whose message contains ``words``, once it is there."""

        def found() -> list[tuple[logging.LogRecord, str | None]]:
            return [(r, rid) for r, rid in self.seen if words in r.getMessage()]

        with self._arrived:
            assert self._arrived.wait_for(found, timeout), [r.getMessage() for r, _ in self.seen]
            return found()[0]


@pytest.fixture
def stamped() -> Iterator[Stamped]:
    handler = Stamped()
    logger = logging.getLogger("agendabot.app")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(previous)


def test_metrics_count_answers_by_intent(app_url: str, slack: SlackSender, fake_slack: FakeSlack) -> None:
    before = scrape(app_url)
    assert slack.event(make_mention("help")).status == 200
    assert slack.event(make_mention("when is the rapporteur's report?")).status == 200
    fake_slack.wait_for("chat.postMessage", count=2)
    after = scrape(app_url)
    name = "agendabot_questions_answered_total"
    assert value(after, name, intent="help") == value(before, name, intent="help") + 1
    answered = sum(v for (n, _), v in after.items() if n == name) - sum(v for (n, _), v in before.items() if n == name)
    assert answered == 2
    assert value(after, "agendabot_answer_seconds_count") == value(before, "agendabot_answer_seconds_count") + 2


def test_slack_errors_are_counted_and_logged_under_the_events_request_id(
    app_url: str, slack: SlackSender, fake_slack: FakeSlack, stamped: Stamped
) -> None:
    before = scrape(app_url)
    # Three 500s: the first try and both of the client's retries fail, so the listener fails.
    fake_slack.fail_next("chat.postMessage", status=500, count=3)
    mention = make_mention("agenda")
    assert slack.event(mention).status == 200
    fake_slack.wait_one("chat.postMessage", timeout=30)  # the apology, in the question's thread
    after = scrape(app_url)
    errors = ("agendabot_slack_api_errors_total", {"method": "chat.postMessage", "error": "http_500"})
    assert value(after, errors[0], **errors[1]) == value(before, errors[0], **errors[1]) + 3
    record, rid = stamped.wait_for(" failed")
    assert rid == mention["event_id"]  # logged on a listener thread, under the event's id
    assert record.exc_info is not None


def test_slack_errors_in_the_body_count_by_their_code(
    app_url: str, slack: SlackSender, fake_slack: FakeSlack, stamped: Stamped
) -> None:
    fake_slack.add_channel("C0LEFTUS01", is_member=False)
    before = scrape(app_url)
    assert slack.event(make_mention("agenda", channel="C0LEFTUS01")).status == 200
    stamped.wait_for("could not even apologise")
    after = scrape(app_url)
    labels = {"method": "chat.postMessage", "error": "not_in_channel"}
    # The answer and then the apology: both refused with a 200 carrying "ok": false.
    assert value(after, "agendabot_slack_api_errors_total", **labels) == (
        value(before, "agendabot_slack_api_errors_total", **labels) + 2
    )


def test_readyz_reports_the_process_and_each_check(app_url: str) -> None:
    result = http_request(app_url + "/readyz")
    assert result.status == 200
    body = result.json()
    assert body["ok"] is True
    assert {body["database"], body["migrations"], body["slack"]} == {"ok"}
    assert body["process"].rsplit(":", 1)[1].isdigit()
    assert http_request(app_url + "/healthz").json() == {"ok": True, "database": "ok"}
    assert http_request(app_url + "/metrics", method="POST").status == 404  # only GET is ours
