"""Errors that are the user's input problems in experiments (designs, plans, budgets, result folders).

The CLI (``jwsim.cli.user_errors``) picks :class:`ExperimentError` up automatically and prints it as one
line on stderr with exit code 2, never a traceback.
"""

from __future__ import annotations


class ExperimentError(ValueError):
    """A design, plan, budget, scheduler address or result folder that cannot be used; one-line message."""
