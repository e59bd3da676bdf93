"""The written parts of a paper as blocks: the one place their Markdown subset is parsed.

Editors write the longer parts of the cover report (purpose, supporting information, …) in a small Markdown
subset, so a paper keeps the form the board secretary gives it:

- paragraphs, separated by a blank line (each is a numbered paragraph in the cover report: 4.1, 4.2, …);
- `- ` bullets and `1.` numbered sub-lists;
- `**bold**`, `*italic*` and `***bold italic***`;
- `### ` subheadings;
- `> ` a board decision (a Markdown blockquote), printed bold italic as the seed papers print them;
- a paragraph whose first line starts, in its first column, with `\\*` (a literal asterisk, the seed's
  footnote mark) is a footnote to the paragraph above it: printed unnumbered, in smaller type;
- a line ending in a backslash keeps its line break (a title line over its paragraph);
- a backslash before a punctuation mark prints the mark as it is (`\\*`, `\\-`, `1\\.`, `\\#`, `\\>`).

Everything else Markdown knows is switched off in the parser, so raw HTML, links, images, code, tables and
entities print exactly as typed. Other heading levels (`#`, `##`) print as typed, as a plain paragraph.

`blocks(text)` gives Paragraph / Bullets / Numbered / Subheading / Decision / Footnote blocks holding inline
runs (plain, bold, italic); the Word cover report, the HTML board pack and the app's preview read these and
nothing else parses the text. Tracker text is never passed through here: only written parts are.

`escape_plain(text)` writes plain text so that it reads back as exactly that text (the store's upgrade of
texts saved before the subset existed uses it; `unescape_plain` undoes it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

LINE_BREAK = "\n"
"""Inside a run: a kept line break (a line ending in a backslash)."""


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style."""

    text: str
    bold: bool = False
    italic: bool = False


Runs = tuple[Run, ...]


@dataclass(frozen=True)
class Paragraph:
    runs: Runs


@dataclass(frozen=True)
class Footnote:
    """A paragraph starting with a literal '*': the footnote to the paragraph above, unnumbered."""

    runs: Runs


@dataclass(frozen=True)
class Subheading:
    runs: Runs


@dataclass(frozen=True)
class Decision:
    """A board decision ('> ' in the text): printed bold italic."""

    runs: Runs


@dataclass(frozen=True)
class Bullets:
    items: tuple[Runs, ...]


@dataclass(frozen=True)
class Numbered:
    items: tuple[Runs, ...]
    start: int = 1


Block = Paragraph | Footnote | Subheading | Decision | Bullets | Numbered

FOOTNOTE_MARK = "\\*"
"""A paragraph whose first line starts, in its first column, with a backslash and an asterisk is a footnote."""

ENABLED_RULES = ("heading", "list", "blockquote", "emphasis", "escape", "newline")
"""The subset: markdown-it's 'zero' preset (paragraphs and text only) plus these rules."""


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False}).enable(
        list(ENABLED_RULES)
    )


def text_of(runs: Runs) -> str:
    """The runs as plain text (markup stripped)."""
    return "".join(run.text for run in runs)


def _runs(inline: Token, bold: bool = False, italic: bool = False) -> Runs:
    """Inline children as runs; adjacent runs of one style merged, empty ones dropped."""
    out: list[Run] = []
    strong, emphasis = 0, 0
    for child in inline.children or []:
        if child.type == "strong_open":
            strong += 1
        elif child.type == "strong_close":
            strong -= 1
        elif child.type == "em_open":
            emphasis += 1
        elif child.type == "em_close":
            emphasis -= 1
        else:
            if child.type == "softbreak":
                text = " "
            elif child.type == "hardbreak":
                text = LINE_BREAK
            else:
                text = child.content
            if not text:
                continue
            run = Run(text, bold or strong > 0, italic or emphasis > 0)
            if out and (out[-1].bold, out[-1].italic) == (run.bold, run.italic):
                out[-1] = Run(out[-1].text + run.text, run.bold, run.italic)
            else:
                out.append(run)
    return _trimmed(out)


def _trimmed(runs: list[Run]) -> Runs:
    """Runs without leading/trailing spaces around the whole paragraph, and without empty runs."""
    if runs:
        runs[0] = Run(runs[0].text.lstrip(" "), runs[0].bold, runs[0].italic)
        runs[-1] = Run(runs[-1].text.rstrip(" "), runs[-1].bold, runs[-1].italic)
    return tuple(run for run in runs if run.text)


def _joined(parts: list[Runs]) -> Runs:
    """Several paragraphs' runs as one (a list item or decision of more than one paragraph)."""
    out: list[Run] = []
    for index, part in enumerate(parts):
        if index and part:
            out.append(Run(" "))
        out.extend(part)
    return tuple(out)


def blocks(text: str | None) -> list[Block]:
    """A written part as blocks, in order."""
    source = text or ""
    lines = source.splitlines()
    tokens = _parser().parse(source)
    out: list[Block] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            inline = tokens[index + 1]
            runs = _runs(inline)
            if token.tag == "h3":
                out.append(Subheading(runs))
            elif runs:
                out.append(Paragraph(_trimmed([Run(token.markup + " "), *runs])))
            index += 3
            continue
        if token.type in ("bullet_list_open", "ordered_list_open"):
            close = _closing(tokens, index)
            items = _items(tokens[index + 1 : close])
            if items:
                if token.type == "bullet_list_open":
                    out.append(Bullets(items))
                else:
                    out.append(Numbered(items, int(token.attrGet("start") or 1)))
            index = close + 1
            continue
        if token.type == "blockquote_open":
            close = _closing(tokens, index)
            inner = [_runs(t, bold=True, italic=True) for t in tokens[index:close] if t.type == "inline"]
            runs = _joined(inner)
            if runs:
                out.append(Decision(runs))
            index = close + 1
            continue
        if token.type == "inline":
            runs = _runs(token)
            opening = tokens[index - 1] if index else None
            if runs:
                first_line = lines[opening.map[0]] if opening and opening.map else ""
                footnote = token.level == 1 and first_line.startswith(FOOTNOTE_MARK)
                out.append(Footnote(runs) if footnote else Paragraph(runs))
        index += 1
    return out


def _closing(tokens: list[Token], index: int) -> int:
    """The index of the token closing the one at `index` (same nesting level)."""
    opening = tokens[index]
    closing_type = opening.type.replace("_open", "_close")
    for position in range(index + 1, len(tokens)):
        if tokens[position].type == closing_type and tokens[position].level == opening.level:
            return position
    return len(tokens) - 1


def _items(tokens: list[Token]) -> tuple[Runs, ...]:
    """The items of a list (a nested list's items follow their parent's, in order)."""
    items: list[Runs] = []
    current: list[Runs] = []
    for token in tokens:
        if token.type == "list_item_open":
            if current:
                items.append(_joined(current))
            current = []
        elif token.type == "inline":
            current.append(_runs(token))
    if current:
        items.append(_joined(current))
    return tuple(item for item in items if item)


def plain_paragraphs(text: str | None) -> list[str]:
    """Each block's text, markup stripped (a list gives one entry per item)."""
    out: list[str] = []
    for block in blocks(text):
        if isinstance(block, Bullets | Numbered):
            out.extend(text_of(item) for item in block.items)
        else:
            out.append(text_of(block.runs))
    return out


def numbered_count(text: str | None) -> int:
    """How many numbered paragraphs (4.1, 4.2, …) the part gives in the cover report."""
    return sum(isinstance(block, Paragraph) for block in blocks(text))


# -- plain text saved before the subset ---------------------------------------------------------------------

_PUNCTUATION = r"!-/:-@\[-`{-~"
_LINE_START = re.compile(r"^([ \t]*)(#|>|[-+*](?=[ \t]|$)|\d{1,9}(?=[.)](?:[ \t]|$)))", re.MULTILINE)
_INLINE = re.compile(r"([*_])")
_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)


def escape_plain(text: str) -> str:
    """Plain text written so that `blocks` reads it back as exactly that text, in the same paragraphs
    (the form the text had before the subset: a blank line parts paragraphs, a line break is a space)."""
    if not text:
        return text
    value = text.replace("\\", "\\\\")
    value = _TRAILING.sub("", value)  # two trailing spaces would keep a line break
    value = _INLINE.sub(r"\\\1", value)
    value = _LINE_START.sub(_escape_marker, value)
    # a literal '*' opening a line would make a footnote: one space before it (Markdown drops it) keeps a
    # plain paragraph
    return re.sub(r"^(?=\\\*)", " ", value, flags=re.MULTILINE)


def _escape_marker(match: re.Match[str]) -> str:
    indent, marker = match.group(1), match.group(2)
    if marker.isdigit():  # '1. ' or '1) ': the full stop or bracket after the number is escaped
        return f"{indent}{marker}\\"
    if marker == "*":  # already escaped by the inline rule
        return match.group(0)
    return f"{indent}\\{marker}"


_UNESCAPE = re.compile(rf"\\([{_PUNCTUATION}])")


def unescape_plain(text: str) -> str:
    """What escape_plain added, taken out again (trailing spaces it removed are not put back)."""
    if not text:
        return text
    return _UNESCAPE.sub(r"\1", re.sub(r"^ (?=\\\*)", "", text, flags=re.MULTILINE))
