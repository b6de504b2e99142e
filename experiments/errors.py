"""Errors that are the user's input problems in experiments (designs, plans, budgets, result folders).

The CLI (``jwsim.cli.user_errors``) picks :class:`ExperimentError` up automatically and prints it as one
line on stderr with exit code 2, never a traceback.
"""

from __future__ import annotations

from jwsim.messages import one_line


class ExperimentError(ValueError):
    """A design, plan, budget, scheduler address or result folder that cannot be used; one-line message."""

    def __init__(self, message: str) -> None:
        # Paths, keys and values come from the user: a newline in them must not break the one line.
        super().__init__(one_line(message))
