"""`python -m tui` runs the irei command, for environments without the console script."""

from tui.cli import main

main()
