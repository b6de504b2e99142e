"""``python -m jwsim`` = the ``jwsim`` command."""

import sys

from jwsim.cli import main

sys.exit(main())
