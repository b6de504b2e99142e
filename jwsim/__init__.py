"""jwsim: agent-based simulation of preventive youth work (jongerenwerk) in Nijmegen.

The package maps the repository's top-level folders: ``jwsim.model`` (model/), ``jwsim.experiments``
(experiments/), ``jwsim.calibration``, ``jwsim.viz``, ``jwsim.data`` and ``jwsim.scenarios``.
"""

__version__ = "0.1.0"  # the one place; pyproject.toml reads it, CITATION.cff is tested against it
