// SPDX-License-Identifier: GPL-2.0
/*
 * The stub of the seccomp backend: code that runs inside a guest's host
 * process, at UM_STUB_CODE, copied there page-wise like stub.c (no
 * globals, no libc, no jump tables, system calls by hand).
 *
 * Guest code runs with a seccomp filter that turns its system calls into
 * SIGSYS; they and its faults land in um_stub_signal(), on the stub's own
 * stack, which reports to the kernel through the data pages and waits.
 * See backend_seccomp.c for the threat model; what this file must keep:
 *
 *  - Guest code may jump anywhere in this page with any registers.  The
 *    only capability the process ever holds besides its own memory is
 *    the physmem descriptor, and only inside um_stub_window(), which
 *    takes it with the kernel's batch of ops in one recvmsg(), checks
 *    where both landed, applies the ops and closes it, using no memory
 *    but the data pages at their fixed address and no indirect jump.
 *  - Any signal that interrupts code of this page ends the process, so
 *    the window cannot be left with the descriptor open; the handler
 *    itself runs with every signal blocked.
 */
#include <signal.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <sys/ucontext.h>
#include <asm/prctl.h>
#include <um_layout.h>
#include <um_regs.h>
#include <um_stub.h>
#include "stub.h"

#define FUTEX_WAIT	0
#define FUTEX_WAKE	1
#define FP_MAGIC1	0x46505853U	/* FP_XSTATE_MAGIC1 */
#define FP_SW_BYTES	464		/* software bytes in the FXSAVE area */

#define D ((struct um_stub_data *)UM_STUB_DATA)

STUB_INLINE void __attribute__((noreturn)) stub_die(void)
{
	for (;;)
		stub_syscall6(__NR_exit_group, UM_STUB_DIE, 0, 0, 0, 0, 0);
}

STUB_INLINE void stub_copy(void *dst, const void *src, unsigned long n)
{
	__asm__ volatile("rep movsb"
			 : "+D" (dst), "+S" (src), "+c" (n) : : "memory");
}

STUB_INLINE unsigned long init_trap_addr(void)
{
	unsigned long a;

	__asm__("lea um_stub_init_trap(%%rip), %0" : "=r" (a));
	return a;
}

/* Hand the data pages to the kernel with a report of @kind. */
STUB_INLINE void stub_post(int kind)
{
	D->ev_kind = kind;
	__atomic_exchange_n(&D->ch, UM_CH_KERNEL, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&D->kernel_waiting, __ATOMIC_SEQ_CST))
		stub_syscall6(__NR_futex, (long)&D->ch, FUTEX_WAKE, 1, 0, 0, 0);
}

/* Wait for the kernel's next command: spin a while, then sleep. */
STUB_INLINE int stub_await(void)
{
	long n = D->spin;

	while (n-- > 0) {
		if (__atomic_load_n(&D->ch, __ATOMIC_ACQUIRE) == UM_CH_STUB)
			return D->cmd;
		__builtin_ia32_pause();
	}
	for (;;) {
		__atomic_exchange_n(&D->stub_waiting, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&D->ch, __ATOMIC_SEQ_CST) == UM_CH_STUB)
			break;
		stub_syscall6(__NR_futex, (long)&D->ch, FUTEX_WAIT, UM_CH_KERNEL, 0, 0, 0);
	}
	D->stub_waiting = 0;
	return D->cmd;
}

/*
 * Take the kernel's batch and apply it: 1, or -1 if none was queued.
 * Registers and the data pages only, every address a constant; any
 * surprise ends the process.
 */
__attribute__((naked, section(".um_stub.text"), used, noinline))
long um_stub_window(void)
{
	__asm__ volatile(
	"push %%rbx\n\t"
	"push %%r12\n\t"
	"push %%r15\n\t"
	"movabs %[data], %%r15\n\t"
	"movq $0, %c[msg]+0(%%r15)\n\t"
	"movq $0, %c[msg]+8(%%r15)\n\t"
	"lea %c[iov](%%r15), %%rax\n\t"
	"mov %%rax, %c[msg]+16(%%r15)\n\t"
	"movq $1, %c[msg]+24(%%r15)\n\t"
	"lea %c[cmsg](%%r15), %%rax\n\t"
	"mov %%rax, %c[msg]+32(%%r15)\n\t"
	"movq $24, %c[msg]+40(%%r15)\n\t"
	"movq $0, %c[msg]+48(%%r15)\n\t"
	"lea %c[rx](%%r15), %%rax\n\t"
	"mov %%rax, %c[iov](%%r15)\n\t"
	"movq %[rxlen], %c[iov]+8(%%r15)\n\t"
	"movq $0, %c[cmsg](%%r15)\n\t"
	"movq $0, %c[cmsg]+8(%%r15)\n\t"
	"movq $0, %c[cmsg]+16(%%r15)\n\t"
	"mov %[nr_recvmsg], %%eax\n\t"
	"xor %%edi, %%edi\n\t"
	"lea %c[msg](%%r15), %%rsi\n\t"
	"mov %[dontwait], %%edx\n\t"
	"syscall\n\t"
	"test %%rax, %%rax\n\t"
	"jle 8f\n\t"
	/* From here a descriptor may be open: check where things landed. */
	"movabs %[data], %%r15\n\t"
	"lea %c[msg](%%r15), %%rcx\n\t"
	"cmp %%rcx, %%rsi\n\t"
	"jne 5f\n\t"
	"lea %c[iov](%%r15), %%rcx\n\t"
	"cmp %%rcx, %c[msg]+16(%%r15)\n\t"
	"jne 5f\n\t"
	"cmpq $1, %c[msg]+24(%%r15)\n\t"
	"jne 5f\n\t"
	"lea %c[cmsg](%%r15), %%rcx\n\t"
	"cmp %%rcx, %c[msg]+32(%%r15)\n\t"
	"jne 5f\n\t"
	"cmpl $0, %c[msg]+48(%%r15)\n\t"
	"jne 5f\n\t"
	"lea %c[rx](%%r15), %%rcx\n\t"
	"cmp %%rcx, %c[iov](%%r15)\n\t"
	"jne 5f\n\t"
	"cmpq %[rxlen], %c[iov]+8(%%r15)\n\t"
	"jne 5f\n\t"
	"cmpq $20, %c[cmsg](%%r15)\n\t"
	"jne 5f\n\t"
	"movabs $0x100000001, %%rcx\n\t"	/* SOL_SOCKET, SCM_RIGHTS */
	"cmp %%rcx, %c[cmsg]+8(%%r15)\n\t"
	"jne 5f\n\t"
	"cmpl $1, %c[cmsg]+16(%%r15)\n\t"	/* it is descriptor 1 */
	"jne 5f\n\t"
	"cmp %[rxlen], %%rax\n\t"
	"ja 5f\n\t"
	"xor %%edx, %%edx\n\t"
	"mov %[opsize], %%ecx\n\t"
	"div %%rcx\n\t"
	"test %%rdx, %%rdx\n\t"
	"jnz 5f\n\t"
	"mov %%rax, %%r12\n\t"
	"lea %c[rx](%%r15), %%rbx\n\t"
	"1:\n\t"
	"test %%r12, %%r12\n\t"
	"jz 7f\n\t"
	"mov 0(%%rbx), %%rax\n\t"
	"mov 8(%%rbx), %%rdi\n\t"
	"mov 16(%%rbx), %%rsi\n\t"
	"mov 24(%%rbx), %%rdx\n\t"
	"cmp %[op_mmap], %%rax\n\t"
	"jne 2f\n\t"
	"mov %[mapflags], %%r10d\n\t"
	"mov $1, %%r8d\n\t"
	"mov 32(%%rbx), %%r9\n\t"
	"mov %[nr_mmap], %%eax\n\t"
	"syscall\n\t"
	"cmp %%rdi, %%rax\n\t"
	"jne 5f\n\t"
	"jmp 6f\n\t"
	"2:\n\t"
	"cmp %[op_munmap], %%rax\n\t"
	"jne 3f\n\t"
	"mov %[nr_munmap], %%eax\n\t"
	"syscall\n\t"
	"test %%rax, %%rax\n\t"
	"jnz 5f\n\t"
	"jmp 6f\n\t"
	"3:\n\t"
	"cmp %[op_tsc], %%rax\n\t"
	"jne 5f\n\t"
	"mov %%rdx, %%rsi\n\t"
	"mov %[pr_tsc], %%edi\n\t"
	"mov %[nr_prctl], %%eax\n\t"
	"syscall\n\t"
	"test %%rax, %%rax\n\t"
	"jnz 5f\n\t"
	"6:\n\t"
	"add %[opsize], %%rbx\n\t"
	"dec %%r12\n\t"
	"jmp 1b\n\t"
	"7:\n\t"
	"mov %[nr_close_range], %%eax\n\t"
	"mov $1, %%edi\n\t"
	"mov $0xffffffff, %%esi\n\t"
	"xor %%edx, %%edx\n\t"
	"syscall\n\t"
	"test %%rax, %%rax\n\t"
	"jnz 5f\n\t"
	"mov $1, %%eax\n\t"
	"jmp 9f\n\t"
	"8:\n\t"
	"mov $-1, %%rax\n\t"
	"9:\n\t"
	"pop %%r15\n\t"
	"pop %%r12\n\t"
	"pop %%rbx\n\t"
	"ret\n\t"
	"5:\n\t"
	"mov %[nr_exit_group], %%eax\n\t"
	"mov %[die], %%edi\n\t"
	"syscall\n\t"
	"jmp 5b\n\t"
	:
	: [data] "i" (UM_STUB_DATA),
	  [msg] "i" (offsetof(struct um_stub_data, msg)),
	  [iov] "i" (offsetof(struct um_stub_data, iov)),
	  [cmsg] "i" (offsetof(struct um_stub_data, cmsg)),
	  [rx] "i" (offsetof(struct um_stub_data, rx)),
	  [rxlen] "i" (UM_STUB_OPS_BYTES),
	  [opsize] "i" (sizeof(struct um_stub_op)),
	  [op_mmap] "i" (UM_STUB_OP_MMAP),
	  [op_munmap] "i" (UM_STUB_OP_MUNMAP),
	  [op_tsc] "i" (UM_STUB_OP_SET_TSC),
	  [mapflags] "i" (0x11),		/* MAP_SHARED | MAP_FIXED */
	  [pr_tsc] "i" (26),			/* PR_SET_TSC */
	  [dontwait] "i" (0x40),		/* MSG_DONTWAIT */
	  [nr_recvmsg] "i" (__NR_recvmsg),
	  [nr_mmap] "i" (__NR_mmap),
	  [nr_munmap] "i" (__NR_munmap),
	  [nr_prctl] "i" (__NR_prctl),
	  [nr_close_range] "i" (__NR_close_range),
	  [nr_exit_group] "i" (__NR_exit_group),
	  [die] "i" (UM_STUB_DIE));
}

/* The handler's way back: rt_sigreturn. */
__attribute__((naked, section(".um_stub.text"), used, noinline))
void um_stub_sigreturn(void)
{
	__asm__ volatile("mov %0, %%eax\n\tsyscall\n\tud2" : : "i" (__NR_rt_sigreturn));
}

STUB_INLINE void save_regs(const greg_t *g, unsigned long *r)
{
	r[UM_REG_R15] = g[REG_R15];
	r[UM_REG_R14] = g[REG_R14];
	r[UM_REG_R13] = g[REG_R13];
	r[UM_REG_R12] = g[REG_R12];
	r[UM_REG_BP] = g[REG_RBP];
	r[UM_REG_BX] = g[REG_RBX];
	r[UM_REG_R11] = g[REG_R11];
	r[UM_REG_R10] = g[REG_R10];
	r[UM_REG_R9] = g[REG_R9];
	r[UM_REG_R8] = g[REG_R8];
	r[UM_REG_AX] = g[REG_RAX];
	r[UM_REG_CX] = g[REG_RCX];
	r[UM_REG_DX] = g[REG_RDX];
	r[UM_REG_SI] = g[REG_RSI];
	r[UM_REG_DI] = g[REG_RDI];
	r[UM_REG_IP] = g[REG_RIP];
	r[UM_REG_FLAGS] = g[REG_EFL];
	r[UM_REG_SP] = g[REG_RSP];
	r[UM_REG_CS] = g[REG_CSGSFS] & 0xffff;
	r[UM_REG_SS] = ((unsigned long)g[REG_CSGSFS] >> 48) & 0xffff;
	r[UM_REG_FS_BASE] = D->cur_fs;
	r[UM_REG_GS_BASE] = D->cur_gs;
	r[UM_REG_DS] = 0;
	r[UM_REG_ES] = 0;
	r[UM_REG_FS] = 0;
	r[UM_REG_GS] = 0;
}

STUB_INLINE void load_regs(greg_t *g, const unsigned long *r)
{
	unsigned long fs = r[UM_REG_FS_BASE], gs = r[UM_REG_GS_BASE];

	g[REG_R15] = r[UM_REG_R15];
	g[REG_R14] = r[UM_REG_R14];
	g[REG_R13] = r[UM_REG_R13];
	g[REG_R12] = r[UM_REG_R12];
	g[REG_RBP] = r[UM_REG_BP];
	g[REG_RBX] = r[UM_REG_BX];
	g[REG_R11] = r[UM_REG_R11];
	g[REG_R10] = r[UM_REG_R10];
	g[REG_R9] = r[UM_REG_R9];
	g[REG_R8] = r[UM_REG_R8];
	g[REG_RAX] = r[UM_REG_AX];
	g[REG_RCX] = r[UM_REG_CX];
	g[REG_RDX] = r[UM_REG_DX];
	g[REG_RSI] = r[UM_REG_SI];
	g[REG_RDI] = r[UM_REG_DI];
	g[REG_RIP] = r[UM_REG_IP];
	g[REG_EFL] = r[UM_REG_FLAGS];
	g[REG_RSP] = r[UM_REG_SP];
	g[REG_CSGSFS] = (g[REG_CSGSFS] & 0x0000ffffffff0000UL) |
			(r[UM_REG_CS] & 0xffff) |
			((r[UM_REG_SS] & 0xffff) << 48);
	if (fs != D->cur_fs &&
	    stub_syscall6(__NR_arch_prctl, ARCH_SET_FS, fs, 0, 0, 0, 0) == 0)
		D->cur_fs = fs;
	if (gs != D->cur_gs &&
	    stub_syscall6(__NR_arch_prctl, ARCH_SET_GS, gs, 0, 0, 0, 0) == 0)
		D->cur_gs = gs;
}

void STUB_CODE um_stub_signal(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	greg_t *g = uc->uc_mcontext.gregs;
	unsigned char *fp = (unsigned char *)uc->uc_mcontext.fpregs;
	unsigned long ip = g[REG_RIP], fpsize = 512;

	/* Frames land on our stack, never where the guest would like. */
	if ((unsigned long)uc < UM_STUB_STACK ||
	    (unsigned long)(uc + 1) > UM_STUB_STACK_TOP ||
	    (unsigned long)fp < UM_STUB_STACK ||
	    (unsigned long)fp + 1024 > UM_STUB_STACK_TOP)
		stub_die();
	/* Stub code is never interrupted, but for the first trap. */
	if (ip - UM_STUB_CODE < UM_PAGE_SIZE && ip != init_trap_addr())
		stub_die();
	if (*(unsigned int *)(fp + FP_SW_BYTES) == FP_MAGIC1)
		fpsize = *(unsigned int *)(fp + FP_SW_BYTES + 16);
	if (fpsize < 512 || fpsize > UM_PAGE_SIZE ||
	    (unsigned long)fp + fpsize > UM_STUB_STACK_TOP)
		stub_die();

	save_regs(g, D->regs);
	D->regs[UM_REG_ORIG_AX] = -1L;
	/* A system call looks as at a ptrace entry stop: nr, -ENOSYS. */
	if (sig == SIGSYS) {
		D->regs[UM_REG_ORIG_AX] = si->si_syscall;
		D->regs[UM_REG_AX] = -38L;
	}
	stub_copy(D->fpstate, fp, fpsize);
	D->ev_sig = sig;
	D->ev_code = si->si_code;
	D->ev_addr = (long)si->si_addr;
	D->ev_trapno = g[REG_TRAPNO];
	D->ev_err = g[REG_ERR];
	stub_post(UM_EV_TRAP);

	while (stub_await() == UM_CMD_RUN_OPS) {
		D->err = um_stub_window();
		stub_post(UM_EV_OPS_DONE);
	}

	load_regs(g, D->regs);
	/* The FPU image, but for the software bytes that describe it. */
	stub_copy(fp, D->fpstate, FP_SW_BYTES);
	stub_copy(fp + 512, D->fpstate + 512, fpsize - 512);
}

/*
 * First run, on the stub's stack: drop every mapping but the stub's and
 * the host vDSO, take the filter, and report at the one trap the handler
 * lets pass in stub code.
 */
void STUB_CODE __attribute__((noreturn)) um_stub_seccomp_init(void)
{
	stub_syscall6(__NR_munmap, 0, UM_STUB_CODE, 0, 0, 0, 0);
	stub_syscall6(__NR_munmap, UM_HOST_VDSO_END, 0x7ffffffff000UL - UM_HOST_VDSO_END,
	    0, 0, 0, 0);
	if (stub_syscall6(__NR_seccomp, 1 /* SECCOMP_SET_MODE_FILTER */, 0,
		(long)D->fprog, 0, 0, 0))
		stub_die();
	for (;;)
		__asm__ volatile(".globl um_stub_init_trap\n"
				 "um_stub_init_trap: ud2");
}
