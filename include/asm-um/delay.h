/* SPDX-License-Identifier: GPL-2.0 */
/* Busy-waits measured on the host clock, not by calibrated loops. */
#ifndef __ASM_UM_DELAY_H
#define __ASM_UM_DELAY_H

void um_ndelay(unsigned long nsecs);

#define ndelay(n)	um_ndelay(n)
#define udelay(n)	um_ndelay((unsigned long)(n) * 1000)
#define __delay(loops)	um_ndelay(loops)

#endif
