"""The negotiation table: issues as rows of options valued for the seat, the package builder,
the offer on the table with its forecast, this round's offers, and accept / reject / counter.
"""

from __future__ import annotations

from dataclasses import replace

from game.core.actions import Accept, Pass, Propose, Reject
from game.core.events import Accepted, Offered, TalksEnded
from game.core.forecast import forecast
from game.core.observe import Observation
from game.core.scenario import PARTIES
from game.ui.text_views import (
    binds,
    gain_from_breaking,
    in_order,
    money,
    package_worth,
    red_line,
    worth,
)
from game.ui.window.app import App, Screen
from game.ui.window.frame import (
    NAMES,
    TRUST_TIP,
    button_row,
    header,
    meter,
    panel,
    row_layout,
    them,
)
from game.ui.window.scene import Button, Scene

FUTURES = 2000  # simulated futures per forecast: a steady median and band in ~0.1 s
FORECAST_TIP = ("A forecast from {n} simulated futures of the remaining rounds, drawing "
                "{them}'s keeping of its word from your trust, with you keeping yours; reports "
                "are answered with sanctions. Your final points (banked plus the relationship "
                "term): the median future, and the range holding 80% of them (10th to 90th "
                "percentile).")


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
        obs = ui.flow.session.view(self.party)
        if obs.offer != self.offer_seen:  # a new offer: counters start from it
            self.offer_seen = obs.offer
            self.package = {k: v for k, v in (obs.offer or ()) if not red_line(obs, k, v)}
        width, height = ui.size
        scene = Scene(width, height, title=self.name)
        theme = ui.theme
        m, gap = theme.space["margin"], theme.space["gap"]
        top = header(ui, scene, "The negotiation table", obs)
        bottom = ui.content_bottom()
        share = 0.34 if theme.settings.text_size == "normal" else 0.3
        right_w = max(int(width * share), 330)
        left_w = width - 2 * m - gap - right_w
        self.issue_rows(ui, scene, obs, (m, top, left_w, bottom - top))
        self.side_panels(ui, scene, obs, (m + left_w + gap, top, right_w, bottom - top))
        return scene

    def my_turn(self, ui: App, obs: Observation) -> bool:
        return not self.watching and obs.party in ui.flow.session.owed() and \
            obs.phase == "negotiate"

    def issue_rows(self, ui: App, scene: Scene, obs: Observation, area) -> None:
        """One row per issue: title, priority and trust meter, then its options as chips."""
        theme = ui.theme
        x, y, w, h = area
        pad, gap = theme.space["pad"], theme.space["gap"] // 2
        small = theme.line_height("small")
        rows = len(obs.issues)
        row_h = min((h - gap * (rows - 1)) // rows, 5 * small + 2 * pad)
        label_lines = max(1, min(2, (row_h - 2 * pad) // small - 1))
        title_w = int(w * (0.27 if theme.settings.text_size == "normal" else 0.23))
        active = self.my_turn(ui, obs) and obs.legal_actions.has_proposals()
        in_force = {c.issue: c.option for c in obs.commitments}
        offer = dict(obs.offer or ())
        inset = pad if row_h >= 2 * small + 2 * pad else pad // 4  # little room: tighter rows
        for n, issue in enumerate(obs.issues):
            ry = y + n * (row_h + gap)
            scene.box((x, ry, w, row_h), "panel", "edge", 1)
            title_lines = max(1, (row_h - 2 * inset - small) // small)
            scene.para(theme, x + pad, ry + inset, title_w - 2 * pad, issue.title, "small-bold",
                       tip=issue.description or issue.title, limit=min(2, title_lines))
            mean, sd = obs.own.trust[issue.id]
            mh = small
            meter(scene, theme, (x + pad, ry + row_h - inset - mh, title_w - 2 * pad, mh), mean,
                  sd, TRUST_TIP.format(them=them(obs)))
            options = issue.options
            cx = x + title_w
            cw = (w - title_w - pad - gap * (len(options) - 1)) // len(options)
            for k, opt in enumerate(options):
                rect = (cx + k * (cw + gap), ry + pad // 2, cw, row_h - pad)
                scene.button(self.chip(ui, obs, issue, opt, rect, label_lines, active,
                                       in_force, offer))
            priority = obs.own.weights[issue.id]
            scene.hot((x, ry, title_w, row_h - mh - pad),
                      f"{issue.title}. Your priority on it: {priority:g} (values on this row "
                      f"already include it; 1 is an average issue).")

    def chip(self, ui: App, obs: Observation, issue, opt, rect, label_lines: int,
             active: bool, in_force: dict, offer: dict) -> Button:
        """An option: its label, its worth to the seat, and what it is now (chosen, offered,
        in force, a red line) in words, never by colour alone."""
        theme = ui.theme
        pad = theme.space["pad"]
        value = worth(obs, issue.id, opt.id)
        crossed = red_line(obs, issue.id, opt.id)
        marks = []
        if self.package.get(issue.id) == opt.id:
            marks.append("chosen")
        if offer.get(issue.id) == opt.id:
            marks.append("offered")
        if in_force.get(issue.id) == opt.id:
            marks.append("in force")
        if crossed:
            marks.append("red line")
        room = rect[2] - 2 * pad
        said = ", ".join(marks)
        amount = f"{money(value)} a round"
        if theme.width(amount, "small") > room:
            amount = money(value)  # the tooltip and the footer say it is per round
        both = amount + (f" · {said}" if said else "")
        if theme.width(both, "small") <= room or not said:
            lines = theme.clip(opt.label, "small", room, label_lines)
            lines.append(theme.fit(both, "small", room))
        elif label_lines >= 2:  # the marks on a line of their own
            lines = theme.clip(opt.label, "small", room, label_lines - 1)
            lines += [amount, theme.fit(said, "small", room)]
        else:
            lines = theme.clip(opt.label, "small", room, label_lines)
            lines.append(theme.fit(f"{money(value)} · {said}", "small", room))
        tip = (f"{opt.label}. Worth {money(value)} a round to you while both sides keep it; "
               f"it binds {binds(obs, opt)}.")
        if obs.party in opt.obliges:
            tip += f" Breaking it secretly would gain you {money(gain_from_breaking(obs, issue.id, opt.id))} a round."  # noqa: E501
        tip += (f" Verification catches a breach {opt.detect:.0%} of the time and raises a "
                f"false alarm {opt.false_alarm:.0%} of the time.")
        if crossed:
            tip += f" Your red line: {crossed}"
        meaning = {"chosen": "chosen for your offer", "offered": "in the offer on the table",
                   "in force": "in force (signed earlier)", "red line": "your red line"}
        if marks:
            tip += " Now: " + "; ".join(meaning[m] for m in marks) + "."
        return Button(f"chip-{issue.id}-{opt.id}", rect, tuple(lines), ("pick", issue.id, opt.id),
                      tip=tip, enabled=active and not crossed,
                      chosen=self.package.get(issue.id) == opt.id, role="small", style="chip")

    def side_panels(self, ui: App, scene: Scene, obs: Observation, area) -> None:
        """Whose turn, the seat's offer, the offer on the table with its forecast, this round."""
        theme = ui.theme
        x, y, w, h = area
        pad, gap = theme.space["pad"], theme.space["gap"]
        mine = self.my_turn(ui, obs)
        turn = self.turn_line(ui, obs)
        small, body = theme.line_height("small"), theme.line_height("body")
        button_h = body + 2 * pad
        bold = theme.line_height("body-bold")
        full = 2 * body + 3 * gap + (bold + 3 * small + 5 * pad + button_h) + \
            (bold + 6 * small + 6 * pad + button_h)
        self.compact = full > h  # little room (big text, small window): forecasts as text only
        role = "small-bold" if self.compact else "body-bold"
        y += scene.para(theme, x, y, w, turn, role, "warn" if mine else "text") + gap // 2
        if self.watching:
            y += scene.para(theme, x, y, w, "Watching: the AI plays both sides. This is the "
                            f"{NAMES[obs.party]}'s screen.", "small", "muted") + gap // 2
        legal = obs.legal_actions
        if obs.offer is not None:  # the offer to answer first
            y = self.table_panel(ui, scene, obs, (x, y, w), mine) + gap
        if mine and legal.has_proposals():
            y = self.offer_panel(ui, scene, obs, (x, y, w)) + gap
        elif mine and obs.offer is None:
            y += button_row(scene, theme, x, y, w, [
                ("pass", "Make no offer (N)", ("pass",), "n",
                 "Talks end for this round without a new agreement.")]) + gap
        self.timeline(ui, scene, obs, (x, y, w, area[1] + h - y))
        del pad

    def turn_line(self, ui: App, obs: Observation) -> str:
        left = obs.exchanges_left
        offers = f"{left} offer{'' if left == 1 else 's'} left this round"
        if obs.phase != "negotiate":
            return f"Talks are over for round {obs.round}; waiting for {them(obs)}."
        if self.my_turn(ui, obs):
            if obs.offer is None:
                return f"Your turn: make an offer, or make no offer ({offers})."
            return f"Your turn: answer {NAMES[obs.offer_by]}'s offer ({offers})."
        return f"{them(obs)} is deciding… ({offers})"

    def offer_panel(self, ui: App, scene: Scene, obs: Observation, area) -> int:
        """The package builder: what the seat's own offer would be worth, and its buttons."""
        theme = ui.theme
        x, y, w = area
        pad = theme.space["pad"]
        small = theme.line_height("small")
        terms = in_order(obs, self.package.items())
        verb = "Counter-offer (P)" if obs.offer is not None else "Propose (P)"
        specs = [("propose", verb, ("propose",), "p", "Put this package on the table.",
                  bool(terms)),
                 ("clear", "Clear (C)", ("clear",), "c", "Start the offer again from nothing.")]
        if obs.offer is None:
            specs.append(("pass", "No offer (N)", ("pass",), "n",
                          "Talks end for this round without a new agreement."))
        total = package_worth(obs, terms)
        texts = []
        count = f"{len(terms)} issue{'' if len(terms) == 1 else 's'}"
        worth_tip = ("What this package brings you each round if both sides keep their word "
                     "(your values times your priorities).")
        if self.compact:
            texts.append((f"{count}, worth {money(total)} a round to you" if terms else
                          "Pick options on the left.", worth_tip))
        else:
            texts.append((f"{count} chosen" if terms else
                          "Pick options on the left (Enter or click).", ""))
            texts.append((f"Worth {money(total)} a round to you", worth_tip))
            if obs.commitments:
                now = {c.issue: c.option for c in obs.commitments}
                after = package_worth(obs, {**now, **self.package}.items())
                texts.append((f"With the deal in force: {money(after)} a round",
                              "Signing replaces commitments in force on the same issues: this "
                              "is what all your commitments would then be worth a round."))
        buttons_h = row_layout(theme, w - 2 * pad, [spec[1] for spec in specs])[4]
        h = theme.line_height("body-bold") + len(texts) * small + 3 * pad + buttons_h + 2 * pad
        cy = panel(scene, theme, (x, y, w, h), "Your offer")
        for text, tip in texts:
            scene.text(theme, x + pad, cy, text, "small", tip=tip, width=w - 2 * pad)
            cy += small
        button_row(scene, theme, x + pad, cy + pad, w - 2 * pad, specs)
        return y + h

    def table_panel(self, ui: App, scene: Scene, obs: Observation, area, mine: bool) -> int:
        """The offer on the table: from whom, its worth, the forecast, accept and reject."""
        theme = ui.theme
        x, y, w = area
        pad = theme.space["pad"]
        small = theme.line_height("small")
        accept, band = self.forecasts(ui, obs)
        compact = self.compact
        buttons_h = row_layout(theme, w - 2 * pad, ["Accept (A)", "Reject (R)"])[4]
        h = theme.line_height("body-bold") + (3 if compact else 6) * small + 3 * pad + \
            (buttons_h + 3 * pad if mine else 0)
        by = "you" if obs.offer_by == obs.party else NAMES[obs.offer_by]
        cy = panel(scene, theme, (x, y, w, h), f"On the table, from {by}")
        value = package_worth(obs, obs.offer)
        count = len(obs.offer)
        scene.text(theme, x + pad, cy, f"{count} issue{'' if count == 1 else 's'}, worth "
                   f"{money(value)} a round to you", "small",
                   tip="Its options are marked 'offered' on the left.", width=w - 2 * pad)
        cy += small + pad // 2
        tip = FORECAST_TIP.format(n=FUTURES, them=them(obs))
        for label, look in (("If it is signed", accept), ("If no new deal", band)):
            if look is None:
                continue
            if compact:
                text = f"{label}: final points {look.median:.0f} ({look.p10:.0f} to " \
                       f"{look.p90:.0f})"
                scene.text(theme, x + pad, cy, theme.fit(text, "small", w - 2 * pad), "small",
                           tip=tip)
                cy += small
                continue
            scene.text(theme, x + pad, cy, f"{label}: your final points {look.median:.0f}",
                       "small", tip=tip, width=w - 2 * pad)
            cy += small
            self.band(ui, scene, (x + pad, cy, w - 2 * pad, small), look, (accept, band))
            cy += small + pad // 2
        if mine:
            legal = obs.legal_actions
            can_accept = Accept(obs.seat) in legal.fixed
            crossed = [red_line(obs, k, v) for k, v in obs.offer if red_line(obs, k, v)]
            tip_accept = "Sign it: it becomes commitments for both sides." if can_accept else \
                f"You cannot accept it: {crossed[0] if crossed else 'the rules forbid it'}"
            button_row(scene, theme, x + pad, cy + pad, w - 2 * pad, [
                ("accept", "Accept (A)", ("accept",), "a", tip_accept, can_accept),
                ("reject", "Reject (R)", ("reject",), "r",
                 "Talks end for this round; the offer lapses."),
            ])
        return y + h

    def band(self, ui: App, scene: Scene, rect, look, looks) -> None:
        """A 10–90% band with its median marked and written, on a scale shared by both."""
        theme = ui.theme
        x, y, w, h = rect
        shown = [v for v in looks if v is not None]
        low = min(v.p10 for v in shown)
        high = max(v.p90 for v in shown)
        span = max(high - low, 1e-6)
        text = f"{look.p10:.0f} to {look.p90:.0f}"
        tw = theme.width("-000 to -000", "small") + theme.space["pad"]
        track = max(w - tw, 40)

        def at(v: float) -> int:
            return x + int((v - low) / span * (track - 4)) + 2

        scene.box((x, y + h // 3, track, h // 3), "panel_alt", None)
        scene.box((at(look.p10), y + h // 4, max(3, at(look.p90) - at(look.p10)), h // 2),
                  "band", None)
        scene.box((at(look.median) - 2, y, 5, h), "meter", None)
        scene.text(theme, x + track + theme.space["pad"] // 2, y, text, "small",
                   tip="80% of the simulated futures end between these two scores.")
        scene.hot((x, y, track, h), f"Median {look.median:.1f}; 10% of futures end below "
                  f"{look.p10:.1f} and 10% above {look.p90:.1f}.")

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
        """This round's offers and answers, oldest first, as many as fit."""
        theme = ui.theme
        x, y, w, h = area
        small = theme.line_height("small")
        if h < 3 * small:
            return
        cy = panel(scene, theme, area, f"Round {obs.round}: offers so far")
        pad = theme.space["pad"]
        lines = []
        for e in obs.history:
            if e.round != obs.round:
                continue
            who = "You" if getattr(e, "party", "") == obs.party else NAMES.get(
                getattr(e, "party", ""), "")
            if isinstance(e, Offered):
                verb = "counter" if e.counter else "offer"
                verb += "" if who == "You" else "s"
                lines.append((f"{who} {verb} {len(e.terms)} issues: {money(package_worth(obs, e.terms))} a round to you", e.party))  # noqa: E501
            elif isinstance(e, Accepted):
                lines.append((f"{who} accept{'' if who == 'You' else 's'}: the package is "
                              "signed.", e.party))
            elif isinstance(e, TalksEnded):
                verb = {"pass": "make no offer", "reject": "reject the offer"}.get(
                    e.how, "run out of time")
                if who != "You":
                    verb = verb.replace("make", "makes").replace("reject ", "rejects ").replace(
                        "run ", "runs ")
                lines.append((f"{who} {verb}; talks end.", e.party))
        if not lines:
            lines = [("No offer yet this round.", "")]
        room = (y + h - cy - pad) // small
        for n, (text, party) in enumerate(lines[-room:] if room > 0 else []):
            scene.text(theme, x + pad, cy + n * small, theme.fit(text, "small", w - 2 * pad),
                       "small", party if party in NAMES else "text")

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
            return
        if kind == "clear":
            self.package = {}
            return
        action = {
            "propose": lambda: Propose(obs.seat, tuple(self.package.items())),
            "accept": lambda: Accept(obs.seat),
            "reject": lambda: Reject(obs.seat),
            "pass": lambda: Pass(obs.seat),
        }[kind]()
        if kind == "propose" and not self.package:
            ui.message = "An offer must settle at least one issue: pick an option first."
            return
        ui.flow.act(ui, action, obs.version)


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
