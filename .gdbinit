# gdb reads this when started in the checkout and auto-load safe-path
# allows it (see "Debugging with gdb" in README.md).
source tools/gdbinit
