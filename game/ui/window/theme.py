"""The window's look: pygame_gui theme files in game/assets (colours, fonts, sizes), one per
choice a player can make, and the settings that choose among them.

`theme.json` is the whole standard look; `theme-colour-blind.json` and `theme-large.json` /
`theme-projector.json` are variants loaded over it. No colour, font or size is written in code:
elements name a class for their text role (`@small`, `@body_bold`, ...) and an object id for
their look (`#muted`, `#chip_chosen`, ...); charts and meters drawn by our own code read their
colours from the theme's `#palette` block and the spacing from `#layout`.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UITextBox

TEXT_SIZES = ("normal", "large", "projector")
PALETTES = ("standard", "colour-blind")
SPEEDS = ("slow", "normal", "fast", "off")
ROLES = ("small", "small-bold", "body", "body-bold", "heading", "title")


@dataclass(frozen=True)
class Settings:
    """What a player may change on the title screen."""

    text_size: str = "normal"
    palette: str = "standard"
    speed: str = "normal"

    def cycled(self, name: str) -> Settings:
        """The settings with one choice moved to the next option."""
        options = {"text_size": TEXT_SIZES, "palette": PALETTES, "speed": SPEEDS}[name]
        now = getattr(self, name)
        return replace(self, **{name: options[(options.index(now) + 1) % len(options)]})

    @classmethod
    def load(cls, path: Path | None) -> Settings:
        """Saved settings, or the defaults if there are none (or they cannot be read)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8")) if path else {}
        except (OSError, ValueError):
            data = {}
        if not isinstance(data, dict):
            data = {}
        given = {k: data.get(k) for k in ("text_size", "palette", "speed")}
        ok = {"text_size": TEXT_SIZES, "palette": PALETTES, "speed": SPEEDS}
        return cls(**{k: v for k, v in given.items() if v in ok[k]})

    def save(self, path: Path | None) -> None:
        """Keep the settings for next time (silently skipped if the folder is not writable)."""
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(self.__dict__), encoding="utf-8")
        except OSError:
            pass


def asset(name: str):
    """A file shipped in game/assets (works from a wheel as from a checkout)."""
    return resources.files("game").joinpath("assets", *name.split("/"))


@lru_cache(maxsize=8)
def theme_file(name: str = "theme.json") -> dict:
    """A theme file's contents (pygame_gui's theme format)."""
    return json.loads(asset(name).read_text(encoding="utf-8"))


def theme_files(settings: Settings) -> list[str]:
    """The theme files for some settings, in the order they are loaded (later ones win)."""
    names = ["theme.json"]
    if settings.palette != "standard":
        names.append(f"theme-{settings.palette}.json")
    if settings.text_size != "normal":
        names.append(f"theme-{settings.text_size}.json")
    return names


def window_size() -> dict[str, int]:
    """The window's first and smallest size, from the theme file's #window block."""
    return {k: int(float(v)) for k, v in theme_file()["#window"]["misc"].items()}


def role_id(role: str, look: str | None = None) -> ObjectID:
    """The pygame_gui object id of a text role ("small-bold" -> class @small_bold) and a look."""
    return ObjectID(object_id=f"#{look}" if look else None,
                    class_id="@" + role.replace("-", "_"))


class Theme:
    """The look for one choice of settings, and the pygame_gui manager that draws with it."""

    def __init__(self, settings: Settings, size: tuple[int, int]) -> None:
        self.settings = settings
        names = theme_files(settings)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            self.manager = pygame_gui.UIManager(size, theme_file(names[0]),
                                                enable_live_theme_updates=False)
            looks = self.manager.get_theme()
            for name in names[1:]:
                looks.load_theme(theme_file(name))
        self.looks = looks
        self.fonts = {role: looks.get_font([role_id(role).class_id]) for role in ROLES}
        self._preload()
        self.space = {k: int(float(v)) for k, v in self._misc("#layout").items()}
        self.window = {k: int(float(v)) for k, v in self._misc("#window").items()}
        self.pace = float(self._misc("#animation")[settings.speed])
        self._heights: dict[tuple, tuple[int, int]] = {}
        self._pens: dict[str, pygame.font.Font] = {}
        self._insets: dict[str | None, int] = {}

    def _misc(self, block: str) -> dict:
        return dict(self.looks.ui_element_misc_data.get(block, {}))

    def _preload(self) -> None:
        """Load the regular and bold face of every size the theme uses (text boxes switch
        between them for <b>), so no element has to load a font while the window draws."""
        sizes = {font.point_size for font in self.fonts.values()}
        loaded = self.looks.get_font_dictionary().loaded_fonts
        self.manager.preload_fonts([{"name": "truce_sans", "point_size": size, "style": style}
                                    for size in sorted(sizes) for style in ("regular", "bold")
                                    if f"truce_sans_{style}_aa_{size}" not in loaded])

    def colour(self, name: str) -> pygame.Color:
        """A colour of the theme's palette (charts, meters, the focus frame)."""
        return self.looks.get_colour(name, ["#palette"])

    def hex(self, name: str) -> str:
        """A palette colour as #RRGGBB (for text boxes' <font color=...>)."""
        c = self.colour(name)
        return f"#{c.r:02X}{c.g:02X}{c.b:02X}"

    def pen(self, role: str) -> pygame.font.Font:
        """A pygame font of a text role, for words our own code draws (charts)."""
        if role not in self._pens:
            info = self.looks.get_font_info([role_id(role).class_id])
            bold = bool(info["bold"])
            where = info["bold_resource" if bold else "regular_resource"]
            path = resources.files(where["package"]).joinpath(*where["resource"].split("/"))
            with resources.as_file(path) as real:
                self._pens[role] = pygame.font.Font(str(real), int(info["size"]))
        return self._pens[role]

    def font(self, role: str):
        """The font of a text role: small, body, heading, title (bold: add '-bold')."""
        return self.fonts[role]

    def line_height(self, role: str) -> int:
        """Pixels one line of a text role takes in a label."""
        return self.fonts[role].size("Hg")[1]

    def text_height(self, role: str, lines: int, look: str | None = None) -> int:
        """Pixels a text box of a role and look takes for some lines (as pygame_gui lays them
        out, padding and border included)."""
        key = (role, look)
        if key not in self._heights:
            boxes = [UITextBox("<br>".join(["Hg"] * n), pygame.Rect(-9999, -9999, 200, -1),
                               self.manager, wrap_to_height=True, object_id=role_id(role, look))
                     for n in (1, 2)]
            first, second = (box.rect.height for box in boxes)
            for box in boxes:
                box.kill()
            self._heights[key] = (first, second - first)
        first, step = self._heights[key]
        return first + step * (max(lines, 1) - 1) if lines else 0

    def inset(self, look: str | None = None) -> int:
        """How much narrower than its box a text box's lines are (border, padding and rounded
        corners of its look, and room for the line break pygame_gui puts after each line), so
        our wrapping matches pygame_gui's."""
        if look in self._insets:
            return self._insets[look]
        ids = ([f"#{look}"] if look else []) + ["text_box"]

        def misc(name: str, default):
            try:
                return self.looks.get_misc_data(name, ids)
            except LookupError:
                return default

        border = misc("border_width", {"left": 0, "right": 0})
        padding = str(misc("padding", "0,0")).split(",")[0]
        corners = int(misc("shape_corner_radius", "0")) \
            if misc("shape", "rectangle") == "rounded_rectangle" else 0
        inset = int(border["left"]) + int(border["right"]) + 2 * int(padding) + corners + 8
        self._insets[look] = inset
        return inset

    def width(self, text: str, role: str) -> int:
        """Rendered width of a text in a role."""
        return _width(self.fonts[role], text)

    def wrap(self, text: str, role: str, width: int) -> tuple[str, ...]:
        """A text broken into lines no wider than `width` (words longer than a line are cut)."""
        return _wrap(self.fonts[role], text, max(width, 20))

    def clip(self, text: str, role: str, width: int, lines: int) -> list[str]:
        """A text wrapped to at most `lines` lines, the last cut with an ellipsis if needed."""
        wrapped = list(self.wrap(text, role, width))
        if len(wrapped) <= lines:
            return wrapped
        head = wrapped[:lines - 1]
        return [*head, self.fit(" ".join(wrapped[lines - 1:]), role, width)]

    def fit(self, text: str, role: str, width: int) -> str:
        """A text cut with an ellipsis to fit one line of `width`."""
        font = self.fonts[role]
        if _width(font, text) <= width:
            return text
        while text and _width(font, text + "…") > width:
            text = text[:-1]
        return text.rstrip() + "…"


@lru_cache(maxsize=8192)
def _width(font, text: str) -> int:
    return font.size(text)[0] if text else 0


@lru_cache(maxsize=2048)
def _wrap(font, text: str, width: int) -> tuple[str, ...]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        line = ""
        for word in words:
            trial = f"{line} {word}" if line else word
            if _width(font, trial) <= width:
                line = trial
                continue
            if line:
                lines.append(line)
            while _width(font, word) > width and len(word) > 1:  # a word wider than a line
                cut = len(word)
                while cut > 1 and _width(font, word[:cut]) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return tuple(lines)
