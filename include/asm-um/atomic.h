/* SPDX-License-Identifier: GPL-2.0 */
/*
 * atomic_t and atomic64_t from the compiler's atomic builtins (fully
 * ordered); the generic fallbacks derive the weaker orderings.
 */
#ifndef __ASM_UM_ATOMIC_H
#define __ASM_UM_ATOMIC_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <asm/cmpxchg.h>
#include <asm/barrier.h>

#define ATOMIC64_INIT(i)		{ (i) }

#define arch_atomic_read(v)		READ_ONCE((v)->counter)
#define arch_atomic_set(v, i)		WRITE_ONCE((v)->counter, (i))
#define arch_atomic64_read(v)		READ_ONCE((v)->counter)
#define arch_atomic64_set(v, i)		WRITE_ONCE((v)->counter, (i))

#define UM_ATOMIC_OP(pfx, type, op, builtin)				\
static __always_inline void arch_##pfx##_##op(type i, pfx##_t *v)	\
{									\
	builtin(&v->counter, i, __ATOMIC_RELAXED);			\
}									\
static __always_inline type arch_##pfx##_fetch_##op(type i, pfx##_t *v) \
{									\
	return builtin(&v->counter, i, __ATOMIC_SEQ_CST);		\
}

#define UM_ATOMIC_RETURN(pfx, type, op, builtin)			\
static __always_inline type arch_##pfx##_##op##_return(type i, pfx##_t *v) \
{									\
	return builtin(&v->counter, i, __ATOMIC_SEQ_CST);		\
}

#define UM_ATOMIC_FAMILY(pfx, type)					\
UM_ATOMIC_OP(pfx, type, add, __atomic_fetch_add)			\
UM_ATOMIC_OP(pfx, type, sub, __atomic_fetch_sub)			\
UM_ATOMIC_OP(pfx, type, and, __atomic_fetch_and)			\
UM_ATOMIC_OP(pfx, type, or, __atomic_fetch_or)				\
UM_ATOMIC_OP(pfx, type, xor, __atomic_fetch_xor)			\
UM_ATOMIC_RETURN(pfx, type, add, __atomic_add_fetch)			\
UM_ATOMIC_RETURN(pfx, type, sub, __atomic_sub_fetch)

UM_ATOMIC_FAMILY(atomic, int)
UM_ATOMIC_FAMILY(atomic64, s64)

#define arch_atomic_add			arch_atomic_add
#define arch_atomic_sub			arch_atomic_sub
#define arch_atomic_and			arch_atomic_and
#define arch_atomic_or			arch_atomic_or
#define arch_atomic_xor			arch_atomic_xor
#define arch_atomic_fetch_add		arch_atomic_fetch_add
#define arch_atomic_fetch_sub		arch_atomic_fetch_sub
#define arch_atomic_fetch_and		arch_atomic_fetch_and
#define arch_atomic_fetch_or		arch_atomic_fetch_or
#define arch_atomic_fetch_xor		arch_atomic_fetch_xor
#define arch_atomic_add_return		arch_atomic_add_return
#define arch_atomic_sub_return		arch_atomic_sub_return
#define arch_atomic64_add		arch_atomic64_add
#define arch_atomic64_sub		arch_atomic64_sub
#define arch_atomic64_and		arch_atomic64_and
#define arch_atomic64_or		arch_atomic64_or
#define arch_atomic64_xor		arch_atomic64_xor
#define arch_atomic64_fetch_add		arch_atomic64_fetch_add
#define arch_atomic64_fetch_sub		arch_atomic64_fetch_sub
#define arch_atomic64_fetch_and		arch_atomic64_fetch_and
#define arch_atomic64_fetch_or		arch_atomic64_fetch_or
#define arch_atomic64_fetch_xor		arch_atomic64_fetch_xor
#define arch_atomic64_add_return	arch_atomic64_add_return
#define arch_atomic64_sub_return	arch_atomic64_sub_return

#define arch_atomic_xchg(v, n)		arch_xchg(&(v)->counter, (n))
#define arch_atomic_cmpxchg(v, o, n)	arch_cmpxchg(&(v)->counter, (o), (n))
#define arch_atomic64_xchg(v, n)	arch_xchg(&(v)->counter, (n))
#define arch_atomic64_cmpxchg(v, o, n)	arch_cmpxchg(&(v)->counter, (o), (n))

#endif
