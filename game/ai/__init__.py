"""Negotiating agents: one protocol, many strategies."""
