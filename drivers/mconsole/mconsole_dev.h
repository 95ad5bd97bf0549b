/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Devices that the management console can plug in and out while the
 * guest runs ("config" and "remove" of uml_mconsole).  Kernel side only.
 *
 * A driver registers one struct mc_device per kind of device, named by
 * the prefix of its device names ("ubd", "ssl", "con"; a network driver
 * would register "eth").  The management console finds the device
 * whose prefix starts the command's argument and hands the driver the
 * rest of it:
 *
 *   config ubd1=a.img,b.img   ->  config("1=a.img,b.img")
 *   config ubd1               ->  get_config("1")
 *   remove ubd1               ->  remove("1")
 *
 * The callbacks run one at a time, in process context (they may
 * sleep).  Each returns 0 or -errno.  @msg (of @len bytes, at least
 * MC_DEV_MSG_LEN) receives the reply text: the device's description for
 * get_config, the reason on failure ("ubd1: device is busy: mounted or
 * open in the guest"), or what the user should know on success
 * ("attached to /dev/pts/3"); it is empty by default.
 */
#ifndef __MCONSOLE_DEV_H
#define __MCONSOLE_DEV_H

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/list.h>

#define MC_DEV_MSG_LEN	1024

struct mc_device {
	struct list_head list;
	const char *prefix;
	int (*config)(const char *spec, char *msg, size_t len);
	int (*get_config)(const char *id, char *msg, size_t len);
	int (*remove)(const char *id, char *msg, size_t len);
};

#ifdef CONFIG_UM_MCONSOLE
void mc_register_device(struct mc_device *dev);
#else
static inline void mc_register_device(struct mc_device *dev)
{
}
#endif

/*
 * The number that starts @id, below @max: 0 and *n, or -ENODEV and
 * @msg says "no such device PREFIXid".  Anything after the number is
 * refused unless @rest is given, which then points after the number.
 */
static inline int mc_dev_number(const char *prefix, const char *id, int max,
				int *n, const char **rest, char *msg,
				size_t len)
{
	const char *p = id;
	int v = 0;

	while (*p >= '0' && *p <= '9' && v < max)
		v = v * 10 + *p++ - '0';
	if (p == id || v >= max || (!rest && *p)) {
		snprintf(msg, len, "no such device '%s%s' (%s0 to %s%d exist)",
			 prefix, id, prefix, prefix, max - 1);
		return -ENODEV;
	}
	*n = v;
	if (rest)
		*rest = p;
	return 0;
}

#endif
