"""The listener pool: Bolt's executor for the answers, after the ack.

Larger than Bolt's default of 5 because slack-sdk's rate-limit retry sleeps in the
calling thread, and one rate-limited channel must not stall everyone else's answers.
"""

from __future__ import annotations

import contextvars
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any

LISTENER_THREADS = 32
# A task submitted to the listener pool runs only if this (when set) says so: ``AnswerOnce``.
RUN_IF: contextvars.ContextVar[Callable[[], bool] | None] = contextvars.ContextVar("agendabot_run_if", default=None)


class ListenerPool(Executor):
    """Bolt's listener executor: up to ``max_workers`` daemon threads, started as needed.

    Daemon threads, unlike ThreadPoolExecutor's (which the interpreter joins at exit),
    so a listener stuck on a Slack call or a database lock cannot keep the process
    alive after SIGTERM: ``SlackApp.close`` waits a bounded time for the answers in
    progress (``wait_idle``), then the process ends. Each task runs in a copy of the
    submitter's context, so its log lines carry the request id the web layer set,
    and only if that context's ``RUN_IF`` (when set) says so.
    """

    def __init__(self, max_workers: int = LISTENER_THREADS) -> None:
        self._max_workers = max_workers
        self._queue: queue.SimpleQueue[_Task | None] = queue.SimpleQueue()
        self._idle_threads = threading.Semaphore(0)  # released by a worker as it finishes a task
        self._threads: list[threading.Thread] = []
        self._busy = 0  # tasks submitted and not yet finished
        self._idle = threading.Condition()
        self._closed = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        with self._idle:
            if self._closed:
                raise RuntimeError("the listener pool is shut down")
            self._busy += 1
            self._queue.put(_Task(future, contextvars.copy_context(), fn, args, kwargs))
            if not self._idle_threads.acquire(timeout=0) and len(self._threads) < self._max_workers:
                thread = threading.Thread(target=self._work, name=f"slack-listener_{len(self._threads)}", daemon=True)
                self._threads.append(thread)
                thread.start()
        return future

    def _work(self) -> None:
        while (task := self._queue.get()) is not None:
            try:
                if task.future.set_running_or_notify_cancel():
                    try:
                        result = task.context.run(_run_if_allowed, task)
                    except BaseException as exc:  # the future carries it, as ThreadPoolExecutor's do
                        task.future.set_exception(exc)
                    else:
                        task.future.set_result(result)
            finally:
                self._finished()
                self._idle_threads.release()

    def _finished(self) -> None:
        with self._idle:
            self._busy -= 1
            if self._busy == 0:
                self._idle.notify_all()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """True once nothing is queued or running; False if ``timeout`` passed first."""
        with self._idle:
            return self._idle.wait_for(lambda: self._busy == 0, timeout)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._idle:
            self._closed = True
            threads = list(self._threads)
        if cancel_futures:
            while True:
                try:
                    task = self._queue.get_nowait()
                except queue.Empty:
                    break
                if task is not None:
                    task.future.cancel()
                    self._finished()
        for _ in threads:
            self._queue.put(None)
        if wait:
            for thread in threads:
                thread.join()


def _run_if_allowed(task: _Task) -> Any:
    """The task, in its own context, if that context's ``RUN_IF`` allows it (once: work
    the task submits in turn inherits no condition)."""
    allowed = RUN_IF.get()
    if allowed is not None:
        RUN_IF.set(None)
        if not allowed():
            return None
    return task.fn(*task.args, **task.kwargs)


@dataclass(frozen=True)
class _Task:
    future: Future[Any]
    context: contextvars.Context
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
