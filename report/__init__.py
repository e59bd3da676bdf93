"""The story of a view, computed once: sections (title, sentence, figures, chart data, table).

The Streamlit pages, the HTML/PDF board pack, the Word cover report and the PowerPoint slides all render
these sections; none of them computes a figure or a sentence itself. No Streamlit here.
"""
