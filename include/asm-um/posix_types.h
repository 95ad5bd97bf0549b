/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __ASM_UM_POSIX_TYPES_H
#define __ASM_UM_POSIX_TYPES_H
/* The x86_64 user ABI's types (x86's own wrapper picks them only for x86). */
#include <asm/posix_types_64.h>
#endif
