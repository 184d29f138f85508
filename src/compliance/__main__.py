"""``python -m compliance`` is the ``compliance`` command."""

import sys

from compliance.cli import main

sys.exit(main())
