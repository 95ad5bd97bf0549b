// SPDX-License-Identifier: GPL-2.0
/*
 * main() of ./linux: read the host-level options, set up physical
 * memory and hand the rest of the command line to the kernel.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <host.h>
#include <kern.h>
#include <um_layout.h>
#include "backend.h"
#include "os.h"

#define UM_DEFAULT_MEM	(256UL << 20)
#define UM_MIN_MEM	(16UL << 20)
#define UM_CMDLINE_MAX	4096

static char **saved_argv;

static void usage(FILE *f)
{
	fprintf(f,
"Usage: linux [options]  (user-mode Linux %s)\n"
"Runs Linux as an ordinary process.  Options are kernel command-line\n"
"parameters; the ones for the virtual machine are:\n"
"  mem=SIZE[K|M|G]         memory of the guest (default 256M, at least 16M)\n"
"  ubdN[rscd]=FILE         block device /dev/ubdX on a host file (N = 0..15)\n"
"                          r: read-only, s: synchronous, d: no partitions,\n"
"                          c: shared (no lock); FILE may be COW,BACKING\n"
"  root=DEV                root device (default /dev/ubda)\n"
"  init=PATH               first program (default /sbin/init, /etc/init, /bin/sh)\n"
"  rootfstype=hostfs rootflags=DIR   root on the host folder DIR\n"
"  hostfs=DIR              confine hostfs mounts to the host folder DIR\n"
"  initrd=FILE             an initramfs: a cpio archive, compressed or not\n"
"  con=CHANNEL             all consoles; conN=CHANNEL for one\n"
"                          CHANNEL: fd:N, fd:IN,fd:OUT, null, none, pty, pts,\n"
"                          port:N, xterm, tty:DEVICE\n"
"  ssl=CHANNEL, sslN=...   serial lines, the same channels\n"
"  ethN=TRANSPORT,...      network device ethN (N = 0..15) on a host transport:\n"
"                          tuntap,TAP[,MAC]  daemon[,MAC,unix,CTL]\n"
"                          vde[,SWITCH,MAC,PORT]  slirp[,MAC,PROGRAM,ARGS]\n"
"                          mcast[,MAC,ADDR,PORT,TTL]\n"
"  umid=NAME               name of this instance (~/.uml/NAME)\n"
"  uml_dir=DIR             folder for instance folders (default ~/.uml)\n"
"  hostcpu=N|all           run on host CPU N (default: the one it starts on)\n"
"  mode=ptrace|seccomp     how guest processes run (default: seccomp if the host can)\n"
"                          or on all of them\n"
"  mconsole=notify:SOCKET  report boot, panics and hangs to a host program\n"
"                          on the unix datagram socket SOCKET\n"
"  mconsole=hang:SECONDS   with notify: report when the kernel has not answered\n"
"                          for SECONDS (default 30; 0: no hang reports)\n"
"  quiet                   fewer boot messages\n"
"  --help                  this text\n"
"  --version               the kernel version\n"
"Every other kernel parameter is passed to the kernel as usual.\n",
		um_release());
}

/* "256M" and friends; 0 on a malformed size. */
static unsigned long parse_size(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return 0;
	switch (*end) {
	case 'G': case 'g':
		v <<= 10;
		/* fall through */
	case 'M': case 'm':
		v <<= 10;
		/* fall through */
	case 'K': case 'k':
		v <<= 10;
		end++;
		break;
	}
	return *end ? 0 : v;
}

/*
 * Every hand-off between the kernel's process and a guest process
 * (each guest system call and fault) wakes the other side.  On one CPU
 * that is a context switch; across CPUs it is a wake-up of the other,
 * often idle, CPU, which costs ten times more on a VM host: a systemd
 * boot takes minutes of such waits.  So the kernel and everything it
 * forks (guest processes inherit the mask) share one host CPU, by
 * default the one the host's scheduler started us on (it places a new
 * program on the least busy one).  "hostcpu=all" leaves the placement
 * to the host, "hostcpu=N" names the CPU.
 */
static int guest_cpu = -1, guest_cpu_apart;

int host_guest_cpu(void)
{
	return guest_cpu;
}

int host_guest_cpu_apart(void)
{
	return guest_cpu_apart;
}

/*
 * The seccomp backend hands over between the kernel and a guest by
 * spinning, which needs them on two CPUs: guests get the next one we
 * may use after the kernel's.
 */
static void pick_guest_cpu(const cpu_set_t *allowed, int cpu)
{
	int i, n;

	if (strcmp(host_backend_name(), "seccomp"))
		return;
	for (i = 1; i < CPU_SETSIZE; i++) {
		n = (cpu + i) % CPU_SETSIZE;
		if (CPU_ISSET(n, allowed)) {
			guest_cpu = n;
			guest_cpu_apart = 1;
			return;
		}
	}
}

static void pin_to_cpu(const char *arg)
{
	cpu_set_t allowed, one;
	unsigned int here;
	char *end;
	long cpu;

	if (arg && !strcmp(arg, "all")) {
		/* Left to the host: apart if there is more than one CPU. */
		guest_cpu_apart = sysconf(_SC_NPROCESSORS_ONLN) > 1;
		return;
	}
	/*
	 * Raw system calls: the kernel we link with has functions of its own
	 * named sched_getaffinity() and sched_setaffinity().
	 */
	if (syscall(SYS_sched_getaffinity, 0, sizeof(allowed), &allowed) < 0)
		return;
	if (arg) {
		errno = 0;
		cpu = strtol(arg, &end, 10);
		if (errno || end == arg || *end || cpu < 0 ||
		    cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &allowed))
			host_usage_error("hostcpu=%s: not a CPU this process may use (a number, or all)",
					 arg);
	} else {
		if (syscall(SYS_getcpu, &here, NULL, NULL) ||
		    here >= CPU_SETSIZE || !CPU_ISSET(here, &allowed))
			return;
		cpu = here;
	}
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	syscall(SYS_sched_setaffinity, 0, sizeof(one), &one);
	pick_guest_cpu(&allowed, cpu);
}

/* One socket per guest process under seccomp: allow as many as we may. */
static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static int initrd_fd = -1;
static unsigned long initrd_size;

/* The file is opened now, so that a bad one stops us before boot. */
static void open_initrd(const char *path)
{
	char msg[512];
	struct stat st;

	initrd_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (initrd_fd < 0 || fstat(initrd_fd, &st)) {
		snprintf(msg, sizeof(msg), "initrd=%s: cannot open: %s", path,
			 strerror(errno));
		host_fatal(msg);
	}
	if (!S_ISREG(st.st_mode) || !st.st_size) {
		snprintf(msg, sizeof(msg), "initrd=%s: %s", path,
			 S_ISREG(st.st_mode) ? "the file is empty" :
			 "not a regular file");
		host_fatal(msg);
	}
	initrd_size = st.st_size;
}

unsigned long host_initrd_size(void)
{
	return initrd_size;
}

int host_initrd_read(void *dst, unsigned long len)
{
	unsigned long done = 0;

	while (done < len) {
		ssize_t n = pread(initrd_fd, (char *)dst + done, len - done,
				  done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		done += n;
	}
	close(initrd_fd);
	initrd_fd = -1;
	return 0;
}

void host_usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "linux: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	exit(2);
}

/*
 * The kernel splits its command line at spaces but keeps a quoted value
 * whole (param="a b"): an argument with spaces in it, such as the slirp
 * command 'eth0=slirp,,slirp,redir 5022 22', is passed on quoted.
 */
static size_t cmdline_append(char *cmdline, size_t used, const char *a)
{
	const char *eq = strchr(a, '=');
	size_t len = strlen(a), key = eq ? eq - a + 1 : 0;
	int quote = strpbrk(a, " \t") != NULL;

	if (quote && strchr(a, '"'))
		host_usage_error("'%s': an option cannot hold both spaces and quotes",
				 a);
	if (used + len + 4 > UM_CMDLINE_MAX)
		host_usage_error("command line too long at '%s'", a);
	if (used)
		cmdline[used++] = ' ';
	memcpy(cmdline + used, a, key);
	used += key;
	if (quote)
		cmdline[used++] = '"';
	memcpy(cmdline + used, a + key, len - key);
	used += len - key;
	if (quote)
		cmdline[used++] = '"';
	cmdline[used] = '\0';
	return used;
}

int main(int argc, char **argv)
{
	static char cmdline[UM_CMDLINE_MAX];
	unsigned long mem = UM_DEFAULT_MEM;
	const char *mem_arg = "mem=256M";
	const char *umid = NULL, *uml_dir = NULL, *hostcpu = NULL;
	const char *mode = NULL;
	size_t used = 0;
	int i;

	saved_argv = argv;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(a, "--version")) {
			printf("Linux %s\n", um_release());
			return 0;
		}
		if (a[0] == '-')
			host_usage_error("unknown option '%s' (see --help)", a);
		if (!strncmp(a, "umid=", 5))
			umid = a + 5;
		if (!strncmp(a, "uml_dir=", 8))
			uml_dir = a + 8;
		if (!strncmp(a, "hostcpu=", 8))
			hostcpu = a + 8;
		if (!strncmp(a, "mode=", 5))
			mode = a + 5;
		if (!strncmp(a, "initrd=", 7))
			open_initrd(a + 7);
		if (!strncmp(a, "mem=", 4)) {
			mem = parse_size(a + 4);
			mem_arg = a;
			if (!mem)
				host_usage_error("bad memory size '%s'", a);
		}
		used = cmdline_append(cmdline, used, a);
	}

	mem &= ~(UM_PAGE_SIZE - 1);
	if (mem < UM_MIN_MEM)
		host_usage_error("%s is too small: at least 16M is needed",
				 mem_arg);
	if (mem > UM_PHYSMEM_MAX)
		host_usage_error("%s is too large: at most 64G", mem_arg);
	if (mem > host_ram_bytes())
		host_usage_error("%s is more memory than this host has",
				 mem_arg);

	host_backend_select(mode);
	pin_to_cpu(hostcpu);
	raise_fd_limit();
	setvbuf(stdout, NULL, _IONBF, 0);
	host_umid_setup(umid, uml_dir);
	host_physmem_create(mem);
	host_vdso_setup();
	um_boot(cmdline, mem);
}

void host_reboot(void)
{
	host_prepare_exit();
	host_kill_guests();
	/*
	 * The new image inherits our signal mask, descriptors still set to
	 * raise SIGIO and maybe pending signals: keep the interrupt signals
	 * blocked until it has installed its handlers.  From here on no
	 * driver hears that its helper children end.
	 */
	host_block_irq_signals();
	host_end_children();
	execv("/proc/self/exe", saved_argv);
	host_fatal("reboot: cannot re-execute /proc/self/exe");
}
