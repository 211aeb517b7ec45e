"""What several test modules share: reading pages, filling admin forms, building personas and content.

Test modules import from here, never from one another.
"""

from pathlib import Path

# The test suite's own copies of the sources (tests/data/), which the tests read by path.
DATA = Path(__file__).resolve().parent.parent / "data"
