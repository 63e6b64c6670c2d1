"""`python -m genai_cards`."""

from .cli import run

run()
