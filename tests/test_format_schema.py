"""The models, the committed JSON Schema, the format docs and the shipped scenarios agree."""

from __future__ import annotations

import json
import pathlib

import pytest

from game.scenario import ScenarioError, check_scenario, load_scenario_text
from game.scenario.docs import DOCS_FILE, _all_models, docs_text
from game.scenario.safe_yaml import read
from game.scenario.schema import SCHEMA_FILE, scenario_schema, schema_text

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA = pathlib.Path(__file__).parent / "data"
SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))
REGENERATE = "out of date: run `python -m game.scenario.docs` and commit the result"


def _validator():
    jsonschema = pytest.importorskip("jsonschema")
    return jsonschema.Draft202012Validator(scenario_schema())


def _data(text: str):
    tree, problems = read(text, "t.yaml")
    assert tree is not None, problems
    return tree.data


def test_the_committed_schema_is_the_generated_one():
    assert (ROOT / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text(), REGENERATE


def test_the_format_docs_are_the_generated_ones():
    assert (ROOT / DOCS_FILE).read_text(encoding="utf-8") == docs_text(), REGENERATE


def test_every_field_of_every_model_is_described_and_documented():
    docs = docs_text()
    for model in _all_models():
        assert model.__doc__, model
        for name, info in model.model_fields.items():
            if name != "kind":
                assert info.description, f"{model.__name__}.{name} has no description"
                assert f"| `{name}` |" in docs


def test_the_schema_names_itself_for_editors():
    schema = scenario_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] and schema["title"] and schema["description"]
    assert schema["additionalProperties"] is False
    _validator().check_schema(schema)


def test_the_minimal_fixture_is_valid_under_the_json_schema():
    data = _data((DATA / "minimal.yaml").read_text(encoding="utf-8"))
    assert list(_validator().iter_errors(data)) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("memory: 0.85", "memory: 1.5"),
        ("no_deal: 0", 'no_deal: "0"'),
        ("title: Climate finance", "titel: Climate finance"),
        ("kind: trust_below", "kind: trust_beneath"),
        ("first_proposer: us", "first_proposer: uk"),
        ("- id: fund", "- id: Big Fund"),
        ("value: {us: 2, cn: 1.5}", "value: {us: 2}"),
        ("obliges: [cn]", "obliges: []"),
        ("schema_version: 1", "schema_version: 3"),
        ("rounds: 4", "rounds: 0"),
        ("        delta: -0.1\n", "        delta: -0.1\n        option: pledge\n"),
    ],
)
def test_the_schema_and_the_loader_reject_the_same_type_mistakes(old, new):
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8").replace(old, new)
    assert list(_validator().iter_errors(_data(text))), "the JSON Schema accepts it"
    with pytest.raises(ScenarioError):
        load_scenario_text(text)


def test_the_shipped_scenarios_are_valid_under_the_json_schema():
    if not SHIPPED:
        pytest.skip("no scenarios/*.yaml yet")
    for path in SHIPPED:
        errors = list(_validator().iter_errors(_data(path.read_text(encoding="utf-8"))))
        assert errors == [], f"{path.name}: {errors[0].message}" if errors else ""


@pytest.mark.parametrize("path", SHIPPED or [None], ids=lambda p: p.name if p else "none")
def test_every_shipped_scenario_validates_and_points_editors_at_the_schema(path):
    if path is None:
        pytest.skip("no scenarios/*.yaml yet")
    errors = [str(p) for p in check_scenario(path) if p.is_error]
    assert errors == []
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./scenario.schema.json"


def test_the_schema_file_is_valid_json_with_the_same_content():
    assert json.loads((ROOT / SCHEMA_FILE).read_text(encoding="utf-8")) == scenario_schema()


def _pairs():
    """(format model, core dataclass) pairs that must have the same fields."""
    import dataclasses

    from game.core import scenario as core
    from game.scenario import format as fmt

    pairs = [
        (fmt.CiteModel, core.Cite),
        (fmt.SourceModel, core.Source),
        (fmt.RatesModel, core.Verification),
        (fmt.ActModel, core.Act),
        (fmt.OptionModel, core.Option),
        (fmt.IssueModel, core.Issue),
        (fmt.RoleModel, core.Role),
        (fmt.HintModel, core.Hint),
        (fmt.RedLineModel, core.RedLine),
        (fmt.PartyModel, core.Party),
        (fmt.TrustModel, core.Trust),
        (fmt.SanctionLevelModel, core.SanctionLevel),
        (fmt.SanctionsModel, core.Sanctions),
        (fmt.TriggerModel, core.Trigger),
        (fmt.EventModel, core.Event),
        (fmt.SettingsModel, core.Settings),
        (fmt.PersonalityModel, core.Personality),
        (fmt.ScenarioModel, core.Scenario),
    ]
    return [(model, {f.name: f for f in dataclasses.fields(cls)}) for model, cls in pairs]


# Core fields the format writes another way: a party's id is its key under `parties`; an
# option's per-party rates are written inside its `verification` (`us:` and `cn:`).
WRITTEN_ELSEWHERE = {"PartyModel": {"id"}, "OptionModel": {"verification_by"}}
# Optional fields whose absence (None) to_core turns into the core default.
NONE_IS_DEFAULT = {("IssueModel", "status_quo"), ("EventModel", "audience"),
                   ("OptionModel", "act"), ("HintModel", "side")}


def test_the_format_mirrors_the_core_dataclasses_field_for_field():
    for model, fields in _pairs():
        expected = set(fields) - WRITTEN_ELSEWHERE.get(model.__name__, set())
        assert set(model.model_fields) == expected, model.__name__


def test_the_verification_model_holds_the_shared_rates_and_each_partys_own():
    from game.scenario import format as fmt

    assert set(fmt.VerificationModel.model_fields) == {"detect", "false_alarm", "us", "cn"}


def test_condition_and_effect_kinds_use_only_fields_of_the_flat_dataclasses():
    import dataclasses
    import typing

    from game.core import scenario as core
    from game.scenario import format as fmt

    for union, cls in ((fmt.ConditionModel, core.Condition), (fmt.EffectModel, core.Effect)):
        names = {f.name for f in dataclasses.fields(cls)}
        for kind in typing.get_args(typing.get_args(union)[0]):
            assert set(kind.model_fields) <= names, kind.__name__


def test_optional_fields_default_to_the_dataclass_defaults():
    import dataclasses

    from pydantic import BaseModel

    for model, fields in _pairs():
        for name, info in model.model_fields.items():
            core_field = fields.get(name)
            if info.is_required() or core_field is None:
                continue
            if core_field.default is dataclasses.MISSING and \
                    core_field.default_factory is dataclasses.MISSING:
                continue  # required in the core; optional in the format only for status quo
            if info.default is None and (model.__name__, name) in NONE_IS_DEFAULT:
                continue
            ours = info.default
            ours = ours.to_core() if isinstance(ours, BaseModel) else ours
            ours = tuple(ours) if isinstance(ours, list) else ours
            theirs = core_field.default
            if theirs is dataclasses.MISSING:
                theirs = core_field.default_factory()
            assert ours == theirs, f"{model.__name__}.{name}"
