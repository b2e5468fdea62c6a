"""``python -m services.extractor``: the extractor service alone."""

import sys

from services.cli import main

sys.exit(main(["extractor", *sys.argv[1:]]))
