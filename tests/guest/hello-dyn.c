/*
 * hello-dyn: a dynamically linked helper for abi-test's execve_dynamic
 * case.  Build without -static; the image needs ld.so and libc
 * (tools/mkrootfs --glibc).  Prints one line and exits 5 so the caller
 * can check that the loader, libc and exit status all worked.
 */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	(void)argv;
	/* Touch libc beyond printf so relocations are really exercised. */
	char buf[32];
	snprintf(buf, sizeof buf, "%s", "hello-dyn ok");
	if (strlen(buf) != 12)
		return 1;
	printf("%s argc=%d\n", buf, argc);
	return 5;
}
