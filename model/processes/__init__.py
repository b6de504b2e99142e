"""The model's processes, one module each, run in the fixed step order of ``jwsim.model.model``."""
