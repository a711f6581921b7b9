"""The window, headless (SDL's dummy driver): the negotiation screen's frame time at 1280x720,
the time from launch to the first frame, and CPU use while idle.

Targets (issue 11): frame time p95 under 8 ms; first frame under 2 s; idle CPU near zero
(the loop sleeps in pygame.event.wait; with a phase clock on screen it wakes once a second).
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import tempfile
import time

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIRST_FRAME = """
import os, sys
import game.ui.window.app as app
draw = app.App.draw
def first(self):
    draw(self)
    print("FRAME", flush=True)
    os._exit(0)
app.App.draw = first
from game.cli import main
main(["play", "--screenshots", sys.argv[1]])
"""

IDLE = """
import os, sys, threading, time
import pygame
from game.sim.scenarios import resolve_scenario
from game.table import HUMAN
from game.ui.saves import open_game
from game.ui.window.app import App
from game.ui.window.flow import Flow
from game.ui.window.launch import open_display
from game.ui.window.theme import Settings
from pathlib import Path
surface = open_display((1280, 720), (1024, 640))
folder = Path(sys.argv[1])
game = open_game(resolve_scenario("cyber-pledge"), "", "us", 3, {"us": HUMAN, "cn": "standard"},
                 "standard", folder)
if sys.argv[2] == "still":
    game.table.timers = {}  # no phase clock on screen: nothing to wake for
window = App(surface, Settings(speed="off"), Flow(game))
window.settle()
result = {}
def watch():
    time.sleep(1.0)
    cpu, wall = time.process_time(), time.perf_counter()
    time.sleep(3.0)
    result["share"] = (time.process_time() - cpu) / (time.perf_counter() - wall)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
threading.Thread(target=watch, daemon=True).start()
window.run()
print(f"IDLE {result['share']:.4f} {window.frames}", flush=True)
"""


def frame_times(frames: int = 300) -> tuple[list[float], list[float], list[float]]:
    """Milliseconds per frame on the negotiation table with an offer to answer: drawing the
    screen as it stands (the pointer moving), building it again (as after a move) then
    drawing it, and picking an option for the offer (its issue's cards and the side column
    shown again) then drawing."""
    import pygame

    from game.core.actions import Propose
    from game.sim.scenarios import resolve_scenario
    from game.table import HUMAN
    from game.ui.saves import open_game
    from game.ui.window.app import App
    from game.ui.window.flow import Flow
    from game.ui.window.launch import open_display
    from game.ui.window.negotiation import NegotiationScreen
    from game.ui.window.theme import Settings

    surface = open_display((1280, 720), (1024, 640))
    with tempfile.TemporaryDirectory() as folder:
        scenario = resolve_scenario("state-visit-2015")
        game = open_game(scenario, "", "cn", 5, {"us": HUMAN, "cn": HUMAN}, HUMAN,
                         pathlib.Path(folder))
        table = game.table
        view = table.view("us")
        terms = tuple((i.id, i.options[-1].id) for i in view.issues[:4])
        table.submit("us", Propose("us", terms), view.version)
        app = App(surface, Settings(speed="off"), Flow(game))
        app.flow.session.keyboard = "cn"
        app.show(NegotiationScreen("cn"))
        app.draw()  # forecasts computed once per offer (cached), fonts loaded
        steady, rebuilt = [], []
        for n in range(frames):
            # the pointer moves over the table: hover states and tool tips come and go
            pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(300 + n % 400,
                                                                          200 + n % 300),
                                                 rel=(1, 1), buttons=(0, 0, 0)))
            start = time.perf_counter()
            app.tick()
            steady.append((time.perf_counter() - start) * 1000)
        for _ in range(frames // 3):
            start = time.perf_counter()
            app.dirty()
            app.draw()
            rebuilt.append((time.perf_counter() - start) * 1000)
        picked = []
        issue = app.flow.session.view("cn").issues[2]
        for n in range(frames // 3):  # an option put in the offer and taken out again
            option = issue.options[n % len(issue.options)]
            start = time.perf_counter()
            app.press(app.build().find(f"chip-{issue.id}-{option.id}"))
            app.draw()
            picked.append((time.perf_counter() - start) * 1000)
        table.close()
    return steady, rebuilt, picked


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


def child(code: str, folder: str, *args: str) -> tuple[float, str]:
    """Run code in a fresh Python; seconds until it printed its line, and that line."""
    env = {**os.environ, "TRUCE_SAVE_DIR": folder, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, folder, *args], stdout=subprocess.PIPE,
                            text=True, env=env, cwd=ROOT)
    line = ""
    for line in proc.stdout:
        if line.startswith(("FRAME", "IDLE")):
            break
    elapsed = time.perf_counter() - start
    proc.wait(timeout=60)
    return elapsed, line.strip()


def main() -> None:
    steady, rebuilt, picked = frame_times()
    print(f"window: negotiation screen at 1280x720, frame time p50 {percentile(steady, 50):.2f} "
          f"ms, p95 {percentile(steady, 95):.2f} ms (target p95 < 8 ms); the screen built "
          f"again (after a move) p50 {percentile(rebuilt, 50):.2f} ms, p95 "
          f"{percentile(rebuilt, 95):.2f} ms; an option picked p50 "
          f"{percentile(picked, 50):.2f} ms, p95 {percentile(picked, 95):.2f} ms")
    with tempfile.TemporaryDirectory() as folder:
        firsts = [child(FIRST_FRAME, folder)[0] for _ in range(3)]
        print(f"window: launch (`truce play`) to the first frame {min(firsts):.2f} s best of 3, "
              f"{max(firsts):.2f} s worst (target < 2 s)")
        for mode, what in (("clock", "with the phase clock on screen (a frame a second)"),
                           ("still", "without a phase clock")):
            _, line = child(IDLE, folder, mode)
            share, frames = line.split()[1:]
            print(f"window: CPU while idle on the negotiation table {what}: {float(share):.1%} "
                  f"of a core over 3 s ({frames} frames drawn in all; target near zero)")


if __name__ == "__main__":
    main()
