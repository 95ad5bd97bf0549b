// SPDX-License-Identifier: GPL-2.0
/* Structure offsets for assembly: switch.S needs none so far. */
#include <linux/kbuild.h>

int main(void)
{
	return 0;
}
