// SPDX-License-Identifier: GPL-2.0
/* Structure offsets for assembly: switch.S needs none so far. */
#include <linux/kbuild.h>
#include <linux/sched.h>

int main(void)
{
	DEFINE(UM_THREAD_KSP, offsetof(struct task_struct, thread.ksp));
	return 0;
}
