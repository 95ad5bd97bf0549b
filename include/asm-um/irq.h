/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __ASM_UM_IRQ_H
#define __ASM_UM_IRQ_H

#include <um_irq.h>

#define NR_IRQS		UM_NR_IRQS

#include <asm-generic/irq.h>

#endif
