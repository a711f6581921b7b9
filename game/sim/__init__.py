"""Headless play: batch simulation, tournaments, saves and replays."""
