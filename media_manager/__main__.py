import sys

from media_manager.cli import main

sys.exit(main())
