// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupts.  The host side notes signals in um_irqs_pending; here they
 * become ordinary Linux IRQs.  SIGALRM is the timer IRQ; SIGIO means
 * "some registered host descriptor is ready" and is turned into the IRQs
 * of the descriptors that are.
 */
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/kernel_stat.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <asm/irq_regs.h>
#include <um_irq.h>
#include <host.h>
#include <asm/fd_irq.h>
#include "um.h"

/* The host delivers, the flag decides: see asm/irqflags.h. */
unsigned long um_irqs_on;
unsigned long um_irqs_pending;

/* Host descriptors that raise an IRQ when readable or writable. */
struct um_fd_irq {
	int fd;
	int events;		/* UM_IO_READ / UM_IO_WRITE */
};
static struct um_fd_irq fd_irqs[UM_NR_IRQS];

static void um_irq_mask(struct irq_data *d)
{
}

static struct irq_chip um_irq_chip = {
	.name		= "um",
	.irq_mask	= um_irq_mask,
	.irq_unmask	= um_irq_mask,
};

/*
 * Turn "a descriptor is ready" into the pending bits of its IRQs: one
 * host poll for all of them, since a SIGIO does not say whose it is.
 */
static void um_poll_fd_irqs(void)
{
	static struct host_fd_poll polls[UM_NR_IRQS];
	static int irq_of[UM_NR_IRQS];
	int irq, i, nr = 0;

	for (irq = UM_IO_IRQ_FIRST; irq < UM_NR_IRQS - 1; irq++) {
		struct um_fd_irq *f = &fd_irqs[irq];

		if (!f->events)
			continue;
		polls[nr].fd = f->fd;
		polls[nr].events = f->events;
		irq_of[nr++] = irq;
	}
	if (!nr || host_fds_ready(polls, nr))
		return;
	for (i = 0; i < nr; i++)
		if (polls[i].ready)
			um_irq_mark(irq_of[i]);
}

/* Set while a guest thread's code runs on the host, between its stops. */
int um_user_running;

static void um_handle_irq(int irq)
{
	struct pt_regs *old = set_irq_regs(READ_ONCE(um_user_running) ?
					   &current->thread.regs :
					   &um_kernel_regs);

	irq_enter();
	generic_handle_irq(irq);
	irq_exit();
	set_irq_regs(old);
}

/*
 * Called with interrupts unmasked and something pending: handle it all
 * with interrupts masked, as hardware would, then unmask again.
 */
void um_irq_replay(void)
{
	unsigned long pending;

	WRITE_ONCE(um_irqs_on, 0);
	barrier();
	while ((pending = um_irq_take_all()) != 0) {
		/*
		 * Polling marks the ready descriptors' IRQs for the next round.
		 * A SIGIO that comes meanwhile marks itself again and is polled
		 * for then: taking it here would lose what it announced.
		 */
		if (pending & (1UL << UM_SIGIO_IRQ)) {
			pending &= ~(1UL << UM_SIGIO_IRQ);
			um_poll_fd_irqs();
		}
		while (pending) {
			int irq = __ffs(pending);

			pending &= ~(1UL << irq);
			um_handle_irq(irq);
		}
	}
	barrier();
	WRITE_ONCE(um_irqs_on, 1);
}

int um_request_fd_irq(int irq, int fd, int events, irq_handler_t handler,
		      unsigned long flags, const char *name, void *dev)
{
	int err;

	if (irq < UM_IO_IRQ_FIRST || irq >= UM_SIGIO_IRQ)
		return -EINVAL;
	err = host_fd_set_async(fd);
	if (err)
		return err;
	fd_irqs[irq].fd = fd;
	fd_irqs[irq].events = events;
	err = request_irq(irq, handler, flags, name, dev);
	if (err) {
		fd_irqs[irq].events = 0;
		return err;
	}
	/* Anything that arrived before we listened. */
	um_irq_mark(UM_SIGIO_IRQ);
	return 0;
}

void um_fd_irq_mute(int irq)
{
	fd_irqs[irq].events = 0;
}

void um_free_fd_irq(int irq, void *dev)
{
	fd_irqs[irq].events = 0;
	free_irq(irq, dev);
}

int arch_show_interrupts(struct seq_file *p, int prec)
{
	return 0;
}

void __init init_IRQ(void)
{
	int irq;

	for (irq = 0; irq < UM_NR_IRQS; irq++)
		irq_set_chip_and_handler(irq, &um_irq_chip, handle_simple_irq);
	host_signals_setup();
}
