/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interrupts: host signals, masked in software.  Shared by the host
 * side (which takes the signals) and the kernel side (which handles
 * them as interrupts).
 */
#ifndef __UM_IRQ_H
#define __UM_IRQ_H

#define UM_TIMER_IRQ	0	/* the host timer's signal */
#define UM_IO_IRQ_FIRST	1	/* IRQs bound to host descriptors: */
#define UM_CONSOLE_IRQ	1	/*   console and serial line input */
#define UM_CONSOLE_WRITE_IRQ 2	/*   console output may continue */
#define UM_UBD_IRQ	3	/*   block requests completed */
#define UM_MCONSOLE_IRQ	4	/*   management console requests */
/*				     5: the mconsole's hang watchdog */
#define UM_NET_IRQ_FIRST 8	/*   ethN: frames to read, 8 + N */
#define UM_NR_IRQS	64
#define UM_SIGIO_IRQ	(UM_NR_IRQS - 1)	/* "poll the descriptors" */

#ifndef __ASSEMBLER__
/* 1 while the kernel accepts interrupts, 0 while they are masked. */
extern unsigned long um_irqs_on;
/* Bit per UM IRQ noted by a signal handler but not yet handled. */
extern unsigned long um_irqs_pending;

/* Kernel side: handle every pending IRQ (masking them meanwhile). */
void um_irq_replay(void);

/*
 * um_irqs_pending is written by signal handlers on the same thread, so
 * every read-modify-write of it must be a single instruction.
 */
static inline void um_irq_mark(int irq)
{
	__atomic_fetch_or(&um_irqs_pending, 1UL << irq, __ATOMIC_SEQ_CST);
}

static inline unsigned long um_irq_take_all(void)
{
	return __atomic_exchange_n(&um_irqs_pending, 0, __ATOMIC_SEQ_CST);
}
#endif

#endif
