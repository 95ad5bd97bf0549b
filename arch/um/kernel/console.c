// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's messages before the console lines exist: a boot console
 * on the host's standard output.  When con0 writes to the host's
 * standard output too (the default, con0=fd:0,fd:1), it is registered
 * from the first printk on and hands over to con0's console (drivers/
 * console) as soon as that registers, without repeating a line.  When
 * con0 goes elsewhere (pts, null, a file...), nothing is written here
 * and con0's console gets the whole log from the start.  With con0=none
 * it stays: kernel messages keep going to standard output.
 */
#include <linux/init.h>
#include <linux/console.h>
#include <host.h>
#include <console_host.h>
#include "um.h"

static void um_stdout_write(struct console *con, const char *s,
			    unsigned int n)
{
	host_console_write(s, n);
}

static struct console um_stdout_console = {
	.name	= "hoststdout",
	.write	= um_stdout_write,
	.flags	= CON_PRINTBUFFER | CON_ANYTIME | CON_BOOT,
	.index	= -1,
};

void __init um_console_early_init(void)
{
	/* A bad con=/ssl= option ends the run before anything is said. */
	if (IS_ENABLED(CONFIG_UM_CONSOLE))
		cons_host_check_cmdline(boot_command_line);
	if (!IS_ENABLED(CONFIG_UM_CONSOLE) ||
	    cons_host_con0_on_stdout(boot_command_line))
		register_console(&um_stdout_console);
}
