"""genai-cards: flashcards and FSRS spaced repetition for Generative AI on AWS and NVIDIA."""

__version__ = "0.1.0"
