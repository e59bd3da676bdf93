"""NHS identity colours, and how each status and outcome is shown: colour, icon, word and fill pattern.

Status is never told by colour alone: every status has an icon and its word in labels and tables, and a
fill pattern in bar charts. The colours are from the NHS identity palette, chosen so that neighbouring
statuses differ in lightness (which survives deuteranopia and protanopia) and every fill keeps at least 3:1
contrast with the white background; the one that does not (NHS Orange) gets a dark outline.
See tests/test_palette.py, which checks the contrast ratios.
"""

from __future__ import annotations

NHS_BLUE = "#005EB8"
NHS_DARK_BLUE = "#003087"
NHS_BRIGHT_BLUE = "#0072CE"
NHS_LIGHT_BLUE = "#41B6E6"
NHS_DARK_GREY = "#425563"
NHS_MID_GREY = "#768692"
NHS_PALE_GREY = "#E8EDEE"
NHS_BLACK = "#231F20"
NHS_DARK_GREEN = "#006747"
NHS_ORANGE = "#ED8B00"
NHS_WARM_YELLOW = "#FFB81C"
NHS_DARK_RED = "#8A1538"
NHS_PURPLE = "#330072"
NHS_DARK_PINK = "#7C2855"
NHS_AQUA_GREEN = "#00A499"
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
    "At risk": NHS_ORANGE,
    "Off track": NHS_DARK_RED,
    "Deferred": NHS_DARK_PINK,
    "Not started": NHS_MID_GREY,
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
OUTLINED = {NHS_ORANGE: NHS_BLACK}
"""Fills below 3:1 against white get this outline colour."""

OUTCOME_COLOURS: dict[str, str] = {
    "Approved": NHS_DARK_BLUE,
    "Supported": NHS_BRIGHT_BLUE,
    "Noted": NHS_MID_GREY,
    "Feedback given": NHS_DARK_GREEN,
    "Further work": NHS_ORANGE,
    "Not supported": NHS_DARK_RED,
    "Not categorised": NHS_PALE_GREY,
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
    "No facet": NHS_MID_GREY,
}
STRENGTH_COLOURS: dict[str, str] = {"Primary": NHS_DARK_BLUE, "Supporting": NHS_LIGHT_BLUE, "": NHS_PALE_GREY}
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
