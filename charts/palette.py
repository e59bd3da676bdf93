"""NHS identity colours, and how each status and outcome is shown: colour, icon, word and fill pattern.

Status is never told by colour alone: every status has an icon and its word in labels and tables, a fill
pattern in bar charts and a marker shape on the due-date chart. The colours are from the NHS identity palette,
chosen so that neighbouring statuses stay apart for people with deuteranopia and protanopia, and every colour
a chart draws a mark in (a bar, a line, a marker or a hollow marker's outline) has at least 3:1 contrast with
the white background (WCAG 2.2 1.4.11), so no mark depends on an outline to be seen. NHS Orange, Warm Yellow,
Light Blue and Pale Grey do not reach 3:1 on white: the first three are left out; Pale Grey is for grid lines
only.
See tests/test_palette.py (the colours) and tests/test_chart_contrast.py (every mark every chart draws).
"""

from __future__ import annotations

NHS_BLUE = "#005EB8"
NHS_DARK_BLUE = "#003087"
NHS_BRIGHT_BLUE = "#0072CE"
NHS_DARK_GREY = "#425563"
NHS_MID_GREY = "#768692"
NHS_PALE_GREY = "#E8EDEE"
NHS_BLACK = "#231F20"
NHS_DARK_GREEN = "#006747"
NHS_DARK_RED = "#8A1538"
NHS_PURPLE = "#330072"
NHS_DARK_PINK = "#7C2855"
NHS_PINK = "#AE2573"
TEXT = "#212B32"
BACKGROUND = "#FFFFFF"

STATUS_CHART_ORDER: tuple[str, ...] = (
    "Complete",
    "On track",
    "At risk",
    "Off track",
    "Deferred",
    "Not started",
)
"""Stacking order in charts: what is done first, reading left to right."""

STATUS_COLOURS: dict[str, str] = {
    "Complete": NHS_DARK_BLUE,
    "On track": NHS_BRIGHT_BLUE,
    "At risk": NHS_PINK,
    "Off track": NHS_DARK_RED,
    "Deferred": NHS_PURPLE,
    "Not started": NHS_DARK_GREY,  # a hollow circle on the due-date chart, a dotted bar
}
STATUS_ICONS: dict[str, str] = {
    "Complete": "✔",
    "On track": "●",
    "At risk": "▲",
    "Off track": "✖",
    "Deferred": "‖",
    "Not started": "○",
}
STATUS_PATTERNS: dict[str, str] = {
    "Complete": "",
    "On track": "/",
    "At risk": "x",
    "Off track": "-",
    "Deferred": "|",
    "Not started": ".",
}
OUTCOME_COLOURS: dict[str, str] = {
    "Approved": NHS_DARK_BLUE,
    "Supported": NHS_BRIGHT_BLUE,
    "Noted": NHS_DARK_GREY,
    "Feedback given": NHS_DARK_GREEN,
    "Further work": NHS_PINK,
    "Not supported": NHS_DARK_RED,
    "Not categorised": NHS_PURPLE,
}
OUTCOME_PATTERNS: dict[str, str] = {
    "Approved": "",
    "Supported": "/",
    "Noted": ".",
    "Feedback given": "+",
    "Further work": "x",
    "Not supported": "-",
    "Not categorised": "",
}
FACET_COLOURS: dict[str, str] = {
    "ICB (NHS)": NHS_BLUE,
    "ICP": NHS_DARK_GREEN,
    "CCPL Development": NHS_PURPLE,
    "No facet": NHS_DARK_GREY,
}
STRENGTH_COLOURS: dict[str, str] = {"Primary": NHS_DARK_BLUE, "Supporting": NHS_BRIGHT_BLUE}
"""A theme's mark in the coverage matrix; an unmarked cell is not drawn (its '–' says so)."""
STRENGTH_SYMBOLS: dict[str, str] = {"Primary": "●", "Supporting": "◐", "": ""}


def status_label(status: object) -> str:
    """'▲ At risk': the icon and the word, for tables and chart labels."""
    text = "" if status is None or status != status else str(status)
    icon = STATUS_ICONS.get(text)
    return f"{icon} {text}" if icon else (text or "No status")


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour such as '#005EB8'."""
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(fill: str) -> str:
    """Black or white, whichever reads better on `fill` (labels inside bars)."""
    return NHS_BLACK if contrast_ratio(fill, NHS_BLACK) > contrast_ratio(fill, BACKGROUND) else BACKGROUND


# Colour vision deficiency simulation (Machado, Oliveira and Fernandes 2009, severity 1.0), in linear sRGB.
CVD_MATRICES: dict[str, tuple[tuple[float, float, float], ...]] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
}


def _linear(hex_colour: str) -> list[float]:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def _lab(linear: list[float]) -> tuple[float, float, float]:
    r, g, b = linear
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def perceived_difference(first: str, second: str, vision: str | None = None) -> float:
    """CIE76 colour difference (ΔE) between two colours, as seen with normal vision or a simulated deficiency."""

    def seen(colour: str) -> tuple[float, float, float]:
        linear = _linear(colour)
        if vision is not None:
            matrix = CVD_MATRICES[vision]
            linear = [
                min(max(sum(m * c for m, c in zip(row, linear, strict=True)), 0.0), 1.0) for row in matrix
            ]
        return _lab(linear)

    a, b = seen(first), seen(second)
    return sum((p - q) ** 2 for p, q in zip(a, b, strict=True)) ** 0.5
