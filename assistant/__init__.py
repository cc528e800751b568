"""Omnibus: a conversational self-assessment checklist for UNTOC and its Protocols.

The package is the UI-free core: it imports without Streamlit.
"""

__version__ = "0.1.0"
