"""The commands, one group per file: each parses its options, calls one core function and renders
the result. `cli.py` assembles them into the app; `base.py` holds what they share."""
