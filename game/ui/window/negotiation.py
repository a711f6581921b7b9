"""The negotiation table: issues as rows of options valued for the seat, the package builder,
the offer on the table with its forecast, this round's offers, and accept / reject / counter.
"""

from __future__ import annotations

from dataclasses import replace

import pygame

from game.core.actions import Accept, Pass, Propose, Reject
from game.core.events import Accepted, Offered, TalksEnded
from game.core.forecast import forecast
from game.core.observe import Observation
from game.core.scenario import PARTIES
from game.ui.text_views import NAMES as THE
from game.ui.text_views import count, deal_worth, in_order, money, package_worth, red_line
from game.ui.window.app import App, Screen
from game.ui.window.frame import (
    DELEGATIONS,
    NAMES,
    Card,
    button_row,
    header,
    panel,
    theirs,
    them,
)
from game.ui.window.options import IssueRows
from game.ui.window.scene import Scene, Scroller
from game.ui.window.theme import Theme

FUTURES = 2000  # simulated futures per forecast: a steady median and band in ~0.1 s
FORECAST_TIP = ("A forecast from {n} simulated futures of the remaining rounds, drawing "
                "{theirs} keeping of its word from your trust, with you keeping yours; reports "
                "are answered with sanctions. Your final points (banked plus the relationship "
                "term): the median future, and the range holding 80% of them (10th to 90th "
                "percentile).")
WORTH_TIP = ("What this package brings you each round if both sides keep their word (your "
             "values times your priorities).")


class NegotiationScreen(Screen):
    """The table for one seat (or, watching, the side whose screen is shown)."""

    name = "negotiation"

    def __init__(self, party: str, watching: bool = False) -> None:
        self.party = party
        self.watching = watching
        self.package: dict[str, str] = {}
        self.offer_seen: tuple | None = None
        self.compact = False

    # -- presenter --------------------------------------------------------------------------
    def build(self, ui: App) -> Scene:
        session = ui.flow.session
        obs = session.view(self.party)
        if obs.offer != self.offer_seen:  # a new offer: counters start from it
            self.offer_seen = obs.offer
            self.package = {k: v for k, v in (obs.offer or ()) if not red_line(obs, k, v)}
        width, height = ui.size
        theme = ui.theme
        scene = Scene(theme, width, height, title=self.name)
        m, gap = theme.space["margin"], theme.space["gap"]
        top = header(ui, scene, "The negotiation table", obs)
        bottom = ui.content_bottom()
        share = 0.34 if theme.settings.text_size == "normal" else 0.33
        right_w = max(int(width * share), 330)
        left_w = width - 2 * m - gap - right_w
        active = self.my_turn(ui, obs) and obs.legal_actions.has_proposals()
        start = session.shown_trust(self.party, obs)
        IssueRows(ui, obs, self.package, active).build(scene, (m, top, left_w, bottom - top),
                                                       start)
        self.side_area = (m + left_w + gap, top, right_w, bottom - top)
        mark = scene.mark()
        self.side_panels(ui, scene, obs, self.side_area)
        self.side = scene.made_since(mark)
        return scene

    def renew(self, ui: App, issues) -> bool:
        """After a pick: the picked issues' cards and the side column again, nothing else
        (a full build takes several times longer); False if the screen must be built again."""
        scene = ui.scene
        if scene is None or getattr(self, "side", None) is None:
            return False
        obs = ui.flow.session.view(self.party)
        rows = IssueRows(ui, obs, self.package, self.my_turn(ui, obs) and
                         obs.legal_actions.has_proposals())
        for issue in obs.issues:
            if issue.id in issues and not rows.renew(scene, issue):
                return False
        scene.drop(self.side)
        mark = scene.mark()
        self.side_panels(ui, scene, obs, self.side_area)
        self.side = scene.made_since(mark)
        ui.keep()
        ui.refocus(ui.focus)
        return True

    def my_turn(self, ui: App, obs: Observation) -> bool:
        return not self.watching and obs.party in ui.flow.session.owed() and \
            obs.phase == "negotiate"

    def side_panels(self, ui: App, scene: Scene, obs: Observation, area) -> None:
        """Whose turn, the offer on the table with its forecast, the seat's offer, this
        round's offers: a column that scrolls when large text makes it taller than the
        window."""
        x, y, w, h = area
        theme = ui.theme
        self.compact = theme.settings.text_size != "normal" or w < 380
        mark = scene.mark()
        if self.side_column(ui, scene, obs, (x, y, w), h) <= y + h:
            return
        scene.undo(mark)  # taller than the window: the same column, scrolling
        scroller = Scroller(scene, area)
        with scene.inside(scroller):
            end = self.side_column(ui, scene, obs, (0, 0, scroller.inner_width - 2), h)
        scroller.fit(end)

    def side_column(self, ui: App, scene: Scene, obs: Observation, area, h: int) -> int:
        """The column's panels from (x, y) down, `w` wide; returns the y where it ends (at
        least y + h: the offers so far take the room left)."""
        theme = ui.theme
        x, top, w = area
        gap = theme.space["gap"]
        mine = self.my_turn(ui, obs)
        role = "small-bold" if self.compact else "body-bold"
        y = top + scene.para(x, top, w, self.turn_line(ui, obs), role,
                             "warn" if mine else "text") + gap // 2
        if self.watching:
            y += scene.para(x, y, w, "Watching: the AI plays both sides. This is the "
                            f"{DELEGATIONS[obs.party]}'s screen.", "small", "muted") + gap // 2
        if obs.offer is not None:  # the offer to answer first
            y = self.table_panel(ui, scene, obs, (x, y, w), mine) + gap
        if mine and obs.legal_actions.has_proposals():
            y = self.offer_panel(ui, scene, obs, (x, y, w)) + gap
        elif mine and obs.offer is None:
            y += button_row(scene, theme, x, y, w, [
                ("pass", "Make no offer (N)", ("pass",), "n",
                 "Talks end for this round without a new agreement.")]) + gap
        room = top + h - y
        if room >= 4 * theme.line_height("small"):  # the offers so far, where there is room
            self.timeline(ui, scene, obs, (x, y, w, room))
        return y

    def turn_line(self, ui: App, obs: Observation) -> str:
        left = obs.exchanges_left
        offers = f"{left} offer{'' if left == 1 else 's'} left this round"
        if obs.phase != "negotiate":
            return f"Talks are over for round {obs.round}; waiting for {them(obs)}."
        if self.my_turn(ui, obs):
            if obs.offer is None:
                return f"Your turn: make an offer, or make no offer ({offers})."
            return f"Your turn: answer the offer from {THE[obs.offer_by]} ({offers})."
        return f"{them(obs, True)} is deciding… ({offers})"

    def offer_panel(self, ui: App, scene: Scene, obs: Observation, area) -> int:
        """The package builder: what the seat's own offer would be worth, and its buttons."""
        theme = ui.theme
        x, y, w = area
        pad = theme.space["pad"]
        terms = in_order(obs, self.package.items())
        verb = "Counter-offer (P)" if obs.offer is not None else "Propose (P)"
        specs = [("propose", verb, ("propose",), "p", "Put this package on the table."
                  if terms else "Pick at least one option first.", bool(terms)),
                 ("clear", "Clear (C)", ("clear",), "c", "Start the offer again from nothing.")]
        if obs.offer is None:
            specs.append(("pass", "No offer (N)", ("pass",), "n",
                          "Talks end for this round without a new agreement."))
        total = package_worth(obs, terms)
        count = f"{len(terms)} issue{'' if len(terms) == 1 else 's'}"
        card = Card(scene, x, y, w, "Your offer")
        if not terms:
            card.text("Pick options on the left (Enter or click).")
        else:
            card.text(f"{count} chosen, worth {money(total)} a round to you.", tip=WORTH_TIP)
            if obs.commitments or any(obs.own.status_quo.values()):
                card.text(f"The whole deal then: {money(deal_worth(obs, terms))} a round.",
                          tip="Signing replaces commitments in force on the same issues, and "
                              "issues left out bring their status quo: this is what a round "
                              "would then bring you if both sides keep their word.")
        card.y += pad
        card.y += button_row(scene, theme, x + pad, card.y, w - 2 * pad, specs)
        return card.close()

    def table_panel(self, ui: App, scene: Scene, obs: Observation, area, mine: bool) -> int:
        """The offer on the table: from whom, its worth, the forecast, accept and reject."""
        theme = ui.theme
        x, y, w = area
        pad = theme.space["pad"]
        small = theme.line_height("small")
        accept, band = self.forecasts(ui, obs)
        by = "you" if obs.offer_by == obs.party else THE[obs.offer_by]
        card = Card(scene, x, y, w, f"On the table, from {by}")
        count = len(obs.offer)
        card.text(f"{count} issue{'' if count == 1 else 's'}, worth "
                  f"{money(package_worth(obs, obs.offer))} a round to you.",
                  tip="Its options are marked 'offered' on the left.")
        if mine and self.compact:  # little room: the answer first, the forecast below it
            self.answer_buttons(scene, theme, obs, card)
        tip = FORECAST_TIP.format(n=FUTURES, theirs=theirs(obs))
        for label, look in (("If it is signed", accept), ("If no new deal", band)):
            if look is None:
                continue
            if self.compact:
                card.text(f"{label}: your final points {look.median:.0f} ({spread(look)}).",
                          tip=tip)
                continue
            card.text(f"{label}: your final points {look.median:.0f}", tip=tip)
            self.band(ui, scene, (x + pad, card.y, w - 2 * pad, small), look, (accept, band))
            card.y += small + pad // 2
        if mine and not self.compact:
            self.answer_buttons(scene, theme, obs, card)
        return card.close()

    @staticmethod
    def answer_buttons(scene: Scene, theme, obs: Observation, card: Card) -> None:
        """Accept and reject, in the card of the offer on the table."""
        pad = theme.space["pad"]
        can_accept = Accept(obs.seat) in obs.legal_actions.fixed
        crossed = [red_line(obs, k, v) for k, v in obs.offer if red_line(obs, k, v)]
        tip_accept = "Sign it: it becomes commitments for both sides." if can_accept else \
            f"You cannot accept it: {crossed[0] if crossed else 'the rules forbid it'}"
        card.y += pad // 2
        card.y += button_row(scene, theme, card.x + pad, card.y, card.w - 2 * pad, [
            ("accept", "Accept (A)", ("accept",), "a", tip_accept, can_accept),
            ("reject", "Reject (R)", ("reject",), "r",
             "Talks end for this round; the offer lapses."),
        ]) + pad // 2
        if not can_accept:  # a greyed button alone does not say why, nor what to do instead
            then = "Counter-offer without that option, or reject." if crossed else \
                "Counter-offer, or reject."
            card.text(f"{tip_accept.rstrip('.')}. {then}", look="warn")

    def band(self, ui: App, scene: Scene, rect, look, looks) -> None:
        """A 10–90% band with its median marked and written, on a scale shared by both."""
        theme = ui.theme
        x, y, w, h = rect
        shown = [v for v in looks if v is not None]
        low = min(v.p10 for v in shown)
        high = max(v.p90 for v in shown)
        tw = max(theme.width(s, "small") for s in ("-000 to -000", "in every future")) + \
            theme.space["pad"]
        track = max(w - tw, 40)
        tip = (f"Median {look.median:.1f}; 10% of futures end below {look.p10:.1f} and 10% "
               f"above {look.p90:.1f}.")
        scene.image((x, y, track, h), band_surface(theme, (track, h), look, low, high), tip)
        scene.label(x + track + theme.space["pad"] // 2, y, spread(look), "small",
                    tip="80% of the simulated futures end between these two scores.")

    def forecasts(self, ui: App, obs: Observation):
        """The seat's final-score outlook if the offer is signed, and if talks end without it."""
        session = ui.flow.session
        scenario_trust = session.table.scenario.trust
        own = scenario_trust.initial.get(obs.party, 0.5)
        # The other side's prior trust is its own belief: the forecast takes it to mirror ours.
        settings = replace(scenario_trust, initial={p: own for p in PARTIES})
        party = PARTIES.index(obs.party)
        return (_outlook(session, obs.version, obs.party, obs.offer, settings, party),
                _outlook(session, obs.version, obs.party, None, settings, party))

    def timeline(self, ui: App, scene: Scene, obs: Observation, area) -> None:
        """This round's offers and answers, oldest first, in a box that scrolls."""
        theme = ui.theme
        x, y, w, h = area
        pad = theme.space["pad"]
        cy = panel(scene, theme, area, f"Round {obs.round}: offers so far")
        lines = self.offers_lines(obs)
        if not lines:
            lines = [("No offer yet this round.", "text")]
        box = scene.reader((x + pad, cy, w - 2 * pad, y + h - cy - pad),
                           [(text, "small", colour) for text, colour in lines], look="plain")
        bar = box.scroll_bar
        if bar is not None:  # the latest offer in view
            bar.set_scroll_from_start_percentage(1.0)

    def offers_lines(self, obs: Observation) -> list[tuple[str, str]]:
        """This round's offers and answers in words (a refusal says the red lines the offer
        crossed, as the side said them)."""
        labels = {(i.id, o.id): f"{i.title}: {o.label}" for i in obs.issues for o in i.options}
        lines = []
        for e in obs.history:
            if e.round != obs.round:
                continue
            party = getattr(e, "party", "")
            who = "You" if party == obs.party else NAMES.get(party, "")
            colour = party if party in NAMES else "text"
            if isinstance(e, Offered):
                verb = ("counter" if e.counter else "offer") + ("" if who == "You" else "s")
                lines.append((f"{who} {verb} {count(len(e.terms), 'issue')}: "
                              f"{money(package_worth(obs, e.terms))} a round to you", colour))
            elif isinstance(e, Accepted):
                lines.append((f"{who} accept{'' if who == 'You' else 's'}: the package is "
                              "signed.", colour))
            elif isinstance(e, TalksEnded):
                verb = {"pass": "make no offer", "reject": "reject the offer"}.get(
                    e.how, "run out of time")
                if who != "You":
                    verb = verb.replace("make", "makes").replace("reject ", "rejects ").replace(
                        "run ", "runs ")
                lines.append((f"{who} {verb}; talks end.", colour))
            said = getattr(e, "red_lines", ())
            if said and e.round == obs.round and isinstance(e, Offered | TalksEnded):
                never = "; ".join(labels.get(pair, "=".join(pair)) for pair in said)
                lines.append((f"{who} will never accept {never}: a red line.", colour))
        return lines

    # -- controller -------------------------------------------------------------------------
    def press(self, ui: App, command: object) -> None:
        if callable(command):
            command(ui)
            return
        obs = ui.flow.session.view(self.party)
        kind = command[0]
        if kind == "pick":
            _, issue, option = command
            if self.package.get(issue) == option:
                self.package.pop(issue)
            else:
                self.package[issue] = option
            self.renew(ui, {issue})
            return
        if kind == "clear":
            issues = set(self.package)
            self.package = {}
            self.renew(ui, issues)
            return
        if kind == "propose" and not self.package:
            ui.message = "An offer must settle at least one issue: pick an option first."
            return
        action = {
            "propose": lambda: Propose(obs.seat, tuple(self.package.items())),
            "accept": lambda: Accept(obs.seat),
            "reject": lambda: Reject(obs.seat),
            "pass": lambda: Pass(obs.seat),
        }[kind]()
        ui.flow.act(ui, action, obs.version)


def spread(look) -> str:
    """The 10–90% range of a forecast in words: '4 to 51', or 'in every future' when the
    futures all end alike (no deal left to break)."""
    low, high = f"{look.p10:.0f}", f"{look.p90:.0f}"
    return "in every future" if low == high else f"{low} to {high}"


def band_surface(theme: Theme, size: tuple[int, int], look, low: float,
                 high: float) -> pygame.Surface:
    """A forecast band on a shared scale: the 10–90% range shaded, the median marked."""
    w, h = size
    surface = pygame.Surface((w, h), pygame.SRCALPHA)
    span = max(high - low, 1e-6)

    def at(v: float) -> int:
        return int((v - low) / span * (w - 6)) + 2

    pygame.draw.rect(surface, theme.colour("panel_alt"), (0, h // 3, w, max(h // 3, 2)))
    pygame.draw.rect(surface, theme.colour("band"),
                     (at(look.p10), h // 4, max(3, at(look.p90) - at(look.p10)), h // 2))
    pygame.draw.rect(surface, theme.colour("meter"), (at(look.median) - 2, 0, 5, h))
    return surface


def _outlook(session, version: int, party: str, offer, settings, index: int):
    """A forecast outlook, computed once per game version, party and package."""
    key = (session.table.id, session.table.branch, version, party, offer)
    cache = session.__dict__.setdefault("forecasts", {})
    if key not in cache:
        if len(cache) > 32:
            cache.clear()
        obs = session.view(party)
        cache[key] = forecast(obs, offer, settings=settings, futures=FUTURES,
                              seed=version).outlook(index)
    return cache[key]
