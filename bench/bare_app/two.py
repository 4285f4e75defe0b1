import streamlit as st

st.title("Two")
st.write("Hello")
