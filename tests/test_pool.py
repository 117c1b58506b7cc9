"""The worker pool: input order, bounded read-ahead, and a stuck, dying or raising task costs only itself."""

import os
import re
import time

from builder.pipeline import guarded, time_budget
from builder.pool import Done, Failure, ordered_map


def _square(x):
    if x == "hang":
        time.sleep(60)            # no CPU used: only the wall-clock limit can stop it
    if x == "die":
        os._exit(3)
    if x == "raise":
        raise ValueError("bad item")
    return x * x


def test_results_come_in_input_order_with_done_items_passed_through():
    items = [Done("cached"), *range(30), Done("end")]
    assert list(ordered_map(_square, items, jobs=2)) == ["cached", *(i * i for i in range(30)), "end"]


def test_in_process_when_one_job():
    assert list(ordered_map(_square, [2, Done(5), 3], jobs=1)) == [4, 5, 9]


def test_a_stuck_dying_or_raising_task_costs_only_itself():
    start = time.monotonic()
    out = list(ordered_map(_square, [1, "hang", 2, "die", 3, "raise", 4], jobs=2, time_limit=1.0))
    assert time.monotonic() - start < 20
    assert [o for o in out if not isinstance(o, Failure)] == [1, 4, 9, 16]
    failures = {o.reason: o.detail for o in out if isinstance(o, Failure)}
    assert set(failures) == {"timeout", "crash", "error"}
    assert "exit code 3" in failures["crash"] and "ValueError: bad item" in failures["error"]


def test_items_are_drawn_lazily_within_the_window():
    drawn = []

    def items():
        for i in range(100):
            drawn.append(i)
            yield i

    results = ordered_map(_square, items(), jobs=2, window=4)
    assert next(results) == 0
    assert len(drawn) <= 6        # the window, plus the one held while every worker was busy
    assert list(results) == [i * i for i in range(1, 100)]


def test_cpu_budget_stops_a_backtracking_stdlib_pattern():
    start = time.monotonic()
    r = guarded("x.txt", 0.3, lambda: re.match(r"(a+)+b", "a" * 40))
    assert r.reason == "detect_timeout" and "budget" in r.detail
    assert time.monotonic() - start < 10


def test_regex_timeout_and_exceptions_become_rejections_naming_the_file():
    def timeout():
        raise TimeoutError("regex timed out")
    assert guarded("a/b.txt", None, timeout).reason == "detect_timeout"
    r = guarded("a/b.txt", None, lambda: 1 / 0)
    assert r.reason == "internal_error" and r.path == "a/b.txt" and "ZeroDivisionError" in r.detail


def test_budget_is_disarmed_after_the_block():
    with time_budget(0.05):
        pass
    deadline = time.process_time() + 0.2
    while time.process_time() < deadline:    # would raise if the timer were still armed
        pass
