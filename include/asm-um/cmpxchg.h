/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exchange primitives from the compiler's atomic builtins: single
 * locked x86 instructions, so also atomic against host signal handlers.
 */
#ifndef __ASM_UM_CMPXCHG_H
#define __ASM_UM_CMPXCHG_H

#define arch_xchg(ptr, x)						\
	__atomic_exchange_n((ptr), (x), __ATOMIC_SEQ_CST)

#define arch_cmpxchg(ptr, old, new)					\
({									\
	__typeof__(*(ptr)) __old = (old);				\
	__atomic_compare_exchange_n((ptr), &__old, (new), false,	\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
	__old;								\
})

#define arch_cmpxchg_local(ptr, old, new)	arch_cmpxchg(ptr, old, new)
#define arch_cmpxchg64(ptr, old, new)		arch_cmpxchg(ptr, old, new)
#define arch_cmpxchg64_local(ptr, old, new)	arch_cmpxchg(ptr, old, new)

#endif
