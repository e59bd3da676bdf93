"""The written parts of a paper as one text file, for `python -m exports texts` and `papers --texts`.

The file is Markdown: a line '## <part>' opens each written part (the part's label on the Board papers page,
e.g. '## Purpose (1.x)', or its short name, e.g. '## purpose'), and everything up to the next '## ' line is
that part, written in the subset of report.written. The sign-off is one line per person,
'Role | Name | Date of sign-off'. Lines before the first '## ' and lines starting '<!--' are comments. A part
left out of the file is left as standard wording (PaperTexts' default). A line of a part that itself starts
'## ' is written with a backslash before it ('\\## ') and read back without it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from formatting import long_date
from report.paper import MAX_TEXT, WRITTEN_PARTS, PaperTexts

SIGN_OFF = "Sign-off"
_HEADING = re.compile(r"^## (.+?)\s*$")


class TextsFileError(ValueError):
    """A texts file that cannot be used, with the file and the part named."""


def _names() -> dict[str, str]:
    names = {}
    for part in WRITTEN_PARTS:
        names[part.label.casefold()] = part.name
        names[part.name.casefold()] = part.name
    names[SIGN_OFF.casefold()] = "sign_off"
    names["sign_off"] = "sign_off"
    return names


def write_texts(texts: PaperTexts, source: str) -> str:
    """The texts as a file (`source` says where they came from, in a comment)."""
    lines = [f"<!-- Written parts of the cover report: {source}. See docs/papers.md. -->", ""]
    for part in WRITTEN_PARTS:
        lines.append(f"## {part.label}")
        value = str(getattr(texts, part.name))
        lines.extend(("\\" + line if line.startswith("## ") else line) for line in value.splitlines())
        lines.append("")
    lines.append(f"## {SIGN_OFF}")
    lines.extend(" | ".join(row) for row in texts.sign_off)
    return "\n".join(lines).rstrip() + "\n"


@dataclass
class _Part:
    name: str
    label: str
    lines: list[str]


def read_texts(text: str, file_name: str, base: PaperTexts | None = None) -> PaperTexts:
    """The texts a file gives (parts it leaves out as in `base`); TextsFileError names the file and part."""
    names = _names()
    parts: list[_Part] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if match := _HEADING.match(line):
            label = match.group(1)
            name = names.get(label.casefold())
            if name is None:
                known = ", ".join([p.label for p in WRITTEN_PARTS] + [SIGN_OFF])
                raise TextsFileError(
                    f"{file_name}, line {number}: '## {label}' is not a written part of the paper. "
                    f"The parts are: {known}."
                )
            if any(p.name == name for p in parts):
                raise TextsFileError(f"{file_name}, line {number}: the part '{label}' is written twice.")
            parts.append(_Part(name, label, []))
        elif parts:
            parts[-1].lines.append(line[1:] if line.startswith("\\## ") else line)
    values: dict[str, object] = {}
    for part in parts:
        body = "\n".join(part.lines).strip("\n")
        if part.name == "sign_off":
            rows = []
            for line in body.splitlines():
                if not line.strip():
                    continue
                cells = [c.strip() for c in line.split("|")]
                if len(cells) > 3:
                    raise TextsFileError(
                        f"{file_name}, part '{part.label}': '{line}' has more than three columns "
                        "(Role | Name | Date of sign-off)."
                    )
                rows.append((cells + ["", ""])[:3])
            values["sign_off"] = rows
            continue
        if len(body) > MAX_TEXT:
            raise TextsFileError(
                f"{file_name}, part '{part.label}': {len(body):,} characters, more than the "
                f"{MAX_TEXT:,} a written part can hold."
            )
        if "\x00" in body:
            raise TextsFileError(f"{file_name}, part '{part.label}': the text holds a NUL character.")
        values[part.name] = body
    return (base or PaperTexts()).with_changes(**values)


def read_texts_file(path: Path, base: PaperTexts | None = None) -> PaperTexts:
    """read_texts on a file; an unreadable file is a TextsFileError naming it."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TextsFileError(f"{path}: cannot be read as UTF-8 text ({exc.__class__.__name__}).") from exc
    return read_texts(text, str(path), base)


SHIPPED_TEXTS = "paper_texts_*.md"
"""data/paper_texts_<YYYY-MM-DD>.md: the written parts of a seed paper, in this module's format."""


def shipped_written_parts(data_dir: Path) -> list[tuple[dt.date, dict[str, object], str]]:
    """The written parts shipped beside the default trackers, one per paper: (as at, texts, where they are
    taken from), saved into a new store by services.papers.ready_store (an existing store is not given them:
    see docs/papers.md)."""
    shipped = []
    for path in sorted(data_dir.glob(SHIPPED_TEXTS)):
        as_at = dt.date.fromisoformat(path.stem.removeprefix("paper_texts_"))
        texts = read_texts_file(path, PaperTexts())
        shipped.append((as_at, texts.to_dict(), f"Taken from the cover report of {long_date(as_at)}"))
    return shipped
