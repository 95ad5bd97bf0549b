/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __ASM_UM_SETUP_H
#define __ASM_UM_SETUP_H

#define COMMAND_LINE_SIZE	4096

#endif
