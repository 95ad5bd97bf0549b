/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __ASM_UM_FIXMAP_H
#define __ASM_UM_FIXMAP_H
/* No fixed mappings: nothing here is hardware at a fixed address. */
#endif
