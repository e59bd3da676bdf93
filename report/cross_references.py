"""Cross-references in the papers: '(cover report 4.7)', '4.8, 4.10', '4.13-4.14', '(see Appendix D)'.

One pattern per kind of reference, read by the cover report (which rewrites tracker text's references to the
paragraphs this paper actually has, and drops those it does not carry) and by the checker
(exports.cross_references.unresolved_in_papers), which reads a generated cover report (.docx) and Appendix A (.pptx) and names every
reference that does not land on something the members receive.

A reference to a cover paragraph resolves when the generated cover has a paragraph of that number; an appendix
reference resolves when the paper has that appendix (the cover's list of appendices, Appendix A itself, and for
the deck's numbered appendices a slide titled 'Appendix N'); the board pack and the dashboard's pages are not
sent to members, so a paper that sends them there has an unresolved reference.
"""

from __future__ import annotations

import re
from collections.abc import Callable

NUMBER = r"\d{1,2}\.\d{1,3}"
SPAN = rf"{NUMBER}(?:\s*[-–]\s*{NUMBER})?"
COVER_REFERENCE = re.compile(
    rf"\bcover report,?\s+((?:paragraphs?\s+)?{SPAN}(?:\s*(?:,|and)\s*{SPAN})*)", re.I
)
SPAN_PARTS = re.compile(rf"({NUMBER})(?:\s*[-–]\s*({NUMBER}))?")
APPENDIX_REFERENCE = re.compile(r"\bappendix\s+([A-Z]\b|\d{1,2}\b)", re.I)
NOT_RECEIVED = re.compile(
    r"\b(?:the board pack|the dashboard(?:'s|’s)?(?: [\w ]{0,40}? page)?|(?:on|see) the [\w ]{0,40}? page)\b",
    re.I,
)
"""What members do not receive: the HTML board pack and the dashboard's pages."""


def span_numbers(span_text: str) -> list[tuple[str, str | None]]:
    return [(m.group(1), m.group(2)) for m in SPAN_PARTS.finditer(span_text)]


def expand_span(first: str, last: str | None) -> list[str]:
    if last is None:
        return [first]
    section, start = first.split(".")
    last_section, end = last.split(".")
    if section != last_section or int(end) < int(start):
        return [first, last]
    return [f"{section}.{n}" for n in range(int(start), int(end) + 1)]


def rewrite_cover_references(text: str, mapping: Callable[[str], str | None]) -> str:
    """Tracker text with each '(cover report 4.7)' rewritten through `mapping` (a paragraph number as the text
    wrote it -> the number in this paper, or None when this paper does not carry it). References left with no
    paragraph are dropped, with the brackets or '; ' they leave empty."""

    def one(match: re.Match[str]) -> str:
        kept = []
        for first, last in span_numbers(match.group(1)):
            numbers = [mapping(n) for n in expand_span(first, last)]
            if any(n is None for n in numbers):
                continue
            kept.append(numbers[0] if last is None else f"{numbers[0]}-{numbers[-1]}")
        return f"cover report {', '.join(kept)}" if kept else ""

    if not COVER_REFERENCE.search(text):
        return text  # nothing cited: the text as written
    value = COVER_REFERENCE.sub(one, text)
    value = re.sub(r"\(\s*(?:;\s*)?\)", "", value)
    value = re.sub(r";\s*\)", ")", value)
    value = re.sub(r"\(\s*;\s*", "(", value)
    value = re.sub(r"\s+([.,;:])", r"\1", value)
    return re.sub(r"  +", " ", value).strip()
