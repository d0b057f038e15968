"""``python -m multikeras inspect FILE`` / ``python -m multikeras compare FILE [--backends ...]``."""

import sys

from multikeras.saving.inspect_cli import main

if __name__ == "__main__":
    sys.exit(main())
