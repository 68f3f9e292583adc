"""Allow ``python -m helpers ...``; see :mod:`helpers.course.cli`."""

import sys

from helpers.course.cli import main

sys.exit(main())
