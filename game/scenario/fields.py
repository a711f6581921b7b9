"""Shared building blocks of the scenario format: the strict base model, id and number types."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
BUILTIN_RESPONSES = ("none", "protest", "suspend")
BUILTIN_PERSONALITIES = ("hawk", "dove", "pragmatist")
MAX_ROUNDS = 100
ID_MAX = 64  # characters in an id

Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=ID_MAX)]
OPTIONAL_ID_PATTERN = r"^([a-z0-9][a-z0-9_-]*)?$"
OptionalId = Annotated[str, Field(pattern=OPTIONAL_ID_PATTERN, max_length=ID_MAX)]
Text = Annotated[str, Field(min_length=1)]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
LIMIT = 1e6  # payoffs and costs beyond this are typos, and would overflow the engine's sums
Amount = Annotated[float, Field(ge=-LIMIT, le=LIMIT)]
Cost = Annotated[float, Field(ge=0.0, le=LIMIT)]
PartyId = Literal["us", "cn"]
VERSIONS = (1, 2)
SINCE = "x-since"  # JSON Schema annotation: the format version that introduced a field


def new_in_2(**kwargs: Any) -> Any:
    """A field introduced by format version 2: a version 1 file may not use it."""
    return Field(json_schema_extra={SINCE: 2}, **kwargs)


class Model(BaseModel):
    """Strict, closed, immutable: the settings every scenario model shares."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, allow_inf_nan=False)
