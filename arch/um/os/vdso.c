// SPDX-License-Identifier: GPL-2.0
/*
 * The host's vDSO, lent to guest processes.  Each guest process is a
 * host process and inherits our [vvar*] and [vdso] mappings; it moves
 * them, unchanged in their relative placement, to UM_HOST_VDSO_BASE
 * above the guest's address space.  The guest vDSO then calls the
 * host's clock functions there: the host kernel keeps their data pages
 * current, so reading the clock costs no trap into our kernel.
 *
 * Whether the host allows the move (a sealed or absent vDSO does not)
 * is tried once at boot in a throw-away child.
 */
#include <elf.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <um_layout.h>
#include <um_vdso.h>
#include "os.h"

#define MAX_PIECES	8

static struct {
	unsigned long start;
	unsigned long len;
} pieces[MAX_PIECES];
static int nr_pieces;
static int usable;
static struct um_host_vdso_entries entries;

/* The [vvar*] and [vdso] mappings, which must be adjacent. */
static int find_pieces(void)
{
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");
	int i;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		char *name = strchr(line, '[');

		if (!name || (strncmp(name, "[vvar", 5) &&
			      strncmp(name, "[vdso]", 6)))
			continue;
		if (sscanf(line, "%lx-%lx", &lo, &hi) != 2 ||
		    nr_pieces == MAX_PIECES) {
			nr_pieces = 0;
			break;
		}
		pieces[nr_pieces].start = lo;
		pieces[nr_pieces].len = hi - lo;
		nr_pieces++;
	}
	fclose(f);
	if (!nr_pieces)
		return -1;
	for (i = 1; i < nr_pieces; i++)
		if (pieces[i].start != pieces[i - 1].start + pieces[i - 1].len)
			return -1;
	if (pieces[nr_pieces - 1].start + pieces[nr_pieces - 1].len -
	    pieces[0].start > UM_HOST_VDSO_PAGES * UM_PAGE_SIZE)
		return -1;
	return 0;
}

/* Where a host vDSO function lands once the block has moved. */
static unsigned long moved(unsigned long addr)
{
	return addr ? addr - pieces[0].start + UM_HOST_VDSO_BASE : 0;
}

static unsigned long vdso_symbol(unsigned long base, const char *want)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)base;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(base + eh->e_phoff);
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(base + eh->e_shoff);
	unsigned long bias = base;
	int i, j;

	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) || !eh->e_shoff)
		return 0;
	/* Symbol values are link addresses; the first segment maps offset 0. */
	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD) {
			bias = base - ph[i].p_vaddr + ph[i].p_offset;
			break;
		}
	for (i = 0; i < eh->e_shnum; i++) {
		const Elf64_Sym *sym;
		const char *names;

		if (sh[i].sh_type != SHT_DYNSYM || sh[i].sh_link >= eh->e_shnum)
			continue;
		sym = (const Elf64_Sym *)(base + sh[i].sh_offset);
		names = (const char *)(base + sh[sh[i].sh_link].sh_offset);
		for (j = 0; j < sh[i].sh_size / sizeof(*sym); j++)
			if (ELF64_ST_TYPE(sym[j].st_info) == STT_FUNC &&
			    sym[j].st_shndx != SHN_UNDEF &&
			    !strcmp(names + sym[j].st_name, want))
				return bias + sym[j].st_value;
	}
	return 0;
}

/* In a new guest process: clear the window, move the host vDSO there. */
void host_vdso_move(void)
{
	int i;

	munmap((void *)UM_HOST_VDSO_BASE, UM_HOST_VDSO_PAGES * UM_PAGE_SIZE);
	if (!usable)
		return;
	for (i = 0; i < nr_pieces; i++)
		if (mremap((void *)pieces[i].start, pieces[i].len,
			   pieces[i].len, MREMAP_MAYMOVE | MREMAP_FIXED,
			   (void *)moved(pieces[i].start)) == MAP_FAILED)
			_exit(124);
}

/* Does a process that moved the block still read the clock? */
static int probe(void)
{
	int (*gettime)(clockid_t, struct timespec *);
	struct timespec ts = { 0, 0 };
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		host_vdso_move();
		gettime = (void *)entries.clock_gettime;
		_exit(gettime(CLOCK_MONOTONIC, &ts) == 0 && ts.tv_sec > 0 ?
		      0 : 1);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

void host_vdso_setup(void)
{
	unsigned long base = getauxval(AT_SYSINFO_EHDR);

	if (!base || find_pieces())
		return;
	entries.clock_gettime = moved(vdso_symbol(base, "__vdso_clock_gettime"));
	if (!entries.clock_gettime)
		return;
	usable = 1;
	if (probe())
		usable = 0;
}

int host_vdso_entries(struct um_host_vdso_entries *e)
{
	if (!usable)
		return -1;
	*e = entries;
	return 0;
}
