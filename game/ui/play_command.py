"""Moved to game.cli.play (the command modules sit under game.cli); kept so scripts that
imported `game.ui.play_command` (documented in Truce 0.1) still work."""

from game.cli.play import *  # noqa: F403
from game.cli.play import choose_front_end, prepare, run_play, truce_command  # noqa: F401
