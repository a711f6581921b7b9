"""A record with the quick __init__ is made exactly as its dataclass would make it."""

import dataclasses
import inspect

import pytest

from game.core.events import EVENT_KINDS
from game.core.payoff import RoundStatement, StatementItem
from game.core.plain import added, quick_init
from game.core.state import Commitment, Incident, LedgerEntry, SanctionInForce


def _record():
    @dataclasses.dataclass(frozen=True)
    class Record:
        round: int
        party: str
        terms: tuple = ()
        seen: dict = added(default_factory=dict)
        audience: str = added("", kw_only=True)

    return Record


def _parameters(init) -> list[tuple[str, object, object]]:
    return [(p.name, p.kind, p.default) for p in inspect.signature(init).parameters.values()]


def test_the_quick_init_takes_the_same_arguments_and_makes_an_equal_frozen_record():
    plain, quick = _record(), quick_init(_record())
    for args, kwargs in (((1, "us"), {}), ((2, "cn", (("a", "b"),), {"x": 1}), {"audience": "us"})):
        made = quick(*args, **kwargs)
        assert dataclasses.asdict(made) == dataclasses.asdict(plain(*args, **kwargs))
    assert quick(1, "us").seen is not quick(1, "us").seen  # a fresh default each time
    with pytest.raises(dataclasses.FrozenInstanceError):
        quick(1, "us").round = 2  # type: ignore[misc]
    with pytest.raises(TypeError):
        quick(1, "us", (), {}, "us")  # audience is keyword-only, as in the dataclass
    names = [(n, k) for n, k, _ in _parameters(plain.__init__)]
    assert [(n, k) for n, k, _ in _parameters(quick.__init__)] == names


@pytest.mark.parametrize("cls", [*EVENT_KINDS.values(), Commitment, Incident, LedgerEntry,
                                 SanctionInForce, StatementItem, RoundStatement])
def test_every_quick_record_takes_its_fields_in_the_dataclass_order(cls):
    fields = [f for f in dataclasses.fields(cls) if f.init]
    positional = [f.name for f in fields if not f.kw_only]
    keyword = [f.name for f in fields if f.kw_only]
    parameters = _parameters(cls.__init__)[1:]
    assert [n for n, k, _ in parameters if k is inspect.Parameter.POSITIONAL_OR_KEYWORD] == \
        positional
    assert [n for n, k, _ in parameters if k is inspect.Parameter.KEYWORD_ONLY] == keyword
    defaults = {n: default for n, _, default in parameters}
    for f in fields:
        if f.default is not dataclasses.MISSING:
            assert defaults[f.name] == f.default
