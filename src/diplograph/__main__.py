"""``python -m diplograph``."""

import sys

from diplograph.cli import main

sys.exit(main())
