"""The desktop game: a pygame-ce window over the table (see docs/window.md)."""
