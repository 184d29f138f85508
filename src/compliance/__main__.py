"""``python -m compliance`` is the ``compliance`` command."""

from compliance.cli import run

run()
