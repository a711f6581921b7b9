"""The window's look, read from the theme file (game/assets/theme.json): colours, fonts, sizes.

No colour, font or size is written in code; screens ask the theme by role ("body", "us",
"focus"). Settings (text size, palette, animation speed) pick among the theme's choices and
are kept in the user's settings file next to the saves folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pygame

TEXT_SIZES = ("normal", "large", "projector")
PALETTES = ("standard", "colour-blind")
SPEEDS = ("slow", "normal", "fast", "off")


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


@lru_cache(maxsize=1)
def theme_file() -> dict:
    """The theme file's contents."""
    return json.loads(asset("theme.json").read_text(encoding="utf-8"))


def _colour(text: str) -> tuple[int, int, int]:
    text = text.lstrip("#")
    return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))


class Theme:
    """Colours, fonts and spacing for one choice of settings."""

    def __init__(self, settings: Settings) -> None:
        data = theme_file()
        self.settings = settings
        self.colours = {k: _colour(v) for k, v in data["palettes"][settings.palette].items()}
        self.sizes = dict(data["text_sizes"][settings.text_size])
        scale = self.sizes["body"] / data["text_sizes"]["normal"]["body"]
        self.space = {k: max(1, round(v * (scale if k in ("margin", "gap", "pad") else 1)))
                      for k, v in data["spacing"].items()}
        self.window = dict(data["window"])
        self.pace = float(data["animation"][settings.speed])
        self._fonts: dict[str, pygame.font.Font] = {}
        self._paths = data["fonts"]

    def colour(self, role: str) -> tuple[int, int, int]:
        """A colour by its role in the theme's palette."""
        return self.colours[role]

    def font(self, role: str) -> pygame.font.Font:
        """The font for a text role: small, body, heading, title (bold: add '-bold')."""
        if role not in self._fonts:
            size, _, weight = role.partition("-")
            path = asset(self._paths["bold" if weight == "bold" or size in ("heading", "title")
                                     else "regular"])
            with resources.as_file(path) as real:
                self._fonts[role] = pygame.font.Font(str(real), self.sizes[size])
        return self._fonts[role]

    def line_height(self, role: str) -> int:
        """Pixels from one line of a text role to the next."""
        return self.font(role).get_linesize()

    def width(self, text: str, role: str) -> int:
        """Rendered width of a text in a role."""
        return _width(self.font(role), text)

    def wrap(self, text: str, role: str, width: int) -> tuple[str, ...]:
        """A text broken into lines no wider than `width` (words longer than a line are cut)."""
        return _wrap(self.font(role), text, max(width, 20))

    def clip(self, text: str, role: str, width: int, lines: int) -> list[str]:
        """A text wrapped to at most `lines` lines, the last cut with an ellipsis if needed."""
        wrapped = list(self.wrap(text, role, width))
        if len(wrapped) <= lines:
            return wrapped
        head = wrapped[:lines - 1]
        return [*head, self.fit(" ".join(wrapped[lines - 1:]), role, width)]

    def fit(self, text: str, role: str, width: int) -> str:
        """A text cut with an ellipsis to fit one line of `width`."""
        font = self.font(role)
        if _width(font, text) <= width:
            return text
        while text and _width(font, text + "…") > width:
            text = text[:-1]
        return text.rstrip() + "…"


@lru_cache(maxsize=8192)
def _width(font: pygame.font.Font, text: str) -> int:
    return font.size(text)[0]


@lru_cache(maxsize=2048)
def _wrap(font: pygame.font.Font, text: str, width: int) -> tuple[str, ...]:
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
