/*
 * tiny: the smallest useful exec target for bench's fork+exec+wait
 * measurement.  Built static with no libc so exec cost is dominated by
 * the kernel, not by libc start-up.
 */
void _start(void)
{
	__asm__ volatile("mov $60, %eax\n\t" /* __NR_exit */
			 "xor %edi, %edi\n\t"
			 "syscall");
	for (;;)
		;
}
