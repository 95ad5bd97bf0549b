/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IRQs raised by host descriptors becoming ready (through SIGIO), for
 * drivers: the IRQ numbers are fixed in um_irq.h, the events are
 * UM_IO_READ and UM_IO_WRITE from host_io.h.  Several descriptors may
 * share one IRQ only if the handler copes with spurious calls.
 */
#ifndef __ASM_UM_FD_IRQ_H
#define __ASM_UM_FD_IRQ_H

#include <linux/interrupt.h>
#include <um_irq.h>
#include <host_io.h>

int um_request_fd_irq(int irq, int fd, int events, irq_handler_t handler,
		      unsigned long flags, const char *name, void *dev);
/* Stop polling the descriptor (in any context); the IRQ stays requested. */
void um_fd_irq_mute(int irq);
/* The descriptor no longer raises it; it may be closed after this. */
void um_free_fd_irq(int irq, void *dev);

#endif
