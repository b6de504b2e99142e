"""jwsim package."""
