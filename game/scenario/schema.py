"""The JSON Schema of the scenario format, generated from the pydantic models."""

from __future__ import annotations

import json
from typing import Any

from game.scenario.format import ScenarioModel

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "urn:truce:scenario:2"  # reads versions 1 and 2
SCHEMA_FILE = "scenarios/scenario.schema.json"


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema editors use to autocomplete and check scenario files."""
    body = ScenarioModel.model_json_schema()
    body["title"] = "Truce scenario (format versions 1 and 2)"
    return {"$schema": SCHEMA_DIALECT, "$id": SCHEMA_ID, **body}


def schema_text() -> str:
    """The schema as committed in scenarios/scenario.schema.json."""
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"
