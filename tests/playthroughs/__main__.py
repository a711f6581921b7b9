"""python -m tests.playthroughs regenerate [NAME...] | check"""

from __future__ import annotations

import difflib
import sys

from tests.playthroughs import PLAYTHROUGHS, regenerate, transcript


def main(argv: list[str]) -> int:
    """Regenerate or check the committed transcripts; returns an exit code."""
    if not argv or argv[0] not in ("regenerate", "check"):
        print("usage: python -m tests.playthroughs regenerate [NAME...] | check", file=sys.stderr)
        return 2
    if argv[0] == "regenerate":
        for name in regenerate(argv[1:] or None):
            print(f"wrote tests/playthroughs/{name}.txt")
        return 0
    failed = 0
    for play in PLAYTHROUGHS:
        want = play.path.read_text(encoding="utf-8") if play.path.exists() else ""
        got = transcript(play)
        if got != want:
            failed += 1
            sys.stdout.writelines(
                difflib.unified_diff(
                    want.splitlines(True), got.splitlines(True), "committed", "now"
                )
            )
    print(f"{len(PLAYTHROUGHS) - failed} of {len(PLAYTHROUGHS)} playthroughs unchanged")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
