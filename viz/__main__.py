"""``python -m jwsim.viz``: start the browser app (the same as ``jwsim app``)."""

import sys

from jwsim.viz.server import main

if __name__ == "__main__":
    sys.exit(main())
