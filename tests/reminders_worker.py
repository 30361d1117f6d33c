"""A bot process for the restart tests: the reminder service, posting to a file, until killed.

    python tests/reminders_worker.py DATABASE_URL OUT_FILE [--die before-post|after-post --marker FILE]

Prints ``started PID`` at once and ``leader PID`` when it fires reminders
(its scheduler rebuilt from the store). ``--die`` makes the process SIGKILL
itself once (the marker file remembers), just before or just after its first
post: the crash window between posting and recording.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.reminders import ReminderService, RetryPolicy  # noqa: E402
from bot.reminders.notifier import ReminderMessage  # noqa: E402
from store.db import make_engine  # noqa: E402
from tests.recording_notifier import FileNotifier  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("database_url")
    parser.add_argument("out")
    parser.add_argument("--die", choices=["before-post", "after-post"])
    parser.add_argument("--marker")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)

    def die_once(message: ReminderMessage) -> None:
        marker = Path(args.marker)
        if marker.exists():
            return
        marker.write_text(message.key, encoding="utf-8")
        os.kill(os.getpid(), signal.SIGKILL)

    notifier = FileNotifier(
        Path(args.out),
        before_post=die_once if args.die == "before-post" else None,
        after_post=die_once if args.die == "after-post" else None,
    )
    service = ReminderService(
        make_engine(args.database_url),
        notifier,
        poll_interval=0.2,
        lock_retry=0.2,
        # A short settle time: the restart tests wait for it in real time.
        retry=RetryPolicy(base=0.05, settle=1.0),
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    service.start()
    print("started", os.getpid(), flush=True)
    announced = False
    while not stop.is_set():
        if not announced and service.wait_until_leader(0.05):
            print("leader", os.getpid(), flush=True)
            announced = True
        elif announced:
            stop.wait(0.2)
    service.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
