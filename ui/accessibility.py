"""Known accessibility limits that come from Streamlit's own components, not from this app.

The axe-core browser test allows exactly these (rule and element) and nothing else; the Accessibility page
lists them. Each says why the app cannot change it and what a person can do instead.
"""

from __future__ import annotations

from dataclasses import dataclass

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
"""The axe-core rule sets run on every page."""


@dataclass(frozen=True)
class KnownIssue:
    rule: str  # axe-core rule id
    within: str  # CSS selector: the violating element is this element or inside it
    element: str
    reason: str


STREAMLIT_ISSUES: tuple[KnownIssue, ...] = (
    KnownIssue(
        "list",
        '[data-testid="stSidebarNavItems"]',
        "The list of pages in the sidebar",
        "Streamlit's page navigation puts its section headings ('Board view', 'Manage data') as <div> elements "
        "inside the list of page links. Screen readers still announce every link and every section heading.",
    ),
    KnownIssue(
        "listitem",
        '[data-testid="stSidebarNavItems"]',
        "Each page link in the sidebar",
        "The same navigation markup: the links' list items sit in a wrapper that is not the list itself.",
    ),
    KnownIssue(
        "target-size",
        '[data-testid="stDateInput"]',
        "The day, month and year parts of the 'As at', 'From' and 'To' date fields",
        "Streamlit draws each part of a date as an 18 by 20 pixel field. The calendar button beside them sets the "
        "same date and is large enough (WCAG 2.2's 'equivalent control' exception); the parts can also be typed "
        "or changed with the arrow keys.",
    ),
)
