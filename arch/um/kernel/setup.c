// SPDX-License-Identifier: GPL-2.0
/*
 * From the host's main() to start_kernel(), and the machine-level
 * operations (halt, power off, restart, panic) that end the process.
 */
#include <linux/init.h>
#include <linux/initrd.h>
#include <linux/kernel.h>
#include <linux/start_kernel.h>
#include <linux/string.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/panic.h>
#include <linux/panic_notifier.h>
#include <linux/reboot.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/utsname.h>
#include <asm/setup.h>
#include <asm/sections.h>
#include <kern.h>
#include <host.h>
#include "um.h"

unsigned long um_physmem_size;
static char um_command_line[COMMAND_LINE_SIZE];

void __init um_boot(const char *cmdline, unsigned long physmem_size)
{
	/* The classic defaults, which the user's own options override. */
	snprintf(um_command_line, sizeof(um_command_line),
		 "root=/dev/ubda rw %s", cmdline);
	um_physmem_size = physmem_size;
	/* From here on we run on init_task's kernel stack. */
	um_run_on_stack((unsigned long)init_stack + THREAD_SIZE, start_kernel);
}

/*
 * initrd=FILE: read into memory the allocator has not been given yet;
 * the generic code unpacks it into the root file system and frees it.
 */
static void __init um_load_initrd(void)
{
#ifdef CONFIG_BLK_DEV_INITRD
	unsigned long size = host_initrd_size();
	void *mem;
	int err;

	if (!size)
		return;
	mem = memblock_alloc(PAGE_ALIGN(size), PAGE_SIZE);
	if (!mem) {
		pr_emerg("initrd: %lu bytes do not fit in mem=%luM\n", size,
			 um_physmem_size >> 20);
		host_fatal("initrd: the file does not fit in the guest's memory");
	}
	err = host_initrd_read(mem, size);
	if (err) {
		pr_emerg("initrd: reading failed (%d)\n", err);
		host_fatal("initrd: reading the file failed");
	}
	initrd_start = (unsigned long)mem;
	initrd_end = initrd_start + size;
#else
	if (host_initrd_size())
		host_fatal("initrd=: this kernel is built without CONFIG_BLK_DEV_INITRD");
#endif
}

void __init setup_arch(char **cmdline_p)
{
	strscpy(boot_command_line, um_command_line, COMMAND_LINE_SIZE);
	*cmdline_p = um_command_line;
	um_console_early_init();
	parse_early_param();
	pr_info("Instance umid: %s\n", host_umid());

	um_mem_setup(um_physmem_size);
	um_load_initrd();
	paging_init();
	um_cpu_features_init();
}

/* Options the host side took before boot: nothing left to do here. */
#define UM_HOST_PARAM(name)					\
static int __init um_host_param_##name(char *arg)		\
{								\
	return 0;						\
}								\
early_param(#name, um_host_param_##name)

UM_HOST_PARAM(mem);
UM_HOST_PARAM(umid);
UM_HOST_PARAM(uml_dir);
UM_HOST_PARAM(hostcpu);
UM_HOST_PARAM(mode);

void um_kernel_fault(int sig, unsigned long addr, unsigned long ip)
{
	panic("Kernel mode fault: host signal %d at address %lx, ip %lx (%pS)",
	      sig, addr, ip, (void *)ip);
}

/* Host exit status of a kernel that panicked. */
#define UM_EXIT_PANIC	1

/*
 * panic() calls panic_blink from its final loop, after the "end Kernel
 * panic" line: the one point where everything has been said.  Ending
 * the host process there is what ending the machine means.
 */
static long um_panic_exit(int state)
{
	host_exit(UM_EXIT_PANIC);
}

static void um_power_off(void)
{
	host_exit(0);
}

static int __init um_panic_init(void)
{
	panic_blink = um_panic_exit;
	pm_power_off = um_power_off;
	return 0;
}
early_initcall(um_panic_init);

void machine_halt(void)
{
	host_exit(0);
}

void machine_power_off(void)
{
	host_exit(0);
}

void machine_restart(char *cmd)
{
	host_reboot();
}

void (*pm_power_off)(void);
EXPORT_SYMBOL(pm_power_off);

/* /proc/cpuinfo */
static int show_cpuinfo(struct seq_file *m, void *v)
{
	seq_puts(m, "processor\t: 0\n");
	seq_puts(m, "vendor_id\t: User Mode Linux\n");
	seq_puts(m, "model name\t: UML\n");
	seq_printf(m, "bogomips\t: %lu.%02lu\n\n",
		   loops_per_jiffy / (500000 / HZ),
		   (loops_per_jiffy / (5000 / HZ)) % 100);
	return 0;
}

static void *c_start(struct seq_file *m, loff_t *pos)
{
	return *pos < 1 ? (void *)1 : NULL;
}

static void *c_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return NULL;
}

static void c_stop(struct seq_file *m, void *v)
{
}

const struct seq_operations cpuinfo_op = {
	.start	= c_start,
	.next	= c_next,
	.stop	= c_stop,
	.show	= show_cpuinfo,
};

const char *um_release(void)
{
	return init_utsname()->release;
}
