// SPDX-License-Identifier: GPL-2.0
/*
 * Physical memory: an anonymous host file (memfd), so that the same
 * page can be mapped in the kernel's process and in the host processes
 * of guest address spaces.  It is never linked into a file system, and
 * it goes away with the last process that maps it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <host.h>
#include <um_layout.h>
#include "os.h"

static int physmem_fd = -1;

/*
 * Module space is kept reserved (inaccessible, no memory behind it), so
 * that nothing of the host's, such as a growing brk heap, settles where
 * modules must go.  Unmapped module pages return to the reservation.
 */
static int modules_reserve(unsigned long addr, unsigned long len, int flags)
{
	void *p = mmap((void *)addr, len, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | flags,
		       -1, 0);

	return p == (void *)addr ? 0 : -1;
}

static int in_module_space(unsigned long addr, unsigned long len)
{
	return addr >= UM_MODULES_START && addr + len <= UM_MODULES_END;
}

void host_physmem_create(unsigned long size)
{
	void *p;

	if (modules_reserve(UM_MODULES_START, UM_MODULES_END - UM_MODULES_START,
			    MAP_FIXED_NOREPLACE))
		fprintf(stderr, "linux: module space %#lx-%#lx is in use: modules may not load\n",
			UM_MODULES_START, UM_MODULES_END);

	physmem_fd = memfd_create("um-physmem", MFD_CLOEXEC);
	if (physmem_fd < 0) {
		perror("linux: cannot create the memory file (memfd_create)");
		exit(1);
	}
	if (ftruncate(physmem_fd, size)) {
		perror("linux: cannot size the memory file");
		exit(1);
	}
	p = mmap((void *)UM_PHYSMEM_BASE, size, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED_NOREPLACE, physmem_fd, 0);
	if (p != (void *)UM_PHYSMEM_BASE) {
		perror("linux: cannot map guest memory at its fixed address");
		exit(1);
	}
}

int host_physmem_fd(void)
{
	return physmem_fd;
}

int host_kernel_map(unsigned long addr, unsigned long len,
		    unsigned long offset, int writable, int exec)
{
	int prot = PROT_READ | (writable ? PROT_WRITE : 0) |
		   (exec ? PROT_EXEC : 0);
	void *p = mmap((void *)addr, len, prot, MAP_SHARED | MAP_FIXED,
		       physmem_fd, offset);

	return p == MAP_FAILED ? -errno : 0;
}

int host_kernel_unmap(unsigned long addr, unsigned long len)
{
	if (in_module_space(addr, len))
		return modules_reserve(addr, len, MAP_FIXED) ? -errno : 0;
	return munmap((void *)addr, len) ? -errno : 0;
}

unsigned long host_ram_bytes(void)
{
	long pages = sysconf(_SC_PHYS_PAGES);

	return pages > 0 ? (unsigned long)pages * sysconf(_SC_PAGESIZE) : ~0UL;
}
