/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __ASM_UM_MMU_CONTEXT_H
#define __ASM_UM_MMU_CONTEXT_H

#include <linux/mm_types.h>

/* Nothing to load on a switch: each mm is its own host process. */
static inline void switch_mm(struct mm_struct *prev, struct mm_struct *next,
			     struct task_struct *tsk)
{
}

#define init_new_context init_new_context
int init_new_context(struct task_struct *tsk, struct mm_struct *mm);

#define destroy_context destroy_context
void destroy_context(struct mm_struct *mm);

#define deactivate_mm deactivate_mm
void deactivate_mm(struct task_struct *tsk, struct mm_struct *mm);

#include <asm-generic/mm_hooks.h>
#include <asm-generic/mmu_context.h>

#endif
