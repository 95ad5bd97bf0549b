// SPDX-License-Identifier: GPL-2.0
/*
 * Loadable modules: where their memory comes from, and the x86_64
 * relocations their objects carry.
 *
 * Modules are compiled like the rest of the kernel (small code model,
 * no PIE), so the code of a module refers to kernel symbols through
 * 32-bit displacements and to its own symbols through 32-bit absolute
 * immediates.  Both only fit when the module lies in the low 2 GiB of
 * the kernel's host process, close to the executable: that window is
 * MODULES_VADDR..MODULES_END, mapped page by page like vmalloc space.
 * Module memory starts out writable and not executable; the module
 * loader makes the text executable (and read-only) once relocated.
 */
#include <linux/elf.h>
#include <linux/execmem.h>
#include <linux/kernel.h>
#include <linux/moduleloader.h>
#include <linux/pgtable.h>
#include <linux/printk.h>
#include <linux/string.h>

/* Relocation types of the x86_64 psABI that kernel objects use. */
#define UM_R_NONE	0	/* nothing to do */
#define UM_R_64		1	/* S + A, 64 bits */
#define UM_R_PC32	2	/* S + A - P, signed 32 bits */
#define UM_R_PLT32	4	/* a call; no PLT here, so as PC32 */
#define UM_R_32		10	/* S + A, zero-extended 32 bits */
#define UM_R_32S	11	/* S + A, sign-extended 32 bits */
#define UM_R_PC64	24	/* S + A - P, 64 bits */

static struct execmem_info um_execmem __ro_after_init;

struct execmem_info __init *execmem_arch_setup(void)
{
	int type;

	for (type = EXECMEM_DEFAULT; type < EXECMEM_TYPE_MAX; type++) {
		struct execmem_range *r = &um_execmem.ranges[type];

		r->start = MODULES_VADDR;
		r->end = MODULES_END;
		r->pgprot = PAGE_KERNEL;
		r->alignment = 1;
	}
	return &um_execmem;
}

/* Store the low @size bytes of @val at @where (little endian). */
static void um_reloc_store(void *where, u64 val, unsigned int size)
{
	if (size == 8) {
		u64 v = val;

		memcpy(where, &v, sizeof(v));
	} else {
		u32 v = (u32)val;

		memcpy(where, &v, sizeof(v));
	}
}

/* 0, -ERANGE when the value does not fit, -ENOEXEC for unknown types. */
static int um_reloc_one(unsigned int type, void *where, u64 val)
{
	u64 place = (u64)(unsigned long)where;
	s64 sval;

	switch (type) {
	case UM_R_NONE:
		return 0;
	case UM_R_64:
		um_reloc_store(where, val, 8);
		return 0;
	case UM_R_PC64:
		um_reloc_store(where, val - place, 8);
		return 0;
	case UM_R_32:
		if (val > U32_MAX)
			break;
		um_reloc_store(where, val, 4);
		return 0;
	case UM_R_32S:
		sval = (s64)val;
		if (sval < S32_MIN || sval > S32_MAX)
			break;
		um_reloc_store(where, val, 4);
		return 0;
	case UM_R_PC32:
	case UM_R_PLT32:
		sval = (s64)(val - place);
		if (sval < S32_MIN || sval > S32_MAX)
			break;
		um_reloc_store(where, (u64)sval, 4);
		return 0;
	default:
		return -ENOEXEC;
	}
	return -ERANGE;
}

int apply_relocate_add(Elf64_Shdr *sechdrs, const char *strtab,
		       unsigned int symindex, unsigned int relsec,
		       struct module *mod)
{
	const Elf64_Shdr *rel_sec = &sechdrs[relsec];
	const Elf64_Rela *rela = (const Elf64_Rela *)rel_sec->sh_addr;
	const Elf64_Sym *syms = (const Elf64_Sym *)sechdrs[symindex].sh_addr;
	unsigned long target = sechdrs[rel_sec->sh_info].sh_addr;
	unsigned int n = rel_sec->sh_size / sizeof(*rela);
	unsigned int i;

	for (i = 0; i < n; i++) {
		const Elf64_Sym *sym = &syms[ELF64_R_SYM(rela[i].r_info)];
		unsigned int type = ELF64_R_TYPE(rela[i].r_info);
		void *where = (void *)(target + rela[i].r_offset);
		int err;

		err = um_reloc_one(type, where,
				   sym->st_value + rela[i].r_addend);
		if (err == -ERANGE) {
			pr_err("%s: relocation type %u against '%s' out of range (section %u, offset %#llx)\n",
			       mod->name, type, strtab + sym->st_name,
			       rel_sec->sh_info,
			       (unsigned long long)rela[i].r_offset);
			return -ENOEXEC;
		}
		if (err) {
			pr_err("%s: unknown relocation type %u against '%s'\n",
			       mod->name, type, strtab + sym->st_name);
			return err;
		}
	}
	return 0;
}
