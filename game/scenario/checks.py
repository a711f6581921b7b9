"""Checks the types cannot express: unique ids, references between elements, design warnings.

They run on the raw data even when the schema found problems, so one pass reports
everything; anything malformed is skipped here (the schema reports it).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from game.scenario.fields import BUILTIN_PERSONALITIES, BUILTIN_RESPONSES
from game.scenario.format import OptionModel
from game.scenario.problems import short
from game.words import count

PARTIES = ("us", "cn")
NAMES = {"us": "the US", "cn": "China"}
Path = tuple[Any, ...]
MAX_HINTS = 5000  # candidate comparisons spent on did-you-mean suggestions
_NEEDS_DEFINITIONS = {"unknown-issue", "unknown-option", "unknown-source", "unknown-level"}


@dataclass(frozen=True)
class Finding:
    """A problem at a data path; at_key points at the mapping key rather than its value."""

    path: Path
    severity: str
    message: str
    code: str
    at_key: bool = False


def _entries(data: Any, key: str, path: Path) -> Iterator[tuple[Path, dict]]:
    """(path, mapping) for each mapping in the list data[key]."""
    items = data.get(key) if isinstance(data, dict) else None
    if isinstance(items, list):
        for i, item in enumerate(items):
            if isinstance(item, dict):
                yield (*path, key, i), item


def _mapping(data: Any, key: str) -> dict:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


class _Checker:
    """Collects findings over one scenario's raw data."""

    def __init__(self, data: dict) -> None:
        self.data = data
        self.found: list[Finding] = []
        self.issues: dict[str, set[str]] = {}  # issue id -> option ids
        self.issue_ids: set[str] = set()
        self.hints = MAX_HINTS
        rounds = _mapping(data, "settings").get("rounds", 6)
        self.rounds = rounds if type(rounds) is int and rounds >= 1 else None

    def add(
        self, path: Path, message: str, code: str, *, warning: bool = False, at_key: bool = False
    ) -> None:
        self.found.append(Finding(path, "warning" if warning else "error", message, code, at_key))

    def unique(self, entries: list[tuple[Path, dict]], what: str) -> set[str]:
        """Ids of entries, reporting each repeat at its id."""
        seen: set[str] = set()
        for path, entry in entries:
            ident = _text(entry.get("id"))
            if ident is None:
                continue
            if ident in seen:
                self.add((*path, "id"), f"duplicate {what} id '{short(ident)}'", "duplicate-id")
            seen.add(ident)
        return seen

    def ref(
        self, path: Path, value: Any, known: set[str], what: str, code: str, at_key: bool = False
    ) -> None:
        """Report value at path unless it names one of known."""
        if not known and code in _NEEDS_DEFINITIONS:
            return  # nothing defined at all: the schema already says so
        if isinstance(value, str) and value and value not in known:
            self.hints -= len(known)  # each suggestion costs O(known): bound the total
            close = difflib.get_close_matches(value, sorted(known), n=1) if self.hints > 0 else []
            names = sorted(known) if len(known) <= 12 else []
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else f"known: {', '.join(names)}"
                if names
                else "none is defined"
                if not known
                else f"{len(known)} are defined"
            )
            self.add(path, f"unknown {what} '{short(value)}'; {hint}", code, at_key=at_key)

    def issue_ref(self, path: Path, entry: dict, key: str = "issue") -> None:
        self.ref((*path, key), entry.get(key), self.issue_ids, "issue", "unknown-issue")

    def listed_twice(self, path: Path, items: Any) -> None:
        """Report every repeat in a list of ids (or of id pairs) at the repeat."""
        if not isinstance(items, list):
            return
        for i, item in enumerate(items):
            if isinstance(item, str | dict) and item in items[:i]:
                shown = item if isinstance(item, str) else ", ".join(
                    f"{k}: {v}" for k, v in item.items())
                self.add((*path, i), f"'{short(shown)}' is listed twice", "duplicate-id")

    def run(self) -> list[Finding]:
        every = []
        for path, issue in _entries(self.data, "issues", ()):
            options = list(_entries(issue, "options", path))
            ids = self.unique(options, "option")
            if isinstance(issue.get("id"), str):
                self.issues.setdefault(issue["id"], ids)
            every += [(opath, option, issue.get("id")) for opath, option in options]
        self.issue_ids = set(self.issues)
        for opath, option, issue_id in every:
            self.option(opath, option)
            self.links(opath, option, issue_id)
        self.unique(list(_entries(self.data, "issues", ())), "issue")
        self.sources()
        for party in PARTIES:
            self.party(("parties", party), _mapping(_mapping(self.data, "parties"), party))
        self.sanctions()
        self.events()
        self.unique(list(_entries(self.data, "personalities", ())), "personality")
        self.hint_rounds()
        return self.found

    def hint_rounds(self) -> None:
        """Hint ids are unique; a hint's round comes in the game."""
        hints = list(_entries(self.data, "hints", ()))
        self.unique(hints, "hint")
        for path, hint in hints:
            number = hint.get("round")
            if type(number) is int and self.rounds is not None and number > self.rounds:
                self.add((*path, "round"), f"round {number} is after the last round "
                         f"({self.rounds}): this hint is never shown", "unreachable",
                         warning=True)

    def option(self, path: Path, option: dict) -> None:
        if option.get("status_quo") is True:
            for key in ("obliges", "value", "temptation", "verification", "act"):
                if key in option:
                    self.add((*path, key), f"a status quo option binds nobody and is worth the "
                             f"issue's status quo: remove '{key}'", "status-quo", at_key=True)
            return
        fields = list(OptionModel.model_fields)
        typos = {m for k in option if k not in fields for m in difflib.get_close_matches(
            str(k), fields, n=1)}  # "unknown field 'verificaton'; did you mean ...?" says it
        for key in OptionModel.REQUIRED_UNLESS_STATUS_QUO:
            if key not in option and key not in typos:
                self.add((*path, key), f"missing required field '{key}'", "missing", at_key=True)
        obliges = option.get("obliges")
        obliges = obliges if isinstance(obliges, list) else []
        if not all(party in PARTIES for party in obliges):
            obliges = []  # reported as a wrong choice: judging temptations by it misleads
        self.listed_twice((*path, "obliges"), obliges)
        act = _mapping(option, "act")
        due = act.get("due", 0)
        if self.rounds is not None and type(due) is int and 0 < self.rounds <= due:
            self.add((*path, "act", "due"),
                     f"due {count(due, 'round')} after signing: in a game of "
                     f"{count(self.rounds, 'round')} it never comes due", "unreachable",
                     warning=True)
        temptation = _mapping(option, "temptation")
        for party in PARTIES:
            gain = temptation.get(party)
            if not isinstance(gain, int | float) or isinstance(gain, bool):
                continue
            if party in obliges and gain == 0:
                self.add(
                    (*path, "temptation", party),
                    f"temptation for '{party}' is 0: keeping this commitment is no dilemma",
                    "no-dilemma",
                    warning=True,
                )
            elif party not in obliges and gain != 0 and obliges:
                self.add(
                    (*path, "temptation", party),
                    f"'{party}' is not obliged by this option, so its temptation is never used",
                    "unused",
                    warning=True,
                )
        if "verification" in option:
            self.verification((*path, "verification"), _mapping(option, "verification"), obliges)

    def verification(self, path: Path, check: dict, obliges: list) -> None:
        """Rates for every obliged party: the shared pair, or the party's own."""
        shared = [k for k in ("detect", "false_alarm") if k in check]
        own = [p for p in PARTIES if isinstance(check.get(p), dict)]
        if len(shared) == 1 or not (shared or own):
            for key in ("detect", "false_alarm"):
                if key not in check:
                    self.add((*path, key), f"missing required field '{key}'", "missing",
                             at_key=True)
        elif not shared:
            for party in obliges:
                if party in PARTIES and party not in own:
                    self.add(path, f"no rates for '{party}', which the option obliges: give "
                             f"detect and false_alarm, or {party}: {{detect, false_alarm}}",
                             "missing")
        for party in own:
            if obliges and party not in obliges:
                self.add((*path, party), f"'{party}' is not obliged by this option, so its "
                         "rates are never used", "unused", warning=True)
        for where, rates in ((path, check), *(((*path, p), check[p]) for p in own)):
            detect, false_alarm = rates.get("detect"), rates.get("false_alarm")
            numbers = all(
                isinstance(x, int | float) and not isinstance(x, bool)
                for x in (detect, false_alarm)
            )
            if numbers and false_alarm >= detect:
                self.add(
                    where,
                    "false_alarm >= detect: a reported violation is no evidence of one",
                    "uninformative",
                    warning=True,
                )

    def links(self, path: Path, option: dict, issue: Any) -> None:
        """Each required option exists, on another issue, at most once per issue."""
        requires = option.get("requires")
        self.listed_twice((*path, "requires"), requires)
        seen: set[str] = set()
        for lpath, link in _entries(option, "requires", path):
            self.issue_ref(lpath, link)
            other = link.get("issue")
            options = self.issues.get(other)  # type: ignore[arg-type]
            if options is not None:
                self.ref((*lpath, "option"), link.get("option"), options, "option",
                         "unknown-option")
            if other == issue and link.get("option") == option.get("id"):
                self.add((*lpath, "option"), "an option cannot require itself: name an option "
                         "of another issue", "link")
            elif other == issue:
                self.add((*lpath, "issue"), "an option cannot require another option of its "
                         "own issue (only one option per issue is signed)", "link")
            elif isinstance(other, str) and other in seen and link not in requires[:lpath[-1]]:
                self.add((*lpath, "issue"), f"two options of issue '{short(other)}' are "
                         "required: only one can be signed", "link")
            if isinstance(other, str):
                seen.add(other)

    def sources(self) -> None:
        defined = list(_entries(self.data, "sources", ()))
        ids = self.unique(defined, "source")
        cited: set[str] = set()
        for path, cite in self.cites(self.data, ()):
            source = cite.get("source")
            if isinstance(source, str):
                cited.add(source)
                self.ref((*path, "source"), source, ids, "source", "unknown-source")
                if source not in ids:  # a misspelt cite: its error names the source meant
                    cited.update(difflib.get_close_matches(source, sorted(ids), n=1))
        for path, source in defined:
            ident = _text(source.get("id"))
            if ident is not None and ident not in cited:
                self.add(
                    (*path, "id"),
                    f"source '{short(ident)}' is never cited",
                    "unused-source",
                    warning=True,
                )

    def cites(self, data: Any, path: Path) -> Iterator[tuple[Path, dict]]:
        """Every cite entry anywhere in the tree."""
        if isinstance(data, dict):
            if isinstance(data.get("cite"), list):
                yield from _entries(data, "cite", path)
            for key, value in data.items():
                if key != "cite":
                    yield from self.cites(value, (*path, key))
        elif isinstance(data, list):
            for i, value in enumerate(data):
                yield from self.cites(value, (*path, i))

    def party(self, path: Path, party: dict) -> None:
        if not party:
            return
        weights = party.get("weights")
        if isinstance(weights, dict):
            self.weights(path, weights)
        roles = list(_entries(party, "roles", path))
        self.unique(roles, "role")
        for rpath, role in roles:
            priorities = role.get("priorities")
            self.listed_twice((*rpath, "priorities"), priorities)
            if isinstance(priorities, list):
                for i, issue in enumerate(priorities):
                    self.ref(
                        (*rpath, "priorities", i), issue, self.issue_ids, "issue", "unknown-issue"
                    )
        forbidden: dict[str, set[str]] = {}  # issue -> options its red lines forbid
        for lpath, line in _entries(party, "red_lines", path):
            self.issue_ref(lpath, line)
            options = self.issues.get(line.get("issue"))  # type: ignore[arg-type]
            forbid = line.get("forbid")
            self.listed_twice((*lpath, "forbid"), forbid)
            if options is not None and isinstance(forbid, list):
                for i, option in enumerate(forbid):
                    self.ref((*lpath, "forbid", i), option, options, "option", "unknown-option")
                issue = line["issue"]
                before = forbidden.get(issue, set())
                forbidden[issue] = before | {o for o in forbid if isinstance(o, str)}
                if options and options <= forbidden[issue] and not options <= before:
                    self.add(
                        (*lpath, "forbid"),
                        f"red lines forbid every option of issue '{short(issue)}', so "
                        f"{NAMES.get(path[-1], short(path[-1]))} can never agree on it: allow "
                        "one, or drop the issue",
                        "red-line-all",
                        warning=True,
                    )
        known = {_text(p.get("id")) for _, p in _entries(self.data, "personalities", ())}
        known = {k for k in known if k} | set(BUILTIN_PERSONALITIES)
        self.ref(
            (*path, "personality"),
            party.get("personality"),
            known,
            "personality",
            "unknown-personality",
        )

    def weights(self, path: Path, weights: dict) -> None:
        """Every issue needs a weight; a misspelt issue key is one problem, not two."""
        missing = [issue for issue in self.issues if issue not in weights]
        for key in weights:
            close = []
            if isinstance(key, str) and key not in self.issue_ids:
                close = difflib.get_close_matches(key, missing, n=1)
            if close:  # "unknown issue 'maritme'; did you mean 'maritime'?" covers both
                missing.remove(close[0])
                self.add(
                    (*path, "weights", key),
                    f"unknown issue '{short(key)}'; did you mean '{close[0]}'?",
                    "unknown-issue",
                    at_key=True,
                )
                continue
            self.ref((*path, "weights", key), key, self.issue_ids, "issue", "unknown-issue",
                     at_key=True)
        for issue in missing:
            self.add((*path, "weights"), f"no weight for issue '{short(issue)}'", "missing-weight")

    def sanctions(self) -> None:
        levels = list(_entries(_mapping(self.data, "sanctions"), "levels", ("sanctions",)))
        self.levels = self.unique(levels, "sanction level")
        for path, level in levels:
            if level.get("issue"):
                self.issue_ref(path, level)
            if level.get("id") in BUILTIN_RESPONSES:
                self.add(
                    (*path, "id"),
                    f"'{level['id']}' is a built-in response; give the sanction level another id",
                    "reserved-id",
                )

    def events(self) -> None:
        events = list(_entries(self.data, "events", ()))
        self.unique(events, "event")
        set_flags = {
            effect.get("flag")
            for _, event in events
            for _, effect in _entries(event, "effects", ())
            if effect.get("kind") == "flag" and effect.get("set", True) is not False
        }
        for path, event in events:
            trigger = _mapping(event, "trigger")
            rounds = trigger.get("rounds")
            if isinstance(rounds, list) and self.rounds is not None:
                for i, number in enumerate(rounds):
                    if isinstance(number, int) and number > self.rounds:
                        self.add(
                            (*path, "trigger", "rounds", i),
                            f"round {number} is after the "
                            f"last round ({self.rounds}): it never fires",
                            "unreachable",
                            warning=True,
                        )
            self.conditions(trigger, (*path, "trigger"), set_flags)
            for epath, effect in _entries(event, "effects", path):
                self.effect(epath, effect)

    def conditions(self, parent: dict, path: Path, set_flags: set) -> None:
        """References in a list of conditions (and in the lists `any` holds)."""
        for cpath, condition in _entries(parent, "conditions", path):
            kind = condition.get("kind")
            if kind == "any":
                self.conditions(condition, cpath, set_flags)
                continue
            self.issue_ref(cpath, condition)
            options = self.issues.get(condition.get("issue"))  # type: ignore[arg-type]
            if kind == "commitment" and condition.get("option") and options is not None:
                self.ref((*cpath, "option"), condition.get("option"), options, "option",
                         "unknown-option")
            flag = condition.get("flag")
            if kind in ("flag", "not_flag") and isinstance(flag, str) and flag not in set_flags:
                self.add(
                    (*cpath, "flag"),
                    f"flag '{short(flag)}' is never set by an event's flag effect",
                    "unknown-flag",
                )

    def effect(self, path: Path, effect: dict) -> None:
        self.issue_ref(path, effect)
        kind = effect.get("kind")
        options = self.issues.get(effect.get("issue"))  # type: ignore[arg-type]
        named = ("value", "add_option", "withdraw_option", "end_commitment", "verification")
        if kind in named and options is not None and effect.get("option", "") != "":
            self.ref((*path, "option"), effect.get("option"), options, "option", "unknown-option")
        if kind == "sanction":
            self.ref(
                (*path, "level"),
                effect.get("level"),
                self.levels,
                "sanction level",
                "unknown-level",
            )


def check(data: Any) -> list[Finding]:
    """Reference and design findings for a scenario's raw data."""
    return _Checker(data).run() if isinstance(data, dict) else []
