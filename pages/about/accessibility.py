"""Accessibility statement: what has been tested, how, and the known limits that come from Streamlit."""

import streamlit as st

from ui.accessibility import WCAG_TAGS

st.title("Accessibility statement")
st.markdown(
    """This dashboard is for the boards of Joined Up Care Derbyshire and their members, including people who
use screen readers, magnifiers or only a keyboard, and people who cannot tell some colours apart. It aims to
meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA, as the Public Sector Bodies
Accessibility Regulations 2018 require."""
)
st.header("What you can expect")
st.markdown(
    """- Every chart has a sentence beside it that says what it shows, worked out from the same figures, and the
  figures themselves as a table under "The figures behind this chart".
- A status is never told by colour alone: each has a word and a symbol (✔ Complete, ● On track, ▲ At risk,
  ✖ Off track, ‖ Deferred, ○ Not started), and bars carry a fill pattern. The colours are from the NHS
  palette, chosen to stay distinct for people with red-green colour blindness, with at least 3:1 contrast
  for chart marks and 4.5:1 for text.
- Everything can be done from the keyboard: the page list, the filters, tables, downloads, signing in,
  uploading and confirming. The page list in the sidebar has a heading for each group of pages, so a screen
  reader can jump between the groups.
- Controls are at least 24 by 24 pixels. Dates ('As at', 'From', 'To') are typed into one text field each,
  day first (08/02/2023); a date that cannot be read is named with what to type instead.
- Pages work on a laptop, a tablet and a phone: figures, charts and tables rearrange to the width of the
  screen, and chart labels are written out in full rather than cut short.
- Each page has one title, then sections in order. Numbers come with their units and the 'as at' date;
  pages with computed measures say how they are worked out.
- Tables can be downloaded as CSV or Excel, and the whole report as a board pack that prints to A4."""
)
st.header("How it was tested")
st.markdown(
    f"""- **Automatically, on every change:** axe-core (the engine NHS services test with) runs on every page in
  Chromium with the shipped data and with a large test data set, checking the rule sets
  {", ".join(f"`{t}`" for t in WCAG_TAGS)}. The test fails on any serious or critical problem: there is
  no list of allowed exceptions.
- **Keyboard:** a browser test reaches and operates a filter, a download and the upload confirmation with
  the Tab and Enter keys only.
- **Colour:** a test checks the contrast of every chart colour and how far apart neighbouring status colours
  stay for people with deuteranopia and protanopia (simulated).
- **By eye:** screenshots of every page at 200% zoom and in windows the size of a laptop (1280 by 800), a
  tablet (820 by 1180) and a phone (390 by 844) were checked for text cut off or overlapping."""
)
st.header("Known limitations")
st.markdown(
    """These come from Streamlit, the software the dashboard is built with. None is a failure the automated
test finds; each is a place where the experience is poorer than it could be.

- The page list shows the page you are on by its shading only; a screen reader does not announce it. The
  page's title, its first heading, says which page it is.
- Tables are drawn by Streamlit's data grid. Screen readers can move through their cells, but long text
  is cut off on screen; every table can be downloaded in full, and upload problems are listed as text.
- Charts are pictures drawn by Plotly: their sentence and table of figures carry the same information."""
)
st.header("Feedback")
st.markdown(
    "If something does not work for you, tell the JUCD Assistant Director for Workforce Strategy, Planning "
    "and Transformation, who keeps the trackers, so that it can be fixed."
)
