"""The template `truce scenario new NAME` writes: a commented, playable format 2 scenario."""

from __future__ import annotations

import os
import pathlib

TEMPLATE_FILE = pathlib.Path(__file__).with_name("template.yaml")
SCHEMA_NAME = "scenario.schema.json"


def schema_reference(target: str | os.PathLike[str], schema: pathlib.Path | None) -> str:
    """How the new file's first line points editors at the JSON Schema: a path relative to the
    file when the shipped schema is at hand, else a schema file expected beside it."""
    if schema is None or not schema.is_file():
        return f"./{SCHEMA_NAME}"
    folder = pathlib.Path(os.path.abspath(target)).parent
    try:
        relative = os.path.relpath(schema.resolve(), folder)
    except ValueError:  # another drive (Windows): the absolute path works too
        return schema.resolve().as_uri()
    relative = relative.replace(os.sep, "/")
    return relative if relative.startswith(".") else f"./{relative}"


def template_text(scenario_id: str, target: str, schema: pathlib.Path | None) -> str:
    """The template for a scenario id, to be written at `target`."""
    title = " ".join(word.capitalize() for word in scenario_id.replace("_", "-").split("-"))
    text = TEMPLATE_FILE.read_text(encoding="utf-8")
    return (text.replace("__SCHEMA__", schema_reference(target, schema))
            .replace("__ID__", scenario_id).replace("__TITLE__", title or scenario_id)
            .replace("__FILE__", os.path.basename(target)))
