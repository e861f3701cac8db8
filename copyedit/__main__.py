"""`python -m copyedit`, for environments without the console script."""

from copyedit.cli import main

main()
