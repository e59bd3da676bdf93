"""Cluster papers: the cluster cover report and board pack, and a preview of what they say."""

import streamlit as st

from report import cluster as story
from ui.auth import cluster_texts_store, settings, sign_in_panel, signed_in_editor
from ui.cluster import cluster_paper_buttons, cluster_written_parts, page_cluster_views, paper_date
from ui.components import md
from ui.data import current_cluster
from ui.written import saved_notice_key, written_parts_form, written_preview

cluster = current_cluster()
views = page_cluster_views()
st.title("Cluster papers")
st.markdown(
    f"The cluster board's papers for **{md(cluster.name)}**: a cover report with a cluster summary and a "
    "section per ICB, and a board pack with every principle ICB by ICB. Each ICB's own papers are on its own "
    "Board papers page, unchanged."
)
texts, source = cluster_written_parts(cluster, views)
st.markdown(md(source))

st.header("Download")
cluster_paper_buttons(cluster, views, texts)

st.header("Preview")
summary = story.cluster_summary(cluster.name, views)
st.subheader("Cluster summary")
for paragraph in summary.context["paragraphs"]:
    st.markdown(md(paragraph))
for org, view in views:
    st.subheader(org.name)
    if nothing := story.nothing_to_report(org, view):
        st.markdown(md(nothing))
        continue
    part = story.organisation_paper(org, view)
    lines = [
        part.progress_sentence,
        part.attention.empty or part.attention.sentence,
        part.changes.empty or part.changes.sentence,
        part.decisions.empty or part.decisions.sentence,
    ]
    st.markdown("\n".join(f"- {md(line)}" for line in lines if line))

st.header("The cluster's written parts")
config = settings()
store = cluster_texts_store(config)  # the cluster's own words: only a cluster editor writes them
editor = signed_in_editor(config) if config.editing_enabled else None
if notice := st.session_state.pop(saved_notice_key("cluster_paper"), None):
    st.success(notice, icon=":material/check_circle:")
if editor is None:
    st.markdown("The cluster's editors write these words; everyone can download the papers above.")
    written_preview(texts)
    if config.editing_enabled:
        with st.expander("Sign in to edit"):
            sign_in_panel(store, config)
else:
    written_parts_form(store, paper_date(views), texts, editor, key="cluster_paper")
