"""How fast the app starts and answers.

1. Start: from process start to the home screen's first paint (headless), against an empty Textual app
   (Header, Static, Footer) measured the same way, runs interleaved so machine load hits both alike.
   Each child process records the wall clock when its first frame is painted and reports it against the
   time its parent started it, then leaves at once (the bank keeps loading in a worker after the paint;
   that is not part of the start). Target: ratio ≤ 1.3.
2. Answering: with Pilot, the time from submitting an answer (Enter) through the feedback to the next
   item on screen ('n'), over a practice session of the shipped bank. Target: median ≤ 50 ms.

The last line printed is the start-up ratio.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

RUNS = int(os.environ.get("BENCH_RUNS", "21"))
ANSWERS = 40


def child(kind: str) -> None:
    """Runs one app headless and prints seconds from the parent's start stamp to the first paint."""
    started = float(os.environ["BENCH_STARTED"])
    if kind == "empty":
        from textual.app import App
        from textual.widgets import Footer, Header, Static

        class Empty(App[None]):
            def compose(self) -> Any:
                yield Header()
                yield Static("hello")
                yield Footer()

            def on_ready(self) -> None:
                print(time.time() - started, flush=True)
                os._exit(0)

        Empty().run(headless=True)
        return

    from dlquiz.tui.app import DlquizApp, make_app

    class Timed(DlquizApp):
        def on_ready(self) -> None:
            from dlquiz.tui.screens.home import HomeScreen

            painted = time.time() - started
            super().on_ready()  # the app's own work after the first paint starts, as in real use
            assert isinstance(self.screen, HomeScreen), self.screen
            print(painted, flush=True)
            os._exit(0)

    app = make_app()
    app.__class__ = Timed
    app.run(headless=True)


def start_once(kind: str, env: dict[str, str]) -> float:
    env = dict(env, BENCH_STARTED=repr(time.time()))
    out = subprocess.run([sys.executable, __file__, "--child", kind], env=env, capture_output=True, text=True,
                         check=True)
    return float(out.stdout.strip().splitlines()[-1])


async def answer_times() -> tuple[list[float], list[float]]:
    """For ANSWERS items: seconds from the submitting key to the feedback painted plus from 'n' to the next
    item painted (the app's own time), and the same two steps as Pilot round trips (which add Pilot's
    idle detection, a poll that slows down when other processes share the CPU)."""
    from dlquiz.tui.app import make_app

    app = make_app(seed=1)
    own: list[float] = []
    pilot_times: list[float] = []
    painted: list[float] = []
    async with app.run_test(size=(100, 40)) as pilot:
        while not app.ready:  # the bank loads in a worker after the first paint
            await pilot.pause(0.05)
        app.screen.start("practice", count=ANSWERS + 1)
        await pilot.pause()
        screen = app.screen

        def stamp_after_paint(method: Any) -> Any:
            def wrapped(*args: Any, **kwargs: Any) -> Any:
                result = method(*args, **kwargs)
                screen.call_after_refresh(lambda: painted.append(time.perf_counter()))
                return result
            return wrapped

        screen._record = stamp_after_paint(screen._record)  # feedback shown
        screen._show_item = stamp_after_paint(screen._show_item)  # next item shown
        for _ in range(ANSWERS):
            q = screen.presented.question
            if q.type == "short":
                screen.query_one("TextArea").text = "x"
                submit = ["ctrl+s", "enter"]  # submit, keep the keyword score
            elif q.type in ("mcq", "multi", "tf"):
                await pilot.press("1")
                submit = ["enter"]
            else:  # numeric, fill, table, param: type into every field, then Enter on the last one submits
                fields = list(screen.query("AnswerArea Input"))
                for field in fields:
                    field.value = "1"
                fields[-1].focus()
                await pilot.pause()
                submit = ["enter"]
            painted.clear()
            begin = time.perf_counter()
            await pilot.press(*submit)
            middle = time.perf_counter()
            feedback = painted[-1]
            await pilot.press("n")
            await pilot.pause()
            end = time.perf_counter()
            own.append((feedback - begin) + (painted[-1] - middle))
            pilot_times.append(end - begin)
    return own, pilot_times


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
        return 0
    home = tempfile.mkdtemp(prefix="dlquiz-bench-")
    env = dict(os.environ, DLQUIZ_HOME=home)
    os.environ["DLQUIZ_HOME"] = home
    start_once("dlquiz", env)  # warm the file cache for both
    start_once("empty", env)
    ours, empty = [], []
    for _ in range(RUNS):
        ours.append(start_once("dlquiz", env))
        empty.append(start_once("empty", env))
    own, round_trips = asyncio.run(answer_times())
    print(f"answer → feedback → next item, Pilot round trips: median {statistics.median(round_trips) * 1000:.1f} ms")
    print(f"answer → feedback → next item, key to paint: median {statistics.median(own) * 1000:.1f} ms, "
          f"max {max(own) * 1000:.1f} ms over {len(own)} items (target ≤ 50 ms)")
    o, e = statistics.median(ours), statistics.median(empty)
    print(f"dlquiz home screen, first paint: median {o * 1000:.1f} ms over {RUNS} runs")
    print(f"empty Textual app (Header, Static, Footer), first paint: median {e * 1000:.1f} ms")
    print(f"fastest runs: {min(ours) * 1000:.1f} vs {min(empty) * 1000:.1f} ms, ratio {min(ours) / min(empty):.2f} "
          "(less sensitive to other processes)")
    print(f"ratio {o / e:.2f} (target ≤ 1.3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
