"""`python -m game` runs the `truce` command."""

import sys

from game.cli import main

sys.exit(main())
