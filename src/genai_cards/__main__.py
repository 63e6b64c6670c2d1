"""`python -m genai_cards`."""

from .start import run

run()
