# SPDX-License-Identifier: GPL-2.0
#
# `make linux DEBUG=1` copies this file to ./linux-gdb.py, which gdb runs
# when it loads ./linux (OBJFILE-gdb.py, where auto-load safe-path allows
# it; tools/gdbinit runs it otherwise).  It loads the kernel's gdb helpers
# (lx-dmesg, lx-ps, $lx_current(), ...) from the debug build folder.
#
# vmlinux-gdb.py finds its modules beside its own __file__, but a script
# that gdb runs from another Python script keeps the outer __file__: the
# helpers' folder goes on the module path here.
import os
import sys

_um_build = os.path.join(os.path.dirname(os.path.realpath(__file__)),
                         "build", "kernel-debug")
sys.path.insert(0, os.path.join(_um_build, "scripts", "gdb"))
gdb.execute("source " + os.path.join(_um_build, "vmlinux-gdb.py"))
