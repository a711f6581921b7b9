"""Small scenarios built in Python, so engine tests need no YAML loader."""

from __future__ import annotations

from dataclasses import replace

from game.core.scenario import (
    Condition,
    Effect,
    Event,
    Issue,
    Option,
    Party,
    RedLine,
    Role,
    SanctionLevel,
    Sanctions,
    Scenario,
    Settings,
    Trigger,
    Trust,
    Verification,
)


def option(
    oid,
    obliges=("us", "cn"),
    value=(2.0, 2.0),
    temptation=(1.0, 1.0),
    detect=0.6,
    false_alarm=0.1,
    label="",
):
    """An option with values and temptations given as (us, cn)."""
    return Option(
        id=oid,
        label=label or oid.title(),
        obliges=tuple(obliges),
        value={"us": value[0], "cn": value[1]},
        temptation={"us": temptation[0], "cn": temptation[1]},
        verification=Verification(detect=detect, false_alarm=false_alarm),
    )


def two_issue_scenario(
    rounds=3, exchanges=3, events=(), red_lines_cn=(), memory=0.85, first_proposer="us"
) -> Scenario:
    """Cyber (pledge or dialogue, both obliged) and maritime (cn-only halt)."""
    cyber = Issue(
        "cyber",
        "Cyber-enabled theft of trade secrets",
        (
            option("pledge", value=(2.0, 1.0), temptation=(1.0, 3.0), detect=0.2, false_alarm=0.05),
            option(
                "dialogue", value=(3.0, 1.5), temptation=(1.0, 3.0), detect=0.7, false_alarm=0.1
            ),
        ),
    )
    maritime = Issue(
        "maritime",
        "Maritime security",
        (
            option(
                "halt",
                obliges=("cn",),
                value=(4.0, -1.0),
                temptation=(0.0, 2.5),
                detect=0.8,
                false_alarm=0.05,
            ),
        ),
    )
    parties = {
        "us": Party(
            "us",
            "United States",
            "US brief",
            (Role("ustr", "USTR", "Trade brief"),),
            {"cyber": 1.0, "maritime": 1.0},
            no_deal=0.5,
        ),
        "cn": Party(
            "cn",
            "China",
            "CN brief",
            (Role("mofa", "MOFA", "Foreign brief"),),
            {"cyber": 1.0, "maritime": 0.5},
            no_deal=0.5,
            red_lines=tuple(red_lines_cn),
        ),
    }
    return Scenario(
        schema_version=1,
        id="two-issue",
        title="Two issues",
        summary="A small test scenario.",
        date="2015-09-25",
        sources=(),
        parties=parties,
        issues=(cyber, maritime),
        trust=Trust(
            initial={"us": 0.5, "cn": 0.5},
            strength=4.0,
            memory=memory,
            grid=101,
            relationship_weight=10.0,
            unjustified_penalty=0.5,
        ),
        sanctions=Sanctions(
            (
                SanctionLevel("targeted", "Targeted sanctions", 2.0, 0.5),
                SanctionLevel("broad", "Broad sanctions", 5.0, 2.0),
            ),
            decay=0.5,
        ),
        events=tuple(events),
        settings=Settings(rounds=rounds, exchanges=exchanges, first_proposer=first_proposer),
    )


def news_events() -> tuple[Event, ...]:
    """Three news items: a round-2 salience shock, a conditional trust shock, an injectable one."""
    return (
        Event(
            "summit",
            "Summit",
            "Leaders meet.",
            Trigger(rounds=(2,)),
            (Effect("salience", party="us", issue="cyber", factor=2.0),),
        ),
        Event(
            "hack",
            "A hack",
            "A breach is reported.",
            Trigger(conditions=(Condition("commitment", issue="cyber"),)),
            (Effect("trust", party="us", issue="cyber", delta=-0.2), Effect("flag", flag="hacked")),
        ),
        Event(
            "embargo",
            "Embargo",
            "Congress acts.",
            Trigger(rounds=(99,)),
            (
                Effect("sanction", party="us", level="targeted"),
                Effect("reveal", party="cn", issue="maritime"),
            ),
        ),
    )


def with_red_line() -> Scenario:
    """The two-issue scenario where China refuses the dialogue option."""
    return two_issue_scenario(red_lines_cn=(RedLine("cyber", ("dialogue",), "no inspectors"),))


def strict_verification(scenario: Scenario) -> Scenario:
    """Every option detects every violation and never raises a false alarm."""
    issues = tuple(
        replace(
            i, options=tuple(replace(o, verification=Verification(1.0, 0.0)) for o in i.options)
        )
        for i in scenario.issues
    )
    return replace(scenario, issues=issues)


def format2_scenario(rounds=4, exchanges=3, events=(), levels=(), red_lines=((), ())) -> Scenario:
    """Four issues with every format 2 construct: a status quo and a status quo option (cyber),
    per-party verification, an option off the table that requires the dialogue's act, a one-off
    act (the dialogue's first meeting), and two options that come only as a package (the US
    lifts a listing, once; China cracks down on precursor exporters, every round)."""
    from game.core.scenario import Act

    cyber = Issue("cyber", "Cyber theft", (
        replace(option("frozen", obliges=(), value=(0.0, 0.0), temptation=(0.0, 0.0)),
                status_quo=True),
        replace(option("pledge", value=(3.0, 1.0), temptation=(1.0, 2.0), detect=0.2,
                       false_alarm=0.05),
                verification_by={"cn": Verification(0.6, 0.05)}),
        replace(option("norms", value=(4.0, 1.5), temptation=(1.0, 2.0), detect=0.5),
                available=False, requires=(("dialogue", "meeting"),)),
    ), status_quo={"us": -1.0, "cn": 0.5})
    dialogue = Issue("dialogue", "The cybercrime dialogue", (
        replace(option("meeting", value=(2.0, 1.0), temptation=(0.5, 1.0), detect=0.9,
                       false_alarm=0.01), act=Act(1)),
    ))
    listing = Issue("listing", "An entity listing", (
        replace(option("delist", obliges=("us",), value=(-1.0, 3.0), temptation=(2.0, 0.0),
                       detect=1.0, false_alarm=0.0),
                act=Act(0), requires=(("precursors", "crackdown"),)),
    ))
    precursors = Issue("precursors", "Precursor exports", (
        replace(option("crackdown", obliges=("cn",), value=(4.0, -1.0), temptation=(0.0, 2.0),
                       detect=0.4, false_alarm=0.05),
                requires=(("listing", "delist"),)),
    ), status_quo={"us": -2.0, "cn": 0.0})
    base = two_issue_scenario(rounds=rounds, exchanges=exchanges, events=events)
    weights = {"cyber": 1.0, "dialogue": 1.0, "listing": 1.0, "precursors": 1.0}
    parties = {p: replace(base.parties[p], weights=weights, no_deal=0.0,
                          red_lines=tuple(red_lines[n]))
               for n, p in enumerate(("us", "cn"))}
    sanctions = replace(base.sanctions, levels=base.sanctions.levels + tuple(levels))
    return replace(base, schema_version=2, id="format2", parties=parties,
                   issues=(cyber, dialogue, listing, precursors), sanctions=sanctions)


def opened_by(scenario: Scenario, side: str) -> Scenario:
    """The scenario with `side` opening round 1 in every game (the 2015 lesson scenarios draw
    who opens for each game: first_proposer "lot"), for scripted games that need one opener."""
    return replace(scenario, settings=replace(scenario.settings, first_proposer=side))
