/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interrupts are host signals.  Masking them is a flag in memory: the
 * host signal handler only notes a signal as pending while the flag is
 * clear, and turning the flag back on replays what was noted.
 */
#ifndef __ASM_UM_IRQFLAGS_H
#define __ASM_UM_IRQFLAGS_H

#include <linux/compiler.h>
#include <um_irq.h>

#define ARCH_IRQ_DISABLED	0UL
#define ARCH_IRQ_ENABLED	1UL

static inline unsigned long arch_local_save_flags(void)
{
	return READ_ONCE(um_irqs_on);
}

static inline void arch_local_irq_restore(unsigned long flags)
{
	barrier();
	WRITE_ONCE(um_irqs_on, flags);
	barrier();
	if (flags && unlikely(READ_ONCE(um_irqs_pending)))
		um_irq_replay();
}

static inline void arch_local_irq_disable(void)
{
	WRITE_ONCE(um_irqs_on, ARCH_IRQ_DISABLED);
	barrier();
}

static inline void arch_local_irq_enable(void)
{
	arch_local_irq_restore(ARCH_IRQ_ENABLED);
}

static inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags = arch_local_save_flags();

	arch_local_irq_disable();
	return flags;
}

static inline bool arch_irqs_disabled_flags(unsigned long flags)
{
	return flags == ARCH_IRQ_DISABLED;
}

static inline bool arch_irqs_disabled(void)
{
	return arch_irqs_disabled_flags(arch_local_save_flags());
}

#endif
