/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Services of the host side (arch/um/os), for the kernel side.  Return
 * values follow the kernel's convention: >= 0 on success, -errno on
 * failure.  Nothing here takes or returns a kernel or glibc type.
 */
#ifndef __UM_HOST_H
#define __UM_HOST_H

/* --- the process --- */
void host_exit(int status) __attribute__((noreturn));
void host_reboot(void) __attribute__((noreturn));
void host_fatal(const char *msg) __attribute__((noreturn));
/* This instance's name (umid=, or a random one). */
const char *host_umid(void);
/* Its folder (~/.uml/NAME): host-side sockets of this instance go here. */
const char *host_umid_dir(void);

/* --- console output of the kernel itself --- */
void host_console_write(const char *buf, unsigned int len);

/* --- physical memory (the memfd mapped at UM_PHYSMEM_BASE) --- */
int host_physmem_fd(void);
/* The process backend guests run under: "ptrace" or "seccomp". */
const char *host_backend_name(void);
/* Map physmem [offset, offset+len) at addr in the kernel process. */
int host_kernel_map(unsigned long addr, unsigned long len,
		    unsigned long offset, int writable, int exec);
int host_kernel_unmap(unsigned long addr, unsigned long len);
unsigned long host_ram_bytes(void);
/* One-time copy of the stub code page into physmem at offset. */

/*
 * --- initrd=FILE: opened and sized by main() before boot (a missing or
 * empty file is an error there), read into memory during boot ---
 */
unsigned long host_initrd_size(void);
/* Read the whole file to dst; 0 or -errno. */
int host_initrd_read(void *dst, unsigned long len);

/* --- random numbers: the host's, without blocking; bytes or -errno --- */
long host_random_bytes(void *buf, unsigned long len);

/* --- time --- */
unsigned long long host_monotonic_ns(void);
unsigned long long host_realtime_ns(void);
int host_timer_setup(void);
void host_timer_oneshot(unsigned long long ns);
void host_timer_stop(void);

/* --- interrupts: host signals --- */
void host_signals_setup(void);
/* Wait for a host signal; returns at once if an IRQ is pending. */
void host_idle_wait(void);
/* Block/unblock the IRQ signals (for code that must not be interrupted). */
void host_block_irq_signals(void);
void host_unblock_irq_signals(void);

#endif
