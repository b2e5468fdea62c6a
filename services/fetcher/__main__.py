"""``python -m services.fetcher``: the fetcher service alone (same as ``newsalert fetcher``)."""

import sys

from services.cli import main

if __name__ == "__main__":
    sys.exit(main(["fetcher", *sys.argv[1:]]))
