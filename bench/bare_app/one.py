import streamlit as st

st.title("One")
st.write("Hello")
