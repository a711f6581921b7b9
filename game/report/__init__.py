"""Debrief charts, reports and printable role briefs."""
