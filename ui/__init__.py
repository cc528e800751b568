"""Streamlit pages. Each renders and calls the UI-free core (assistant/); none holds logic of its own."""
