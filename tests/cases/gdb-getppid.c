// SPDX-License-Identifier: GPL-2.0
/*
 * Guest program of the gdb-* tests (built static by gdb-common.inc).
 * "gdb-getppid": one getppid() system call, its result printed.
 * "gdb-getppid loop": a numbered line with getppid()'s result five
 * times a second, until killed.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

int main(int argc, char **argv)
{
	struct timespec pause = { 0, 200 * 1000 * 1000 };
	unsigned long n;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc < 2 || strcmp(argv[1], "loop")) {
		printf("GETPPID %ld\n", syscall(SYS_getppid));
		return 0;
	}
	for (n = 0;; n++) {
		printf("GDB-TICK %lu %ld\n", n, syscall(SYS_getppid));
		nanosleep(&pause, NULL);
	}
}
