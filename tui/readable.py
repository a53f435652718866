"""Readable text in every theme: the theme's text colours, each nudged toward black or white
just far enough to read at 4.5:1 (WCAG AA for body text) on every background it is drawn on.

Built-in themes pick their colours for looks; in several light ones muted text, warnings, the
footer's keys or the selected row read at 2:1 or worse. The app overrides those variables with
these nudged versions (``NettuiApp.get_css_variables``), so every widget, ours and Textual's,
stays in the theme's hues and is readable. ANSI themes name terminal colours: left alone.
"""

from __future__ import annotations

from textual.color import Color

BODY = 4.5  # WCAG AA contrast for body text
BACKGROUNDS = ("background", "surface", "panel")
# text colours drawn on the app's backgrounds, and the share of the foreground a muted one has
TEXT_ON_BACKGROUNDS = ("text-error", "text-warning", "text-success", "text-accent", "text-primary")
MUTED = {"text-muted": 0.70, "text-disabled": 0.55}
VARIANTS = ("primary", "success", "warning", "error")  # button variants, each with its own label colour


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = color.rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: Color, b: Color) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(color: Color, backgrounds: list[Color], ratio: float = BODY) -> Color:
    """``color``, moved toward black on light backgrounds (white on dark) in small steps until
    it reads at ``ratio`` on each of ``backgrounds``."""
    dark = sum(luminance(b) for b in backgrounds) / len(backgrounds) < 0.18
    target = Color(255, 255, 255) if dark else Color(0, 0, 0)
    for step in range(21):
        candidate = color.blend(target, step / 20)
        if all(contrast(candidate, b) >= ratio for b in backgrounds):
            return candidate
    return target


def _resolve(value: str, background: Color) -> Color:
    """A theme value as a solid colour: "auto 87%" is the contrast text of ``background``."""
    color = background.get_contrast_text() if value.startswith("auto") else Color.parse(value)
    return background + color if color.a < 1 else color


def readable_variables(variables: dict[str, str], *, ansi: bool = False) -> dict[str, str]:
    """The text variables to override, as solid hex colours."""
    if ansi:  # terminal colours: only what the app's CSS needs, as the theme has it
        return {f"nettui-on-{variant}": variables["button-color-foreground"] for variant in VARIANTS}
    plain = [Color.parse(variables[name]) for name in BACKGROUNDS]
    surface = Color.parse(variables["surface"])
    foreground = _resolve(variables["foreground"], surface)
    boost = Color.parse(variables.get("boost", "#00000000"))
    # focused inputs, buttons and lists are boosted or tinted with the foreground
    backgrounds = [*plain, *(b + boost for b in plain), *(b + foreground.with_alpha(0.05) for b in plain)]
    highlights = [  # where the foreground is drawn on a tint: an unfocused list's row, selected text
        b + Color.parse(variables[name])
        for name in ("block-cursor-blurred-background", "input-selection-background")
        if name in variables
        for b in backgrounds
    ]
    highlights += [h + foreground.with_alpha(0.05) for h in highlights]  # in a focused input
    out = {"foreground": readable(foreground, backgrounds + highlights).hex}
    if "input-selection-foreground" in variables:
        out["input-selection-foreground"] = readable(
            _resolve(variables["input-selection-foreground"], highlights[-1]), highlights
        ).hex
    for name, share in MUTED.items():
        out[name] = readable(surface.blend(foreground, share), backgrounds).hex
    for name in TEXT_ON_BACKGROUNDS:
        if name in variables:
            out[name] = readable(_resolve(variables[name], surface), backgrounds).hex
    for kind in ("block-cursor", "block-cursor-blurred"):  # the selected row, focused or not
        unders = [b + Color.parse(variables[f"{kind}-background"]) for b in backgrounds]
        colour = _resolve(variables[f"{kind}-foreground"], unders[0])
        out[f"{kind}-foreground"] = readable(colour, unders).hex
    for name in ("button-foreground",):
        if name in variables:
            out[name] = readable(_resolve(variables[name], surface), backgrounds).hex
    for variant in VARIANTS:  # a button's label on its variant's colour (default: one for all)
        under = Color.parse(variables[variant])
        out[f"nettui-on-{variant}"] = readable(
            _resolve(variables["button-color-foreground"], under), [under]
        ).hex
    footer = Color.parse(variables.get("footer-background", variables["panel"]))
    for name in ("footer-key-foreground", "footer-description-foreground"):
        if name in variables:
            out[name] = readable(_resolve(variables[name], footer), [footer]).hex
    return out
