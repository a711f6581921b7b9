"""Player-facing shells: the terminal game (and later the pygame window)."""
