// SPDX-License-Identifier: GPL-2.0
/*
 * abi-escape: hostile guest code against the stub every guest process
 * carries (issue 12, the threat model in arch/um/os/backend_seccomp.c).
 * Each attack runs in a forked child; what would betray an escape is a
 * host-side effect the host test looks for (directories and files named
 * /tmp/uml-escape-*), or a kernel that stops answering.  Inside the guest
 * each check asserts the attacker was ended or gained nothing visible.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include "abi-harness.h"

#define STUB_CODE	0x7ffffffe0000UL
#define STUB_DATA	(STUB_CODE + 4096)
#define PAGE		4096

static const char mark_dir[] = "/tmp/uml-escape-dir";
static const char mark_file[] = "/tmp/uml-escape-file";

/* Where a ret out of the stub lands: exit(42) by a raw system call. */
static char landing_stack[16384] __attribute__((aligned(16)));
__attribute__((naked, used)) static void landing(void)
{
	__asm__ volatile("lea landing_stack+16000(%%rip), %%rsp\n\t"
			 "mov $60, %%eax\n\t"
			 "mov $42, %%edi\n\t"
			 "syscall\n\t"
			 "ud2" : : : "memory");
}

static unsigned long ret_slide[4096] __attribute__((aligned(16)));

/* Registers of an attack: every call argument aims at a host path. */
struct attack {
	unsigned long rip, rax, rdi, rsi, rdx, r10, r8, r9;
};

/* Load the registers, point rsp at a slide into landing(), jump. */
static void __attribute__((noreturn)) jump(const struct attack *a)
{
	static struct attack at;
	unsigned long sp = (unsigned long)&ret_slide[2048];

	at = *a;
	__asm__ volatile("mov %0, %%rsp\n\t"
			 "mov 8+%c1, %%rax\n\t"
			 "mov 16+%c1, %%rdi\n\t"
			 "mov 24+%c1, %%rsi\n\t"
			 "mov 32+%c1, %%rdx\n\t"
			 "mov 40+%c1, %%r10\n\t"
			 "mov 48+%c1, %%r8\n\t"
			 "mov 56+%c1, %%r9\n\t"
			 "mov %c1, %%r11\n\t"
			 "xor %%ebx, %%ebx\n\t"
			 "mov %%rsp, %%rbp\n\t"
			 "jmp *%%r11"
			 : : "r" (sp), "i" (&at) : "memory");
	__builtin_unreachable();
}

static void fill_slide(void)
{
	int i;

	for (i = 0; i < 4096; i++)
		ret_slide[i] = (unsigned long)landing;
}

/* Run one attack in a child: its wait status. */
static int attack_child(const struct attack *a)
{
	pid_t p;

	fill_slide();
	p = fork();

	if (p == 0)
		jump(a);
	return wait_status(p);
}

static int ended(int st)
{
	/* killed, landed (42), or the stub's own end (111) */
	return WIFSIGNALED(st) || (WIFEXITED(st) &&
		(WEXITSTATUS(st) == 42 || WEXITSTATUS(st) == 111));
}

/*
 * The stub's code size: up to the linker's padding to the page end
 * (zeros, or runs of 10-byte nops; a function's own alignment padding
 * is shorter than 16 bytes).
 */
static unsigned long stub_len(void)
{
	static const unsigned char nop10[] = {
		0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0 };
	static const unsigned char zero20[20];
	const unsigned char *c = (const unsigned char *)STUB_CODE;
	unsigned long i;

	for (i = 0; i + 20 <= PAGE; i++)
		if ((!memcmp(c + i, nop10, 10) && !memcmp(c + i + 10, nop10, 10)) ||
		    !memcmp(c + i, zero20, 20))
			return i;
	return PAGE;
}

/* Every syscall instruction of the stub, with host-side effects asked. */
static int chk_stub_syscalls(void)
{
	const unsigned char *c = (const unsigned char *)STUB_CODE;
	static const long nrs[] = { SYS_mkdirat, SYS_mkdir, SYS_openat,
				    SYS_open, SYS_creat, SYS_socket,
				    SYS_clone, SYS_execve };
	unsigned long n = stub_len(), i;
	unsigned int j, sites = 0;

	CHECK(n > 16, "no stub code at %#lx", STUB_CODE);
	for (i = 0; i + 1 < n; i++) {
		if (c[i] != 0x0f || c[i + 1] != 0x05)
			continue;
		sites++;
		for (j = 0; j < sizeof(nrs) / sizeof(nrs[0]); j++) {
			struct attack a = {
				.rip = STUB_CODE + i, .rax = nrs[j],
				.rdi = (unsigned long)mark_dir, .rsi = 0755,
				.rdx = 0755, .r10 = 0755,
			};
			int st;

			if (nrs[j] == SYS_mkdirat || nrs[j] == SYS_openat) {
				a.rdi = (unsigned long)AT_FDCWD;
				a.rsi = (unsigned long)(j ? mark_file : mark_dir);
				a.rdx = O_CREAT | O_WRONLY;
			}
			if (nrs[j] == SYS_open || nrs[j] == SYS_creat) {
				a.rdi = (unsigned long)mark_file;
				a.rsi = O_CREAT | O_WRONLY;
			}
			st = attack_child(&a);
			CHECK(ended(st), "syscall at +%#lx, nr %ld: status %#x",
			      i, nrs[j], st);
		}
	}
	CHECK(sites >= 3, "only %u syscall instructions in the stub", sites);
	printf("# %u syscall sites, %lu bytes of stub\n", sites, n);
	return 0;
}

/* Every byte offset of the stub, registers aimed at host paths. */
static int chk_stub_offsets(void)
{
	unsigned long n = stub_len(), i;

	for (i = 0; i < n; i++) {
		struct attack a = {
			.rip = STUB_CODE + i, .rax = SYS_mkdir,
			.rdi = (unsigned long)mark_dir,
			.rsi = (unsigned long)mark_file, .rdx = 0755,
			.r10 = 0, .r8 = 1, .r9 = 0,
		};
		int st = attack_child(&a);

		CHECK(ended(st), "jump to +%#lx: status %#x", i, st);
	}
	return 0;
}

/* Host system calls of the guest's own code reach the guest kernel. */
static int chk_raw_syscalls(void)
{
	long r = syscall(SYS_mkdir, mark_dir, 0755);

	/* The guest's /tmp, not the host's: it is there, and removable. */
	CHECK(r == 0 || errno == EEXIST, "mkdir in the guest: %s",
	      strerror(errno));
	CHECK(rmdir(mark_dir) == 0, "rmdir in the guest: %s", strerror(errno));
	return 0;
}

/*
 * Forge the stub's data pages (channel, registers, ops, receive area)
 * while making system calls: the process may die, the kernel must not.
 */
static int chk_forged_data(void)
{
	struct timespec nap = { 0, 100 * 1000 * 1000 };
	pid_t p = fork();
	int st, k;

	if (p == 0) {
		unsigned long *d = (unsigned long *)STUB_DATA;
		unsigned long x = 0x9e3779b97f4a7c15UL;

		for (k = 0; k < 20000; k++) {
			int w;

			for (w = 0; w < 6 * PAGE / 8; w++) {
				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				d[w] = (k & 1) ? x : (x & 1);
			}
			syscall(SYS_getppid);
			syscall(SYS_mkdir, mark_dir, 0755);
		}
		_exit(0);
	}
	/* It may die, finish, or wedge itself: not the kernel. */
	for (k = 0; k < 50 && waitpid(p, &st, WNOHANG) == 0; k++)
		nanosleep(&nap, NULL);
	if (k == 50) {
		kill(p, SIGKILL);
		st = wait_status(p);
	}
	CHECK(WIFEXITED(st) || WIFSIGNALED(st), "status %#x", st);
	rmdir(mark_dir);
	/* The kernel still forks and runs programs. */
	p = fork();
	if (p == 0)
		_exit(7);
	st = wait_status(p);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "after: status %#x", st);
	return 0;
}

/* Find "mov $15, %eax; syscall" (rt_sigreturn) in the stub. */
static unsigned long stub_sigreturn(void)
{
	const unsigned char *c = (const unsigned char *)STUB_CODE;
	static const unsigned char pat[] = { 0xb8, 15, 0, 0, 0, 0x0f, 0x05 };
	unsigned long n = stub_len(), i;

	for (i = 0; i + sizeof(pat) <= n; i++)
		if (!memcmp(c + i, pat, sizeof(pat)))
			return STUB_CODE + i;
	return 0;
}

static volatile unsigned long spins;
static void spin_forever(void)
{
	for (;;)
		spins++;
}

/*
 * rt_sigreturn from the stub with a forged frame that blocks every host
 * signal, then spin: the kernel can no longer preempt by a signal, and
 * must end the process rather than hang.
 */
static int chk_blocked_signals(void)
{
	unsigned long sr = stub_sigreturn();
	struct timespec t0, t1, nap = { 3, 0 };
	pid_t p;
	int st;

	CHECK(sr, "no rt_sigreturn sequence in the stub");
	p = fork();
	if (p == 0) {
		static ucontext_t uc __attribute__((aligned(64)));
		struct attack a = { .rip = sr };

		/* rt_sigreturn takes the ucontext at rsp: the slide's middle. */
		memset(&uc, 0, sizeof(uc));
		sigfillset(&uc.uc_sigmask);
		uc.uc_mcontext.gregs[REG_RIP] = (unsigned long)spin_forever;
		uc.uc_mcontext.gregs[REG_RSP] = (unsigned long)&landing_stack[8000];
		uc.uc_mcontext.gregs[REG_CSGSFS] = 0x33;
		uc.uc_mcontext.gregs[REG_EFL] = 0x202;
		fill_slide();
		memcpy(&ret_slide[2048], &uc, sizeof(uc));
		jump(&a);
	}
	/* That we wake at all says the kernel took the CPU back. */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	nanosleep(&nap, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK(t1.tv_sec - t0.tv_sec < 10, "a 3 s sleep took %ld s",
	      (long)(t1.tv_sec - t0.tv_sec));
	/* Killed by the kernel (seccomp), or still spinning: ours to end. */
	if (waitpid(p, &st, WNOHANG) == 0) {
		kill(p, SIGKILL);
		st = wait_status(p);
		printf("# the spinning child was still there\n");
	}
	CHECK(WIFSIGNALED(st), "spinning child: status %#x", st);
	return 0;
}

static const struct check checks[] = {
	{ "stub_syscalls", chk_stub_syscalls },
	{ "stub_offsets", chk_stub_offsets },
	{ "raw_syscalls", chk_raw_syscalls },
	{ "forged_data", chk_forged_data },
	{ "blocked_signals", chk_blocked_signals },
};

int main(int argc, char **argv)
{
	return harness_main("abi-escape", checks,
			    sizeof(checks) / sizeof(checks[0]), argc, argv);
}
