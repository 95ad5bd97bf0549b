/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hot-plug of console and serial lines (config/remove of the management
 * console): the host side (chan_host.c) for the kernel side
 * (console_kern.c), next to the rest of their interface in
 * console_host.h.  Line numbers as there; >= 0 or -errno.
 */
#ifndef __UM_CHAN_HOTPLUG_H
#define __UM_CHAN_HOTPLUG_H

/* The line's channel description, as given ("fd:0,fd:1", "none"). */
int cons_host_spec(int line, char *buf, unsigned long len);

/*
 * Give a line that is "none" the channels of spec and open them; a
 * line that has channels is refused (-EBUSY).  On failure nothing
 * changes and err says why.  "none" changes nothing and succeeds.
 * cons_host_message() tells where the line went ("attached to ...").
 */
int cons_host_hot_config(int line, const char *spec, char *err,
			 unsigned long len);

/*
 * Close the line's channels (descriptors given with fd:N stay open, as
 * they were before) and set it to "none".
 */
void cons_host_hot_remove(int line);

#endif
