"""Scenario files: the YAML format, its schema, the safe loader and the lint."""
