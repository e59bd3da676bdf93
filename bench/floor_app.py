"""The floor for bench/bench_capacity.py: a one-metric Streamlit app, the least a Streamlit session can cost."""

import streamlit as st

st.metric("Floor figure", 1)
