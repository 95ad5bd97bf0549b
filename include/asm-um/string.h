/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __ASM_UM_STRING_H
#define __ASM_UM_STRING_H
/* lib/string.c provides every string function. */
#endif
