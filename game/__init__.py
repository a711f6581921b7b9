"""Truce: a US–China negotiation simulation game."""

__version__ = "0.1.0"
