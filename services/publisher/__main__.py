"""``python -m services.publisher``: the publisher service alone."""

import sys

from services.cli import main

sys.exit(main(["publisher", *sys.argv[1:]]))
