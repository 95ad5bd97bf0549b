/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __ASM_UM_VMALLOC_H
#define __ASM_UM_VMALLOC_H
#endif
