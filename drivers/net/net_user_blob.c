// SPDX-License-Identifier: GPL-2.0
/*
 * The helper program of ethN=user (net_user_helper.c, built for the
 * host as a Kbuild host program), carried inside ./linux as read-only
 * data: ./linux stays the one file to install, and the helper can never
 * be of another build than the kernel that starts it.  The Makefile
 * gives its path, relative to the build folder, and makes this object
 * depend on it.
 */
#include "net_user.h"

asm(".pushsection .rodata, \"a\"\n"
	".balign 16\n"
	".globl net_user_helper_image\n"
	"net_user_helper_image:\n"
	".incbin \"" NET_USER_HELPER_PATH "\"\n"
	".globl net_user_helper_end\n"
	"net_user_helper_end:\n"
	".popsection\n");
