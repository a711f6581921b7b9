"""The table: the one driver of a game, for every seat and every shell.

An action travels seat -> `Table.submit` (version checked, rules applied by the core, the
journal line written and fsynced) -> events -> every seat's view, filtered by what that seat
may see. Bots play their seats through the same path (`run_bots`), within a time limit.
Nothing a seat may not see leaves the table: `view` and `events_since` are built for one seat.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from game.ai.difficulty import DIFFICULTIES
from game.ai.registry import AGENTS, make_agent
from game.core import engine
from game.core.actions import Action, Advance
from game.core.events import GameEvent, seen_by
from game.core.observe import Observation, observe
from game.core.record import GameRecord, scenario_hash
from game.core.scenario import PARTIES, Scenario
from game.core.seeds import derive_seed
from game.core.state import GameState, Score
from game.table import bots, keys
from game.table.journal import Contents, Entry, Header, JournalError, JournalWriter, read_journal

HUMAN = "human"
FACILITATOR = "facilitator"
DEFAULT_BOT = "standard"


class TableRefusal(ValueError):
    """An action the table refused; nothing changed. `code` says why in one word."""

    code = "refused"


class StaleVersion(TableRefusal):
    """The action was made against a view the game has moved past."""

    code = "stale"


class UnknownSeat(TableRefusal):
    """No such seat in this game."""

    code = "unknown-seat"


class WrongSeat(TableRefusal):
    """An action for another seat, or for a seat an agent plays."""

    code = "wrong-seat"


class OutOfTurn(TableRefusal):
    """The game is not waiting for this seat's party now."""

    code = "out-of-turn"


class IllegalMove(TableRefusal):
    """The rules forbid the action now; `.illegal` is the core's IllegalAction."""

    code = "illegal"

    def __init__(self, illegal: engine.IllegalAction) -> None:
        super().__init__(str(illegal))
        self.illegal = illegal


class UnverifiedSave(JournalError):
    """A save whose digests do not match this installation's key (edited, or made elsewhere)."""


@dataclass(frozen=True)
class Receipt:
    """An accepted action: the version it made and the events it caused that the seat may see."""

    version: int
    events: tuple[GameEvent, ...]
    duplicate: bool = False  # the same action id was sent before: nothing was applied again


@dataclass(frozen=True)
class Update:
    """An event and the version of the game that it belongs to (0: the opening news)."""

    version: int
    event: GameEvent


@dataclass(frozen=True)
class Move:
    """An action a bot played, and the version it made."""

    seat: str
    action: Action
    version: int


def fingerprint(state: GameState) -> str:
    """A short digest of where a game stands, journalled with each action: a save replayed by
    other rules (another Truce version) is caught at the first action where they differ."""
    text = (f"{state.round}|{state.phase}|{state.banked[0]!r}|{state.banked[1]!r}|"
            f"{len(state.history)}|{state.offers}|{len(state.incidents)}")
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def agent_seed(seed: int, party: str) -> int:
    """An agent's seed: fixed by the game's seed and its seat, so resuming changes nothing."""
    return derive_seed(seed, "agent", party)


def seat_names(scenario: Scenario) -> tuple[str, ...]:
    """Every seat of a game: the parties, their role seats, the facilitator and the public."""
    roles = tuple(f"{p}.{r.id}" for p in PARTIES for r in scenario.parties[p].roles)
    return (*PARTIES, *roles, FACILITATOR, "public")


class Table:
    """One game in progress: its state, seats, bots, clock and journal. Open or resume one with
    `Table.open` / `Table.resume`; every method is safe to call from several threads."""

    def __init__(self, scenario: Scenario, seed: int, seats: Mapping[str, object], *,
                 writer: JournalWriter | None, game_id: str, fill: str = DEFAULT_BOT,
                 move_limit: float | None = bots.MOVE_LIMIT,
                 clock: Callable[[], float] = time.monotonic,
                 timers: Mapping[str, float] | None = None,
                 on_stuck: Callable[[str], None] = bots.give_up) -> None:
        self.scenario = scenario
        self.seed = seed
        self.id = game_id
        self.move_limit = move_limit
        self.clock = clock
        self.timers = dict(scenario.settings.timers if timers is None else timers)
        self.on_stuck = on_stuck
        self.writer = writer
        self.branch = 0  # how many times the facilitator took the game back
        self._lock = threading.RLock()
        self.humans, self.bots, self.seats = _seat_plan(scenario, seed, seats, fill)
        self.state = engine.new_game(scenario, seed)
        self._caused: list[tuple[GameEvent, ...]] = [self.state.history]
        self._ids: list[str] = []  # the action id of every action in the line of play
        self._receipts: dict[str, Receipt] = {}
        self._phase = (self.state.round, self.state.phase)
        self._phase_started = clock()
        self._paused_at: float | None = None
        self._paused_for = 0.0

    # -- opening and resuming ---------------------------------------------------------------
    @classmethod
    def open(cls, scenario: Scenario, seed: int, seats: Mapping[str, object] | None = None,
             journal: str | Path | None = None, *, meta: Mapping[str, str] | None = None,
             scenario_path: str = "", key: bytes | None = None, **options) -> Table:
        """A new game. `seats` maps seats ("us", "cn", "us.<role>", ...) to HUMAN, an agent
        name or spec, or an agent object; a party with no seat there gets a `fill` bot. With a
        journal path, every action is journalled there (the file is made at the first move; a
        path that exists already is refused here, JournalError, rather than at that move)."""
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
            raise ValueError(f"the seed must be a whole number from 0 to 2**63-1, got {seed!r}")
        if journal is not None and os.path.lexists(journal):
            raise JournalError(f"{journal}: a save with this name exists already (continue it "
                               "with Table.resume, or journal this game elsewhere)")
        game_id = uuid.uuid4().hex
        table = cls(scenario, seed, seats or {}, writer=None, game_id=game_id, **options)
        if journal is not None:
            header = Header(game_id, scenario.id, scenario_hash(scenario), str(scenario_path),
                            seed, table.seats, dict(meta or {}),
                            time.strftime("%Y-%m-%dT%H:%M:%S%z"))
            table.writer = JournalWriter(journal, key if key is not None else
                                         keys.installation_key(), header)
        return table

    @classmethod
    def resume(cls, journal: str | Path, scenario: Scenario, *,
               agents: Mapping[str, object] | None = None, allow_unverified: bool = False,
               read_only: bool = False, key: bytes | None = None, **options) -> Table:
        """A game continued from its journal: the line of play replayed and checked, bots
        rebuilt from their names (a plug-in agent must be passed again in `agents`: a save
        never imports code), and further actions appended to the same journal."""
        contents = read_journal(journal, key if key is not None else keys.installation_key())
        return cls.from_contents(contents, scenario, agents=agents,
                                 allow_unverified=allow_unverified, read_only=read_only,
                                 key=key, **options)

    @classmethod
    def from_contents(cls, contents: Contents, scenario: Scenario, *,
                      agents: Mapping[str, object] | None = None, allow_unverified: bool = False,
                      read_only: bool = False, key: bytes | None = None, **options) -> Table:
        """A table from a journal already read (see `resume`)."""
        header, name = contents.header, contents.path
        if not contents.verified and not allow_unverified:
            raise UnverifiedSave(f"{name}: this save cannot be verified ({contents.problem}): it "
                                 "was edited, or made by another installation of Truce")
        if header.scenario_id != scenario.id:
            raise JournalError(f"{name}: the save is for scenario {header.scenario_id!r}, "
                               f"not {scenario.id!r}")
        if header.scenario_hash != scenario_hash(scenario):
            raise JournalError(f"{name}: scenario {scenario.id!r} has changed since the game "
                               "was saved; resume it with the scenario file it was played on "
                               "(truce play FILE --load SAVE), or start a new game")
        seats = {**_rebuild_seats(header.seats, agents or {}, name), **(agents or {})}
        table = cls(scenario, header.seed, seats, writer=None, game_id=header.game, **options)
        table._replay(contents)
        if not read_only:
            table.writer = JournalWriter(name, key if key is not None else
                                         keys.installation_key(), header, existing=contents)
        return table

    def _replay(self, contents: Contents) -> None:
        """Apply the journal's entries in order, checking each action's fingerprint (a
        problem names the file's line: the header is line 1, entry n is line n + 1)."""
        edited = "" if contents.verified else " (the save was edited)"
        why_different = ("was made by another version of the rules" if contents.verified else
                         "was edited, or made by another version of the rules")
        for n, entry in enumerate(contents.entries, start=1):
            if entry.kind == "undo":
                self._take_back(entry.version)
            elif entry.kind == "pause":
                self._paused_at = self.clock()
            elif entry.kind == "unpause":
                self._paused_at = None
            elif entry.action is not None:
                try:
                    state, events = engine.step(self.state, entry.action)
                except engine.IllegalAction as illegal:
                    raise JournalError(f"{contents.path}:{n + 1}: the move does not replay: "
                                       f"{illegal}{edited}") from None
                if entry.fingerprint and entry.fingerprint != fingerprint(state):
                    raise JournalError(f"{contents.path}:{n + 1}: the move replays differently "
                                       f"(the save {why_different})")
                self._commit(state, events, entry.action_id)

    # -- what a seat sees ---------------------------------------------------------------------
    @property
    def version(self) -> int:
        """The number of actions applied in the current line of play."""
        return len(self.state.actions)

    def view(self, seat: str) -> Observation:
        """What `seat` may know now (its `version` says which moment it shows)."""
        with self._lock:
            try:
                return observe(self.state, seat)
            except ValueError:
                raise UnknownSeat(f"there is no seat {seat!r} in this game") from None

    def events_since(self, seat: str, version: int, branch: int | None = None
                     ) -> tuple[Update, ...]:
        """The events `seat` may see that came after `version`, in order (everything once the
        game is over). StaleVersion if the game was taken back past `version` since."""
        with self._lock:
            if engine.party_of(self.state, seat) is None and seat != "public":
                raise UnknownSeat(f"there is no seat {seat!r} in this game")
            if (branch is not None and branch != self.branch) or version > self.version:
                raise StaleVersion(f"the game was taken back to version {self.version}: "
                                   "redraw from a fresh view")
            everything = engine.is_over(self.state) or seat == FACILITATOR
            return tuple(
                Update(v, e)
                for v in range(max(version, -1) + 1, len(self._caused))
                for e in self._caused[v]
                if everything or seen_by(e, seat)
            )

    def waiting_for(self) -> tuple[str, ...]:
        """The parties the game waits for now."""
        return engine.awaiting(self.state)

    def humans_owed(self) -> tuple[str, ...]:
        """The parties played by people that the game waits for now."""
        return tuple(p for p in engine.awaiting(self.state) if p not in self.bots)

    @property
    def over(self) -> bool:
        """Whether the last round has been scored."""
        return engine.is_over(self.state)

    def scores(self) -> dict[str, Score]:
        """Each party's score so far (final once the game is over): for the debrief."""
        return engine.final_scores(self.state)

    def record(self) -> GameRecord:
        """The game as scenario, seed and action log (the current line of play)."""
        return GameRecord(self.scenario, self.seed, self.state.actions)

    # -- acting ---------------------------------------------------------------------------------
    def submit(self, seat: str, action: Action, expected_version: int, action_id: str = "",
               branch: int | None = None) -> Receipt:
        """Apply a person's action made against the view at `expected_version`.

        Refused with a TableRefusal (and nothing changed) when the version is stale, the seat
        unknown or played by an agent, the action is another seat's, out of turn or illegal.
        An `action_id` already applied returns its first receipt again, applying nothing.
        """
        with self._lock:
            if action_id and action_id in self._receipts:
                first = self._receipts[action_id]
                return Receipt(first.version, first.events, duplicate=True)
            party = engine.party_of(self.state, seat)
            if seat == "public":
                raise UnknownSeat("the public seat only watches: it cannot act")
            if party is None:
                raise UnknownSeat(f"there is no seat {seat!r} in this game")
            if getattr(action, "seat", None) != seat:
                raise WrongSeat(f"seat {seat} sent an action for {getattr(action, 'seat', '?')}")
            if party in self.bots:
                raise WrongSeat(f"seat {seat} is played by an agent in this game")
            if (branch is not None and branch != self.branch) or expected_version != self.version:
                raise StaleVersion(f"the game is at version {self.version}, not "
                                   f"{expected_version}: look again before you act")
            if party in PARTIES and not engine.is_over(self.state) \
                    and party not in engine.awaiting(self.state):
                raise OutOfTurn(f"the game is not waiting for {seat} now")
            return self._apply(seat, action, action_id)

    def _apply(self, seat: str, action: Action, action_id: str, receipt: bool = True
               ) -> Receipt | None:
        try:
            state, events = engine.step(self.state, action)
        except engine.IllegalAction as illegal:
            raise IllegalMove(illegal) from None
        except (TypeError, AttributeError):
            raise IllegalMove(engine.IllegalAction(action, "it is not an action")) from None
        if self.writer is not None:
            self.writer.append(Entry("action", action, action_id, len(state.actions),
                                     fingerprint(state)))
        self._commit(state, events, action_id)
        if not receipt:
            return None
        visible = tuple(e for e in events if seen_by(e, seat) or engine.is_over(state))
        receipt = Receipt(self.version, visible)
        if action_id:
            self._receipts[action_id] = receipt
        return receipt

    def _commit(self, state: GameState, events: tuple[GameEvent, ...], action_id: str) -> None:
        self.state = state
        self._caused.append(events)
        self._ids.append(action_id)
        key = (state.round, state.phase)
        if key != self._phase:
            self._phase, self._phase_started, self._paused_for = key, self.clock(), 0.0
            if self._paused_at is not None:
                self._paused_at = self._phase_started

    def run_bots(self, max_moves: int | None = None) -> tuple[Move, ...]:
        """Let the agents play every turn the game owes them until it waits for a person (or
        is over). An agent that fails, cheats or runs out of time raises bots.AgentFailed."""
        moves: list[Move] = []
        with bots.MoveClock(self.on_stuck) as clock:
            while max_moves is None or len(moves) < max_moves:
                with self._lock:
                    owed = [p for p in engine.awaiting(self.state) if p in self.bots]
                    if not owed:
                        break
                    party, version = owed[0], self.version
                    observation = observe(self.state, party)
                agent = self.bots[party]
                action = clock.act(agent, observation, party, self.move_limit)
                seat = action.seat  # type: ignore[attr-defined]
                if engine.party_of(self.state, seat) != party:
                    name = bots.agent_name(agent)
                    raise bots.AgentFailed(f"agent {name!r} ({party}) acted for another seat: "
                                           f"{action.text()}", name, party)  # type: ignore
                with self._lock:
                    if self.version != version:
                        continue  # a person acted meanwhile: think again on the new view
                    try:
                        self._apply(seat, action, "", receipt=False)  # type: ignore[arg-type]
                    except IllegalMove as illegal:
                        name = bots.agent_name(agent)
                        raise bots.AgentFailed(f"agent {name!r} ({party}) played {illegal}",
                                               name, party) from None
                    moves.append(Move(party, action, self.version))  # type: ignore[arg-type]
        return tuple(moves)

    # -- the facilitator ------------------------------------------------------------------------
    def undo(self, to_version: int) -> None:
        """Take the game back to an earlier version (the facilitator's branch); the abandoned
        actions stay in the journal, so nothing is lost."""
        with self._lock:
            if type(to_version) is not int or not 0 <= to_version < self.version:
                raise TableRefusal(f"undo needs a version from 0 to {self.version - 1}")
            if self.writer is not None:
                self.writer.append(Entry("undo", version=to_version))
            self._take_back(to_version)

    def _take_back(self, to_version: int) -> None:
        actions = self.state.actions[:to_version]
        kept_ids = self._ids[:to_version]
        self.state = engine.new_game(self.scenario, self.seed)
        self._caused, self._ids = [self.state.history], []
        self._receipts = {k: r for k, r in self._receipts.items() if r.version <= to_version}
        for action, action_id in zip(actions, kept_ids, strict=True):
            state, events = engine.step(self.state, action)
            self._commit(state, events, action_id)
        self.branch += 1

    def apply_log(self, actions) -> None:
        """Apply a recorded action log in order, journalled like any action (IllegalMove at
        the first the rules refuse): to re-create a game from its record."""
        with self._lock:
            for action in actions:
                self._apply(action.seat, action, "")

    def rewrite_journal(self) -> None:
        """Write the whole line of play to the table's new, empty journal: a game continued
        under a new save (a save that did not verify, or one in use elsewhere)."""
        with self._lock:
            if self.writer is None:
                return
            state = engine.new_game(self.scenario, self.seed)
            for action, action_id in zip(self.state.actions, self._ids, strict=True):
                state, _ = engine.step(state, action)
                self.writer.append(Entry("action", action, action_id, len(state.actions),
                                         fingerprint(state)))

    def pause(self) -> None:
        """Stop the clock (deadlines wait) until `unpause`."""
        with self._lock:
            if self._paused_at is None:
                if self.writer is not None:
                    self.writer.append(Entry("pause", version=self.version))
                self._paused_at = self.clock()

    def unpause(self) -> None:
        """Start the clock again where it stopped."""
        with self._lock:
            if self._paused_at is not None:
                if self.writer is not None:
                    self.writer.append(Entry("unpause", version=self.version))
                self._paused_for += self.clock() - self._paused_at
                self._paused_at = None

    @property
    def paused(self) -> bool:
        """Whether the clock is stopped."""
        return self._paused_at is not None

    def time_left(self) -> float | None:
        """Seconds left in this phase (None: the phase has no time limit)."""
        with self._lock:
            limit = self.timers.get(self.state.phase)
            if limit is None or engine.is_over(self.state):
                return None
            now = self._paused_at if self._paused_at is not None else self.clock()
            return limit - (now - self._phase_started - self._paused_for)

    def tick(self) -> Receipt | None:
        """Apply the phase's defaults for everyone still owed once its time has run out (a
        facilitator's advance, journalled); None while there is time left."""
        with self._lock:
            left = self.time_left()
            if left is None or left > 0 or self.paused or not engine.awaiting(self.state):
                return None
            return self._apply(FACILITATOR, Advance(FACILITATOR), "")

    def close(self) -> None:
        """Release the journal (its lock and file)."""
        if self.writer is not None:
            self.writer.close()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _seat_plan(scenario: Scenario, seed: int, seats: Mapping[str, object], fill: str
               ) -> tuple[frozenset[str], dict[str, object], dict[str, str]]:
    """Human seats, a bot per party nobody plays, and the seats as the journal records them."""
    known = set(seat_names(scenario))
    for seat in seats:
        if seat not in known:
            raise ValueError(f"there is no seat {seat!r} in {scenario.id}")
    humans = frozenset(s for s, who in seats.items() if who == HUMAN)
    agents: dict[str, object] = {}
    record: dict[str, str] = {s: HUMAN for s in sorted(humans)}
    for party in PARTIES:
        own = {s: w for s, w in seats.items() if s == party or s.startswith(party + ".")}
        if any(w == HUMAN for w in own.values()):
            if any(w != HUMAN for w in own.values()):
                raise ValueError(f"{party} is played by people and an agent at once")
            continue
        given = own.get(party, next(iter(own.values()), fill))
        if isinstance(given, str):
            agent = make_agent(given, party, agent_seed(seed, party), scenario=scenario)
            record[party] = given
        else:
            agent = given
            record[party] = str(getattr(agent, "spec", None) or bots.agent_name(agent))
        agents[party] = agent
    return humans, agents, record


class AbsentAgent:
    """A plug-in agent's seat in a game only shown, never played on (a replay): it keeps the
    agent's name without importing it, and makes no move."""

    def __init__(self, name: str) -> None:
        self.name = self.spec = name

    def act(self, observation: object) -> object:
        """No move: the game is only shown."""
        raise bots.AgentFailed(f"agent {self.name!r} was not loaded: this game is only shown",
                               self.name)


def absent_agents(recorded: Mapping[str, str]) -> dict[str, AbsentAgent]:
    """Stand-ins for the plug-in agents a save names, to show the game without importing
    them (`Table.from_contents(..., agents=absent_agents(header.seats), read_only=True)`)."""
    return {seat: AbsentAgent(who) for seat, who in recorded.items()
            if who != HUMAN and who not in AGENTS and who not in DIFFICULTIES}


def _rebuild_seats(recorded: Mapping[str, str], given: Mapping[str, object], name: str
                   ) -> dict[str, object]:
    """The seats of a resumed game: people as before, shipped agents by their names; a plug-in
    agent is never imported from a save: it must be given again."""
    out: dict[str, object] = {}
    for seat, who in recorded.items():
        if who == HUMAN or seat in given:
            out[seat] = who if who == HUMAN else given[seat]
        elif who in AGENTS or who in DIFFICULTIES:
            out[seat] = who
        else:
            raise JournalError(f"{name}: {seat} was played by the plug-in agent {who!r}; "
                               "name it again to load it (a save never imports code)")
    return out
