"""LAN classroom server and client."""
