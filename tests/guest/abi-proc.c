/*
 * abi-proc: processes (issue 3, item 5), run inside the guest.
 *
 * Build: gcc -static -O2 -pthread -o abi-proc abi-proc.c
 *        (tests/cases/abi-proc also builds dynamic, dynamic non-PIE and
 *        static-PIE copies: /test/abi-proc-dyn, -nopie, -spie)
 * Usage: abi-proc [--timeout S] [CHECK...] | --list
 *        abi-proc --report FD ...   exec target: check our own auxv, argv
 *                                   and environment, write "key=value"
 *                                   lines to FD
 * Prints "ok NAME" or "FAIL NAME: detail" per check, then a summary line
 * "abi-proc: N passed, M failed".  Each check runs in a forked child.
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/audit.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

extern char **environ;
#include "abi-harness.h"

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static uint64_t hash_strv(char **v, int *count)
{
	uint64_t h = 1469598103934665603ULL;
	int n = 0;
	for (; v && v[n]; n++)
		h = fnv(h, v[n], strlen(v[n]) + 1);
	*count = n;
	return h;
}

/* ------------------------------------------------------------------ */
/* The exec target: with ABI_REPORT_FD in the environment, describe
 * ourselves on that descriptor and exit 0. */
extern char _start[];
/* The auxiliary vector as the kernel wrote it (glibc's getauxval(AT_HWCAP)
 * on x86 returns its own value, not the kernel's). */
static unsigned long *raw_auxv;
static unsigned long raw_aux(unsigned long type)
{
	for (unsigned long *a = raw_auxv; a && a[0] != AT_NULL; a += 2)
		if (a[0] == type)
			return a[1];
	return 0;
}

static void rep(FILE *f, const char *k, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void rep(FILE *f, const char *k, const char *fmt, ...)
{
	va_list ap;
	fprintf(f, "%s=", k);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

static int maps_find(const char *needle, unsigned long *lo, unsigned long *hi)
{
	FILE *m = fopen("/proc/self/maps", "r");
	char line[512];
	int found = 0;
	while (m && fgets(line, sizeof line, m)) {
		unsigned long s, e;
		if (strstr(line, needle) && sscanf(line, "%lx-%lx", &s, &e) == 2) {
			if (!found || s < *lo)
				*lo = s;
			if (!found || e > *hi)
				*hi = e;
			found = 1;
		}
	}
	if (m)
		fclose(m);
	return found;
}

static int report_main(int argc, char **argv, int fd)
{
	FILE *f = fdopen(fd, "w");
	if (!f)
		return 99;
	int n;
	uint64_t h = hash_strv(argv, &n);
	rep(f, "argc", "%d", argc);
	rep(f, "argv_hash", "%016llx", (unsigned long long)h);
	for (int i = 0; i < argc && i < 8; i++)
		rep(f, "argv", "%d:%s", i, argv[i]);
	h = hash_strv(environ, &n);
	rep(f, "envc", "%d", n);
	rep(f, "env_hash", "%016llx", (unsigned long long)h);
	rep(f, "pid", "%d", getpid());
	rep(f, "tid", "%d", gettid_());
	rep(f, "ppid", "%d", getppid());
	/* auxv */
	unsigned long entry = getauxval(AT_ENTRY), phdr = getauxval(AT_PHDR);
	unsigned long base = getauxval(AT_BASE);
	rep(f, "pagesz", "%lu", getauxval(AT_PAGESZ));
	rep(f, "phent", "%lu", getauxval(AT_PHENT));
	rep(f, "phnum", "%lu", getauxval(AT_PHNUM));
	rep(f, "clktck", "%lu", getauxval(AT_CLKTCK));
	rep(f, "hwcap", "%#lx", raw_aux(AT_HWCAP));
	/* /proc/self/auxv is the same vector. */
	unsigned long pa[128];
	int pf = open("/proc/self/auxv", O_RDONLY);
	ssize_t pn = pf >= 0 ? read(pf, pa, sizeof pa) : -1;
	if (pf >= 0)
		close(pf);
	int same = pn > 16;
	for (int i = 0; same && i < pn / 8; i++)
		same = pa[i] == raw_auxv[i];
	rep(f, "proc_auxv_same", "%d", same);
	unsigned a = 0, b = 0, c = 0, d = 0;
	__get_cpuid(1, &a, &b, &c, &d);
	rep(f, "cpuid1_edx", "%#x", d);
	rep(f, "secure", "%lu", getauxval(AT_SECURE));
	rep(f, "ids", "%lu %lu %lu %lu", getauxval(AT_UID), getauxval(AT_EUID), getauxval(AT_GID),
	    getauxval(AT_EGID));
	rep(f, "real_ids", "%u %u %u %u", getuid(), geteuid(), getgid(), getegid());
	const char *plat = (const char *)getauxval(AT_PLATFORM);
	rep(f, "platform", "%s", plat ? plat : "(none)");
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	rep(f, "execfn", "%s", execfn ? execfn : "(none)");
	rep(f, "entry_is_start", "%d", entry == (unsigned long)_start);
	rep(f, "base", "%#lx", base);
	rep(f, "minsigstksz", "%lu", getauxval(AT_MINSIGSTKSZ));
	rep(f, "sysinfo_ehdr", "%#lx", getauxval(AT_SYSINFO_EHDR));
	unsigned char *rnd = (unsigned char *)getauxval(AT_RANDOM);
	if (rnd) {
		fprintf(f, "random=");
		for (int i = 0; i < 16; i++)
			fprintf(f, "%02x", rnd[i]);
		fputc('\n', f);
		unsigned long lo = 0, hi = 0;
		rep(f, "random_on_stack", "%d",
		    maps_find("[stack]", &lo, &hi) && (unsigned long)rnd >= lo &&
			    (unsigned long)rnd + 16 <= hi);
	}
	/* AT_PHDR must point at our program headers as loaded: find them
	 * from the file (e_phoff inside a PT_LOAD) and the load bias. */
	int ef = open("/proc/self/exe", O_RDONLY);
	Elf64_Ehdr eh;
	int phdr_ok = 0;
	if (ef >= 0 && pread(ef, &eh, sizeof eh, 0) == sizeof eh) {
		unsigned long bias = entry - eh.e_entry;
		Elf64_Phdr ph[32];
		int np = eh.e_phnum < 32 ? eh.e_phnum : 32;
		pread(ef, ph, np * sizeof ph[0], eh.e_phoff);
		for (int i = 0; i < np; i++)
			if (ph[i].p_type == PT_LOAD && eh.e_phoff >= ph[i].p_offset &&
			    eh.e_phoff < ph[i].p_offset + ph[i].p_filesz)
				phdr_ok = phdr == bias + ph[i].p_vaddr + (eh.e_phoff - ph[i].p_offset);
		rep(f, "etype", "%d", eh.e_type);
		rep(f, "bias", "%#lx", bias);
		close(ef);
	}
	rep(f, "phdr_ok", "%d", phdr_ok);
	unsigned long lo = 0, hi = 0;
	rep(f, "ldso", "%#lx", maps_find("/ld-linux", &lo, &hi) ? lo : 0UL);
	/* Signals and descriptors inherited across exec. */
	struct sigaction sa;
	sigaction(SIGUSR1, NULL, &sa);
	rep(f, "usr1", "%s", sa.sa_handler == SIG_IGN ? "ign" : sa.sa_handler == SIG_DFL ? "dfl" : "?");
	sigaction(SIGUSR2, NULL, &sa);
	rep(f, "usr2", "%s", sa.sa_handler == SIG_IGN ? "ign" : sa.sa_handler == SIG_DFL ? "dfl" : "?");
	sigset_t cur, pend;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	sigpending(&pend);
	rep(f, "blocked_term", "%d", sigismember(&cur, SIGTERM));
	rep(f, "pending_term", "%d", sigismember(&pend, SIGTERM));
	fprintf(f, "fds=");
	for (int i = 0; i < 64; i++)
		if (fcntl(i, F_GETFD) >= 0 && i != fd)
			fprintf(f, "%d,", i);
	fputc('\n', f);
	char comm[32] = "";
	int cf = open("/proc/self/comm", O_RDONLY);
	if (cf >= 0) {
		ssize_t k = read(cf, comm, sizeof comm - 1);
		if (k > 0)
			comm[k - 1] = 0;
		close(cf);
	}
	rep(f, "comm", "%s", comm);
	fclose(f);
	return 0;
}

/* Run path with argv/envp (ABI_REPORT_FD added), return the report (malloc'd)
 * and the exit status. before() runs in the child before execve. */
static char *run_report(const char *path, char *const argv[], char *const envp[], int *status,
			void (*before)(void), int *exec_errno)
{
	int p[2];
	if (pipe(p))
		return NULL;
	char fdv[32];
	snprintf(fdv, sizeof fdv, "ABI_REPORT_FD=%d", p[1]);
	int ne = 0;
	while (envp && envp[ne])
		ne++;
	char **env = calloc(ne + 2, sizeof *env);
	for (int i = 0; i < ne; i++)
		env[i] = envp[i];
	env[ne] = fdv;
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		if (before)
			before();
		execve(path, argv, env);
		_exit(100 + errno);
	}
	close(p[1]);
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	ssize_t r;
	while ((r = read(p[0], buf + len, cap - len - 1)) > 0) {
		len += r;
		if (len + 1 >= cap)
			buf = realloc(buf, cap *= 2);
	}
	buf[len] = 0;
	close(p[0]);
	int st;
	waitpid(pid, &st, 0);
	*status = st;
	if (exec_errno)
		*exec_errno = WIFEXITED(st) && WEXITSTATUS(st) >= 100 ? WEXITSTATUS(st) - 100 : 0;
	free(env);
	return buf;
}

/* Value of key in a report ("" if missing); static buffer. */
static const char *get(const char *rep_, const char *key)
{
	static char out[4096];
	size_t kl = strlen(key);
	const char *p = rep_;
	out[0] = 0;
	while (p && *p) {
		if (strncmp(p, key, kl) == 0 && p[kl] == '=') {
			const char *e = strchr(p, '\n');
			size_t n = e ? (size_t)(e - p - kl - 1) : strlen(p + kl + 1);
			if (n >= sizeof out)
				n = sizeof out - 1;
			memcpy(out, p + kl + 1, n);
			out[n] = 0;
			return out;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return out;
}
static long geti(const char *r, const char *k)
{
	return strtol(get(r, k), NULL, 0);
}

static char self_path[256];
static const char *variant_path(const char *suffix)
{
	static char p[300];
	snprintf(p, sizeof p, "%s%s", self_path, suffix);
	return p;
}

/* Common auxv/argv validation of one report. */
static int check_report(const char *what, const char *r, const char *path, int st, int argc,
			int is_dynamic)
{
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: exec'd program status 0x%x", what, st);
	CHECK(r[0], "%s: no report", what);
	CHECK(geti(r, "argc") == argc, "%s: argc %ld, want %d", what, geti(r, "argc"), argc);
	CHECK(geti(r, "pagesz") == 4096, "%s: AT_PAGESZ %s", what, get(r, "pagesz"));
	CHECK(geti(r, "phent") == sizeof(Elf64_Phdr), "%s: AT_PHENT %s", what, get(r, "phent"));
	CHECK(geti(r, "phnum") > 2, "%s: AT_PHNUM %s", what, get(r, "phnum"));
	CHECK(geti(r, "clktck") == 100, "%s: AT_CLKTCK %s", what, get(r, "clktck"));
	CHECK(geti(r, "phdr_ok") == 1, "%s: AT_PHDR does not point at the loaded program headers",
	      what);
	CHECK(geti(r, "entry_is_start") == 1, "%s: AT_ENTRY is not _start", what);
	CHECK(geti(r, "proc_auxv_same") == 1, "%s: /proc/self/auxv differs from the stack's auxv",
	      what);
	CHECK(geti(r, "secure") == 0, "%s: AT_SECURE %s", what, get(r, "secure"));
	char ids[64];
	snprintf(ids, sizeof ids, "%s", get(r, "ids"));
	CHECK(strcmp(ids, get(r, "real_ids")) == 0, "%s: AT_UID.. '%s' vs real '%s'", what, ids,
	      get(r, "real_ids"));
	CHECK(strcmp(get(r, "platform"), "x86_64") == 0, "%s: AT_PLATFORM '%s'", what,
	      get(r, "platform"));
	CHECK(strcmp(get(r, "execfn"), path) == 0, "%s: AT_EXECFN '%s', want '%s'", what,
	      get(r, "execfn"), path);
	CHECK(strlen(get(r, "random")) == 32 && strcmp(get(r, "random"), "00000000000000000000000000000000"),
	      "%s: AT_RANDOM '%s'", what, get(r, "random"));
	CHECK(geti(r, "random_on_stack") == 1, "%s: AT_RANDOM bytes not on the stack", what);
	unsigned long hw = strtoul(get(r, "hwcap"), NULL, 0);
	unsigned long ed = strtoul(get(r, "cpuid1_edx"), NULL, 0);
	CHECK(hw != 0 && (hw & (1 << 26)) && (hw & 1) && (hw & ~ed) == 0,
	      "%s: AT_HWCAP %#lx (cpuid 1 edx %#lx): want the SSE2 and FPU bits, a subset of cpuid",
	      what, hw, ed);
	unsigned long base = strtoul(get(r, "base"), NULL, 0);
	if (is_dynamic)
		CHECK(base != 0 && base == strtoul(get(r, "ldso"), NULL, 0),
		      "%s: AT_BASE %#lx, ld.so mapped at %s", what, base, get(r, "ldso"));
	else
		CHECK(base == 0, "%s: AT_BASE %#lx for a static program", what, base);
	return 0;
}

static int chk_exec_kinds(void)
{
	struct {
		const char *suffix, *what;
		int dyn, pie;
	} kinds[] = {
		{ "", "static", 0, 0 },
		{ "-spie", "static-pie", 0, 1 },
		{ "-dyn", "dynamic PIE", 1, 1 },
		{ "-nopie", "dynamic non-PIE", 1, 0 },
	};
	char *rnd0 = NULL;
	for (unsigned k = 0; k < 4; k++) {
		const char *path = variant_path(kinds[k].suffix);
		if (k && access(path, X_OK) != 0)
			return fail("%s: %s missing", kinds[k].what, path);
		char *argv[] = { (char *)path, "one", "two words", NULL };
		char *envp[] = { "A=1", "B=two", NULL };
		int st;
		char *r = run_report(path, argv, envp, &st, NULL, NULL);
		if (check_report(kinds[k].what, r, path, st, 3, kinds[k].dyn))
			return 1;
		CHECK(strcmp(get(r, "argv"), "0:") != 0, "argv");
		int ne;
		char *e2[] = { "A=1", "B=two", NULL };
		(void)e2;
		CHECK(geti(r, "envc") == 2, "%s: %ld environment strings, want 2", kinds[k].what,
		      geti(r, "envc"));
		int etype = geti(r, "etype");
		CHECK(etype == (kinds[k].pie ? ET_DYN : ET_EXEC), "%s: e_type %d", kinds[k].what, etype);
		unsigned long bias = strtoul(get(r, "bias"), NULL, 0);
		CHECK(kinds[k].pie ? bias != 0 : bias == 0, "%s: load bias %#lx", kinds[k].what, bias);
		if (!rnd0)
			rnd0 = strdup(get(r, "random"));
		else
			CHECK(strcmp(rnd0, get(r, "random")) != 0, "AT_RANDOM identical in two execs");
		(void)ne;
		free(r);
	}
	/* PIE programs land at different addresses (ASLR): two runs. */
	int st;
	char *argv[] = { (char *)variant_path("-dyn"), NULL };
	char *r1 = run_report(argv[0], argv, NULL, &st, NULL, NULL);
	char b1[64];
	snprintf(b1, sizeof b1, "%s", get(r1, "bias"));
	char *r2 = run_report(argv[0], argv, NULL, &st, NULL, NULL);
	CHECK(strcmp(b1, get(r2, "bias")) != 0, "PIE loaded at the same address twice (%s): no ASLR",
	      b1);
	return 0;
}

static void write_file(const char *path, const char *text, int mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	write(fd, text, strlen(text));
	close(fd);
	chmod(path, mode);
}

static int chk_exec_script(void)
{
	char text[512];
	/* #! with one argument. */
	snprintf(text, sizeof text, "#!%s  --interp-arg  \n# body\n", self_path);
	write_file("/tmp/abi-script1", text, 0755);
	char *argv[] = { "/tmp/abi-script1", "x", "y", NULL };
	int st, e;
	char *r = run_report(argv[0], argv, NULL, &st, NULL, &e);
	CHECK(e == 0, "exec of a #! script: %s", strerror(e));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0 && geti(r, "argc") == 5,
	      "#! script: status 0x%x argc %ld, want 5", st, geti(r, "argc"));
	/* argv: interpreter, its (single, trimmed) argument, script path, x, y */
	const char *want[5] = { self_path, "--interp-arg", "/tmp/abi-script1", "x", "y" };
	const char *p = r;
	for (int i = 0; i < 5; i++) {
		char key[300];
		snprintf(key, sizeof key, "argv=%d:%s\n", i, want[i]);
		CHECK(strstr(p, key), "#! script argv[%d] is not '%s' (report:\n%s)", i, want[i], r);
	}
	CHECK(strcmp(get(r, "execfn"), "/tmp/abi-script1") == 0, "AT_EXECFN for a script: '%s'",
	      get(r, "execfn"));
	/* A script whose interpreter is itself a script. */
	write_file("/tmp/abi-script2", "#!/tmp/abi-script1 ignored-by-first\n", 0755);
	char *argv2[] = { "/tmp/abi-script2", NULL };
	r = run_report(argv2[0], argv2, NULL, &st, NULL, &e);
	CHECK(e == 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "nested #! script: exec errno %d status 0x%x", e, st);
	CHECK(geti(r, "argc") == 5 && strstr(r, "argv=2:/tmp/abi-script1\n"),
	      "nested #! argv: argc %ld", geti(r, "argc"));
	/* A busybox shell script really runs. */
	write_file("/tmp/abi-script3", "#!/bin/sh\nexit $((6 * 7))\n", 0755);
	pid_t pid = fork();
	if (pid == 0) {
		execl("/tmp/abi-script3", "abi-script3", (char *)NULL);
		_exit(100);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42, "#!/bin/sh script: status 0x%x", st);
	/* Errors: not executable, missing interpreter, garbage. */
	write_file("/tmp/abi-script4", "#!/bin/sh\nexit 0\n", 0644);
	r = run_report("/tmp/abi-script4", argv, NULL, &st, NULL, &e);
	CHECK(e == EACCES, "exec without x permission: errno %d, want EACCES", e);
	write_file("/tmp/abi-script5", "#!/nonexistent/interp\n", 0755);
	r = run_report("/tmp/abi-script5", argv, NULL, &st, NULL, &e);
	CHECK(e == ENOENT, "missing interpreter: errno %d, want ENOENT", e);
	write_file("/tmp/abi-script6", "garbage, not a program\n", 0755);
	r = run_report("/tmp/abi-script6", argv, NULL, &st, NULL, &e);
	CHECK(e == ENOEXEC, "exec of garbage: errno %d, want ENOEXEC", e);
	r = run_report("/tmp", argv, NULL, &st, NULL, &e);
	CHECK(e == EACCES, "exec of a directory: errno %d, want EACCES", e);
	return 0;
}

static void exec_setup(void)
{
	signal(SIGUSR1, SIG_IGN);		/* stays ignored */
	signal(SIGUSR2, (void (*)(int))exec_setup); /* handled: reset to default */
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGTERM);
	sigprocmask(SIG_BLOCK, &s, NULL); /* mask is kept */
	kill(getpid(), SIGTERM);		/* and pending signals */
	int a = open("/dev/null", O_RDONLY);
	int b = open("/dev/null", O_RDONLY | O_CLOEXEC);
	dup2(a, 20);
	dup2(b, 21);
	fcntl(21, F_SETFD, FD_CLOEXEC);
	prctl(PR_SET_NAME, "renamed");
}

static void *exec_from_thread(void *a)
{
	char **argv = a;
	execv(argv[0], argv);
	return NULL;
}

static int chk_exec_args(void)
{
	int st, e;
	/* Large argument and environment lists. */
	int na = 3000;
	char **argv = calloc(na + 1, sizeof *argv);
	argv[0] = self_path;
	for (int i = 1; i < na; i++) {
		argv[i] = malloc(100);
		snprintf(argv[i], 100, "argument-%d-%080d", i, i);
	}
	int ne = 2000;
	char **envp = calloc(ne + 2, sizeof *envp);
	for (int i = 0; i < ne; i++) {
		envp[i] = malloc(40);
		snprintf(envp[i], 40, "VAR%d=value%d", i, i);
	}
	char *bigenv = malloc(131072 + 8);
	memcpy(bigenv, "BIG=", 4);
	memset(bigenv + 4, 'v', 131071 - 4);
	bigenv[131071] = 0; /* 131072 bytes with the NUL: MAX_ARG_STRLEN */
	envp[ne] = bigenv;
	char *r = run_report(self_path, argv, envp, &st, NULL, &e);
	CHECK(e == 0, "exec with 3000 args and a 128 KiB variable: %s", strerror(e));
	int c;
	uint64_t h = hash_strv(argv, &c);
	char hs[32];
	snprintf(hs, sizeof hs, "%016llx", (unsigned long long)h);
	CHECK(geti(r, "argc") == na && strcmp(get(r, "argv_hash"), hs) == 0,
	      "argv: argc %ld hash %s, want %d %s", geti(r, "argc"), get(r, "argv_hash"), na, hs);
	CHECK(geti(r, "envc") == ne + 1, "envc %ld, want %d", geti(r, "envc"), ne + 1);
	/* One byte more than MAX_ARG_STRLEN: E2BIG. */
	char *toobig = malloc(131080);
	memcpy(toobig, "BIG=", 4);
	memset(toobig + 4, 'v', 131072 - 4);
	toobig[131072] = 0;
	envp[ne] = toobig;
	r = run_report(self_path, argv, envp, &st, NULL, &e);
	CHECK(e == E2BIG, "a 131073-byte string: errno %d, want E2BIG", e);
	/* More than a quarter of the stack limit in total: E2BIG. */
	envp[ne] = NULL;
	int nbig = 30;
	char **hv = calloc(nbig + 1, sizeof *hv);
	hv[0] = self_path;
	for (int i = 1; i < nbig; i++) {
		hv[i] = malloc(131000);
		memset(hv[i], 'a', 130999);
		hv[i][130999] = 0;
	}
	r = run_report(self_path, hv, envp, &st, NULL, &e);
	CHECK(e == E2BIG, "3.8 MB of arguments with an 8 MiB stack limit: errno %d, want E2BIG", e);
	/* argc 0: the kernel supplies an empty argv[0] (Linux >= 5.18). */
	char *none[] = { NULL };
	r = run_report(self_path, none, NULL, &st, NULL, &e);
	CHECK(e == 0 && geti(r, "argc") == 1 && strcmp(get(r, "argv"), "0:") == 0,
	      "exec with an empty argv: errno %d argc %ld argv '%s'", e, geti(r, "argc"),
	      get(r, "argv"));
	/* What survives exec. */
	char *a1[] = { self_path, NULL };
	r = run_report(self_path, a1, NULL, &st, exec_setup, &e);
	CHECK(strcmp(get(r, "usr1"), "ign") == 0, "ignored SIGUSR1 after exec: %s", get(r, "usr1"));
	CHECK(strcmp(get(r, "usr2"), "dfl") == 0, "handled SIGUSR2 after exec: %s", get(r, "usr2"));
	CHECK(geti(r, "blocked_term") == 1 && geti(r, "pending_term") == 1,
	      "signal mask / pending signal lost by exec (%ld %ld)", geti(r, "blocked_term"),
	      geti(r, "pending_term"));
	CHECK(strstr(get(r, "fds"), ",20,") && !strstr(get(r, "fds"), ",21,"),
	      "descriptors after exec: %s (want 20 kept, 21 closed on exec)", get(r, "fds"));
	CHECK(strcmp(get(r, "comm"), "abi-proc") == 0, "comm after exec '%s', want 'abi-proc'",
	      get(r, "comm"));
	/* exec from a non-main thread: the new program has the process's pid,
	 * the other threads are gone. */
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		char fdv[32];
		snprintf(fdv, sizeof fdv, "%d", p[1]);
		setenv("ABI_REPORT_FD", fdv, 1);
		pthread_t t;
		static char *targv[] = { NULL, NULL };
		targv[0] = self_path;
		pthread_create(&t, NULL, exec_from_thread, targv);
		for (;;)
			pause();
	}
	close(p[1]);
	char buf[8192];
	size_t len = 0;
	ssize_t k;
	while ((k = read(p[0], buf + len, sizeof buf - 1 - len)) > 0)
		len += k;
	buf[len] = 0;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "exec from a thread: status 0x%x", st);
	CHECK(geti(buf, "pid") == pid && geti(buf, "tid") == pid,
	      "after exec from a thread: pid %ld tid %ld, want %d", geti(buf, "pid"),
	      geti(buf, "tid"), pid);
	/* /proc/PID/cmdline and environ of a running child. */
	pid = fork();
	if (pid == 0) {
		char *av[] = { "/bin/sleep", "5", NULL };
		char *ev[] = { "HELLO=world", NULL };
		execve("/bin/sleep", av, ev);
		_exit(1);
	}
	usleep(200000);
	char path[64], cl[256];
	snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
	int fd = open(path, O_RDONLY);
	ssize_t n = read(fd, cl, sizeof cl);
	close(fd);
	CHECK(n == 13 && memcmp(cl, "/bin/sleep\0005\0", 13) == 0, "%s: %zd bytes", path, n);
	snprintf(path, sizeof path, "/proc/%d/environ", pid);
	fd = open(path, O_RDONLY);
	n = read(fd, cl, sizeof cl);
	close(fd);
	CHECK(n == 12 && memcmp(cl, "HELLO=world", 12) == 0, "%s: %zd bytes", path, n);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return 0;
}

/* Extra auxv entries x86-64 Linux gives: AT_MINSIGSTKSZ and the vDSO. */
static int chk_auxv_extra(void)
{
	char *argv[] = { self_path, NULL };
	int st;
	char *r = run_report(self_path, argv, NULL, &st, NULL, NULL);
	CHECK(geti(r, "minsigstksz") >= 1024,
	      "AT_MINSIGSTKSZ %s: x86-64 Linux passes the signal frame size", get(r, "minsigstksz"));
	CHECK(strtoul(get(r, "sysinfo_ehdr"), NULL, 0) != 0, "no AT_SYSINFO_EHDR (vDSO)");
	return 0;
}

/* ------------------------------------------------------------------ */
static int chk_rlimits(void)
{
	struct rlimit rl;
	CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur >= 64, "RLIMIT_NOFILE %lu",
	      (unsigned long)rl.rlim_cur);
	/* NOFILE: the 16th descriptor fails with EMFILE. */
	rl.rlim_cur = 16;
	CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0, "setrlimit NOFILE");
	int last = -1, n = 0;
	for (int i = 0; i < 40; i++) {
		int fd = open("/dev/null", O_RDONLY);
		if (fd < 0) {
			CHECK(errno == EMFILE, "open beyond RLIMIT_NOFILE: errno %d", errno);
			break;
		}
		last = fd;
		n++;
	}
	CHECK(last == 15, "highest descriptor %d with RLIMIT_NOFILE 16", last);
	errno = 0;
	CHECK(dup2(0, 16) == -1 && errno == EBADF, "dup2 to 16 with limit 16: errno %d", errno);
	errno = 0;
	CHECK(fcntl(0, F_DUPFD, 20) == -1 && errno == EINVAL, "F_DUPFD 20: errno %d", errno);
	for (int fd = 3; fd <= last; fd++)
		close(fd);
	(void)n;
	/* AS: a mapping beyond the limit fails, smaller ones work. */
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit as = { 256 << 20, 256 << 20 };
		if (setrlimit(RLIMIT_AS, &as))
			_exit(2);
		void *p = mmap(NULL, 300 << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED || errno != ENOMEM)
			_exit(3);
		if (malloc(300 << 20) != NULL)
			_exit(4);
		p = mmap(NULL, 16 << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		_exit(p == MAP_FAILED ? 5 : 0);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "RLIMIT_AS 256M: status 0x%x (3: 300M mmap allowed, 4: malloc, 5: small mmap refused)",
	      st);
	/* FSIZE: SIGXFSZ, or EFBIG when ignored. */
	pid = fork();
	if (pid == 0) {
		struct rlimit fs = { 10000, 10000 };
		setrlimit(RLIMIT_FSIZE, &fs);
		char fpath[64];
		snprintf(fpath, sizeof fpath, "/tmp/abi-fsize.%d", getpid());
		int fd = open(fpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		unlink(fpath);
		char buf[8192] = { 0 };
		if (fd < 0)
			_exit(6);
		if (write(fd, buf, 8192) != 8192)
			_exit(2);
		signal(SIGXFSZ, SIG_IGN);
		ssize_t w = write(fd, buf, 8192);
		if (w != 10000 - 8192)
			_exit(3); /* a short write up to the limit */
		errno = 0;
		if (write(fd, buf, 1) != -1 || errno != EFBIG)
			_exit(4);
		signal(SIGXFSZ, SIG_DFL);
		write(fd, buf, 1);
		_exit(5);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGXFSZ, "RLIMIT_FSIZE: status 0x%x, want SIGXFSZ",
	      st);
	/* CPU: SIGXCPU after 1 s of CPU. */
	pid = fork();
	if (pid == 0) {
		struct rlimit c = { 1, 3 };
		setrlimit(RLIMIT_CPU, &c);
		for (;;)
			;
	}
	waitpid(pid, &st, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGXCPU, "RLIMIT_CPU: status 0x%x, want SIGXCPU", st);
	/* Raising the hard limit needs privilege; lowering is one-way. */
	pid = fork();
	if (pid == 0) {
		struct rlimit r2 = { 32, 32 };
		setrlimit(RLIMIT_NOFILE, &r2);
		if (setuid(1000) && getuid() == 0)
			_exit(3);
		r2.rlim_max = 64;
		errno = 0;
		_exit(setrlimit(RLIMIT_NOFILE, &r2) == -1 && errno == EPERM ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "unprivileged raise of a hard limit allowed");
	/* prlimit on a child. */
	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	struct rlimit nl = { 77, 77 }, ol;
	CHECK(prlimit(pid, RLIMIT_NOFILE, &nl, &ol) == 0, "prlimit: %s", strerror(errno));
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/limits", pid);
	FILE *f = fopen(path, "r");
	int seen = 0;
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, "Max open files", 14) == 0 && strstr(line, " 77 "))
			seen = 1;
	if (f)
		fclose(f);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	CHECK(seen, "prlimit'ed NOFILE 77 not in %s", path);
	return 0;
}

static int read_comm(const char *path, char *out, size_t n)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t k = read(fd, out, n - 1);
	close(fd);
	if (k <= 0)
		return -1;
	out[k] = 0;
	if (out[k - 1] == '\n')
		out[k - 1] = 0;
	return 0;
}

/* The thread publishes its tid (release) only after it has named itself,
 * so the checking thread never reads its comm before the rename. */
static _Atomic pid_t named_tid;
static void *named_thread(void *a)
{
	(void)a;
	prctl(PR_SET_NAME, "worker-x");
	atomic_store_explicit(&named_tid, gettid_(), memory_order_release);
	sleep(2);
	return NULL;
}

static int chk_prctl(void)
{
	char comm[64];
	CHECK(prctl(PR_SET_NAME, "abi-renamed-long-name") == 0, "PR_SET_NAME");
	read_comm("/proc/self/comm", comm, sizeof comm);
	CHECK(strcmp(comm, "abi-renamed-lon") == 0, "/proc/self/comm '%s', want 'abi-renamed-lon'",
	      comm);
	char nm[32] = "";
	prctl(PR_GET_NAME, nm);
	CHECK(strcmp(nm, "abi-renamed-lon") == 0, "PR_GET_NAME '%s'", nm);
	/* Per thread. */
	pthread_t t;
	pthread_create(&t, NULL, named_thread, NULL);
	pid_t tid = 0;
	for (int i = 0; i < 5000 && !tid; i++) {
		tid = atomic_load_explicit(&named_tid, memory_order_acquire);
		if (!tid)
			usleep(1000);
	}
	CHECK(tid, "the named thread did not start");
	char tp[64];
	snprintf(tp, sizeof tp, "/proc/self/task/%d/comm", tid);
	comm[0] = 0;
	CHECK(read_comm(tp, comm, sizeof comm) == 0 && strcmp(comm, "worker-x") == 0,
	      "thread comm '%s'", comm);
	read_comm("/proc/self/comm", comm, sizeof comm);
	CHECK(strcmp(comm, "abi-renamed-lon") == 0, "thread's name changed the process name: '%s'",
	      comm);
	/* /proc/PID/stat shows it in parentheses. */
	char stat[512];
	read_comm("/proc/self/stat", stat, sizeof stat);
	CHECK(strstr(stat, "(abi-renamed-lon)"), "/proc/self/stat: %.60s", stat);

	/* PR_SET_PDEATHSIG: the grandchild is signalled when its parent dies. */
	int p[2];
	pipe(p);
	pid_t mid = fork();
	if (mid == 0) {
		pid_t g = fork();
		if (g == 0) {
			static volatile sig_atomic_t got;
			void h(int s)
			{
				got = s;
			}
			signal(SIGUSR1, h);
			prctl(PR_SET_PDEATHSIG, SIGUSR1);
			int pd = 0;
			prctl(PR_GET_PDEATHSIG, &pd);
			write(p[1], "r", 1);
			for (int i = 0; i < 300 && !got; i++)
				usleep(10000);
			char c = got == SIGUSR1 && pd == SIGUSR1 ? 'Y' : 'N';
			write(p[1], &c, 1);
			_exit(0);
		}
		char c;
		read(p[0], &c, 1);
		_exit(0); /* the parent dies */
	}
	waitpid(mid, NULL, 0);
	char c = 0, r = 0;
	close(p[1]);
	read(p[0], &r, 1);
	if (r == 'r')
		read(p[0], &c, 1);
	else
		c = r;
	CHECK(c == 'Y', "PR_SET_PDEATHSIG: grandchild reported '%c'", c);
	/* PR_SET_CHILD_SUBREAPER: orphans come to us. */
	CHECK(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0, "PR_SET_CHILD_SUBREAPER");
	int q[2];
	pipe(q);
	mid = fork();
	if (mid == 0) {
		pid_t g = fork();
		if (g == 0) {
			usleep(200000);
			char pp[16];
			snprintf(pp, sizeof pp, "%d", getppid());
			write(q[1], pp, strlen(pp) + 1);
			_exit(7);
		}
		_exit(0);
	}
	waitpid(mid, NULL, 0);
	close(q[1]);
	char pp[16] = "";
	read(q[0], pp, sizeof pp);
	CHECK(atoi(pp) == getpid(), "orphan's parent %s, want the subreaper %d", pp, getpid());
	int st;
	pid_t w = wait(&st);
	CHECK(w > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 7, "subreaper could not reap the orphan");
	/* Other knobs. */
	CHECK(prctl(PR_GET_DUMPABLE) == 1, "PR_GET_DUMPABLE %d", prctl(PR_GET_DUMPABLE));
	CHECK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1,
	      "PR_SET_NO_NEW_PRIVS");
	CHECK(prctl(PR_SET_TIMERSLACK, 12345) == 0 && prctl(PR_GET_TIMERSLACK) == 12345,
	      "PR_SET_TIMERSLACK");
	errno = 0;
	CHECK(prctl(9999) == -1 && errno == EINVAL, "unknown prctl: errno %d", errno);
	return 0;
}

static int chk_pgrp_session(void)
{
	pid_t me = getpid();
	/* The harness made us a group leader: setsid is refused. */
	CHECK(getpgrp() == me, "not a group leader");
	errno = 0;
	CHECK(setsid() == -1 && errno == EPERM, "setsid as group leader: errno %d", errno);
	int st;
	pid_t pid = fork();
	if (pid == 0) {
		pid_t s = setsid();
		_exit(s == getpid() && getsid(0) == getpid() && getpgrp() == getpid() ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "setsid in a child");
	/* Three children moved into one new group; kill(-pgid) reaches all. */
	pid_t kids[3];
	for (int i = 0; i < 3; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			for (;;)
				pause();
		}
		CHECK(setpgid(kids[i], kids[0]) == 0, "setpgid(%d, %d): %s", kids[i], kids[0],
		      strerror(errno));
	}
	for (int i = 0; i < 3; i++)
		CHECK(getpgid(kids[i]) == kids[0], "child %d in group %d", i, getpgid(kids[i]));
	CHECK(getsid(kids[1]) == getsid(0), "child in another session");
	CHECK(kill(-kids[0], SIGTERM) == 0, "kill(-pgid)");
	for (int i = 0; i < 3; i++) {
		pid_t w = waitpid(-kids[0], &st, 0);
		CHECK(w > 0 && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "group member %d: 0x%x", w,
		      st);
	}
	/* setpgid into a group of another session: EPERM. */
	pid = fork();
	if (pid == 0) {
		setsid();
		pause();
		_exit(0);
	}
	usleep(50000);
	errno = 0;
	CHECK(setpgid(pid, me) == -1 && errno == EPERM, "setpgid of a session leader: errno %d",
	      errno);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	/* A child that has exec'd cannot be moved by its parent: EACCES. */
	pid = fork();
	if (pid == 0) {
		execl("/bin/sleep", "sleep", "3", (char *)NULL);
		_exit(1);
	}
	usleep(200000);
	errno = 0;
	CHECK(setpgid(pid, pid) == -1 && errno == EACCES, "setpgid after exec: errno %d", errno);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return 0;
}

/* Job control on a pseudo-terminal: a session with the pty as its
 * controlling terminal, a foreground and a background group. */
static int job_control_session(int master_fd)
{
	(void)master_fd;
	/* We are a new session leader with the slave as controlling tty. */
	int tty = open("/dev/tty", O_RDWR);
	if (tty < 0)
		return 10;
	if (tcgetpgrp(tty) != getpgrp())
		return 11;
	/* Background job: read -> SIGTTIN (stopped). */
	pid_t bg = fork();
	if (bg == 0) {
		setpgid(0, 0);
		char c;
		read(tty, &c, 1);
		_exit(0);
	}
	setpgid(bg, bg);
	int st;
	if (waitpid(bg, &st, WUNTRACED) != bg || !WIFSTOPPED(st) || WSTOPSIG(st) != SIGTTIN)
		return 12;
	kill(bg, SIGKILL);
	waitpid(bg, NULL, 0);
	/* Background write with TOSTOP: SIGTTOU. */
	struct termios t;
	tcgetattr(tty, &t);
	t.c_lflag |= TOSTOP;
	tcsetattr(tty, TCSANOW, &t);
	bg = fork();
	if (bg == 0) {
		setpgid(0, 0);
		write(tty, "x", 1);
		_exit(0);
	}
	setpgid(bg, bg);
	if (waitpid(bg, &st, WUNTRACED) != bg || !WIFSTOPPED(st) || WSTOPSIG(st) != SIGTTOU)
		return 13;
	/* Make it the foreground job and continue it: the write succeeds. */
	if (tcsetpgrp(tty, bg) != 0)
		return 14;
	if (tcgetpgrp(tty) != bg)
		return 15;
	kill(bg, SIGCONT);
	if (waitpid(bg, &st, 0) != bg || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return 16;
	/* Now we are in the background: tcsetpgrp back gives SIGTTOU, which
	 * we ignore, so it works (as a shell does). */
	signal(SIGTTOU, SIG_IGN);
	if (tcsetpgrp(tty, getpgrp()) != 0)
		return 17;
	signal(SIGTTOU, SIG_DFL);
	/* Background read while SIGTTIN is ignored: EIO. */
	bg = fork();
	if (bg == 0) {
		setpgid(0, 0);
		signal(SIGTTIN, SIG_IGN);
		char c;
		errno = 0;
		_exit(read(tty, &c, 1) == -1 && errno == EIO ? 0 : 1);
	}
	setpgid(bg, bg);
	if (waitpid(bg, &st, 0) != bg || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return 18;
	/* A foreground read gets the master's data. */
	char c = 0;
	write(1, "", 0);
	if (read(tty, &c, 1) != 1 || c != 'k')
		return 19;
	return 0;
}

static int chk_job_control(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	CHECK(m >= 0, "posix_openpt: %s", strerror(errno));
	grantpt(m);
	unlockpt(m);
	char *sn = ptsname(m);
	CHECK(sn, "ptsname");
	char name[64];
	snprintf(name, sizeof name, "%s", sn);
	pid_t pid = fork();
	if (pid == 0) {
		setsid();
		int s = open(name, O_RDWR);
		if (s < 0)
			_exit(2);
		if (ioctl(s, TIOCSCTTY, 0) != 0)
			_exit(3);
		_exit(job_control_session(m));
	}
	/* Feed the foreground read, after the background tests. */
	usleep(500000);
	write(m, "k\n", 2);
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "job control session: status 0x%x (exit 10 no /dev/tty, 11 tcgetpgrp, 12 no SIGTTIN "
	      "stop, 13 no SIGTTOU stop, 14/15 tcsetpgrp, 16 fg write, 17 tcsetpgrp back, 18 EIO, "
	      "19 fg read)",
	      st);
	/* Hangup: closing the master sends SIGHUP to the session leader. */
	int m2 = posix_openpt(O_RDWR | O_NOCTTY);
	grantpt(m2);
	unlockpt(m2);
	snprintf(name, sizeof name, "%s", ptsname(m2));
	int ready[2];
	pipe(ready);
	pid = fork();
	if (pid == 0) {
		close(m2);
		setsid();
		int s = open(name, O_RDWR);
		ioctl(s, TIOCSCTTY, 0);
		write(ready[1], "r", 1);
		for (;;)
			pause();
	}
	char c;
	read(ready[0], &c, 1);
	close(m2);
	waitpid(pid, &st, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGHUP, "session leader after hangup: 0x%x", st);
	return 0;
}

/* ------------------------------------------------------------------ */
/* ptrace */
static volatile long poke_target = 1111;

static int wait_stop(pid_t pid, int *st)
{
	if (waitpid(pid, st, __WALL) != pid)
		return -1;
	return 0;
}

static int chk_ptrace_syscalls(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		syscall(SYS_getppid);
		pid_t r = (pid_t)syscall(SYS_getpid); /* the tracer changes the result */
		char msg[] = "hi\n";
		int fd = open("/dev/null", O_WRONLY);
		syscall(SYS_write, fd, msg, 3);
		errno = 0;
		long skipped = syscall(SYS_getuid); /* the tracer skips it: -ENOSYS */
		int ok = skipped == -1 && errno == ENOSYS;
		_exit(r == 4242 && ok ? 0 : (r == 4242 ? 3 : 2));
	}
	int st;
	CHECK(wait_stop(pid, &st) == 0 && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP,
	      "first stop 0x%x", st);
	CHECK(ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL) == 0,
	      "SETOPTIONS: %s", strerror(errno));
	long seen_nr[64];
	long seen_ret[64];
	int n = 0, entering = 1;
	int changed = 0, skipped = 0;
	for (;;) {
		ptrace(PTRACE_SYSCALL, pid, 0, 0);
		if (wait_stop(pid, &st))
			break;
		if (WIFEXITED(st) || WIFSIGNALED(st))
			break;
		CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == (SIGTRAP | 0x80), "stop 0x%x is not a syscall stop",
		      st);
		struct user_regs_struct regs;
		CHECK(ptrace(PTRACE_GETREGS, pid, 0, &regs) == 0, "GETREGS: %s", strerror(errno));
		if (entering) {
			CHECK((long)regs.rax == -ENOSYS, "at syscall entry rax %ld, want -ENOSYS",
			      (long)regs.rax);
			if (n < 64)
				seen_nr[n] = regs.orig_rax;
			if (regs.orig_rax == SYS_write) {
				/* Arguments in rdi/rsi/rdx; read the buffer. */
				errno = 0;
				long w = ptrace(PTRACE_PEEKDATA, pid, regs.rsi, 0);
				CHECK(errno == 0 && memcmp(&w, "hi\n", 3) == 0 && regs.rdx == 3,
				      "write args: rdx %llu data %.3s", regs.rdx, (char *)&w);
			}
			if (regs.orig_rax == SYS_getuid) {
				regs.orig_rax = -1; /* skip it */
				ptrace(PTRACE_SETREGS, pid, 0, &regs);
				skipped = 1;
			}
		} else {
			if (n < 64)
				seen_ret[n] = regs.rax;
			CHECK((long)regs.orig_rax == seen_nr[n] || seen_nr[n] == SYS_getuid,
			      "exit stop orig_rax %ld, entry had %ld", (long)regs.orig_rax, seen_nr[n]);
			if (regs.orig_rax == SYS_getpid) {
				CHECK((pid_t)regs.rax == pid, "getpid returned %lld, want %d", regs.rax,
				      pid);
				regs.rax = 4242;
				ptrace(PTRACE_SETREGS, pid, 0, &regs);
				changed = 1;
			}
			n++;
		}
		entering = !entering;
	}
	CHECK(WIFEXITED(st), "tracee did not exit normally: 0x%x", st);
	CHECK(WEXITSTATUS(st) == 0,
	      "tracee saw the wrong results: exit %d (2: getpid not changed to 4242, 3: skipped "
	      "getuid not -ENOSYS)", WEXITSTATUS(st));
	CHECK(changed && skipped, "getpid/getuid stops not seen");
	/* The sequence includes getppid, getpid, openat, write, getuid, exit_group. */
	long want[] = { SYS_getppid, SYS_getpid, SYS_openat, SYS_write };
	int wi = 0;
	for (int i = 0; i < n && wi < 4; i++)
		if (seen_nr[i] == want[wi])
			wi++;
	CHECK(wi == 4, "syscall sequence incomplete (%d of 4 seen, %d stops)", wi, n);
	(void)seen_ret;
	return 0;
}

static int chk_ptrace_peek_poke(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		_exit(poke_target == 2222 ? 0 : 1);
	}
	int st;
	wait_stop(pid, &st);
	errno = 0;
	long v = ptrace(PTRACE_PEEKDATA, pid, &poke_target, 0);
	CHECK(errno == 0 && v == 1111, "PEEKDATA %ld (%s)", v, strerror(errno));
	CHECK(ptrace(PTRACE_POKEDATA, pid, &poke_target, 2222) == 0, "POKEDATA: %s", strerror(errno));
	struct user_regs_struct regs;
	ptrace(PTRACE_GETREGS, pid, 0, &regs);
	/* process_vm_readv and /proc/PID/mem see the same memory. */
	long out = 0;
	struct iovec l = { &out, sizeof out }, r = { (void *)&poke_target, sizeof out };
	CHECK(process_vm_readv(pid, &l, 1, &r, 1, 0) == sizeof out && out == 2222,
	      "process_vm_readv: %ld (%s)", out, strerror(errno));
	char mp[64];
	snprintf(mp, sizeof mp, "/proc/%d/mem", pid);
	int fd = open(mp, O_RDWR);
	out = 0;
	CHECK(fd >= 0 && pread(fd, &out, sizeof out, (off_t)(uintptr_t)&poke_target) == sizeof out &&
		      out == 2222,
	      "/proc/PID/mem read: %ld (%s)", out, strerror(errno));
	close(fd);
	/* Bad address: EIO/EFAULT. */
	errno = 0;
	CHECK(ptrace(PTRACE_PEEKDATA, pid, (void *)8, 0) == -1 && (errno == EIO || errno == EFAULT),
	      "PEEKDATA at 8: errno %d", errno);
	/* GETREGSET NT_PRSTATUS equals GETREGS. */
	struct user_regs_struct r2;
	struct iovec io = { &r2, sizeof r2 };
	CHECK(ptrace(PTRACE_GETREGSET, pid, NT_PRSTATUS, &io) == 0 && io.iov_len == sizeof r2 &&
		      r2.rip == regs.rip && r2.rsp == regs.rsp,
	      "GETREGSET NT_PRSTATUS");
	ptrace(PTRACE_CONT, pid, 0, 0);
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "POKEDATA not seen by the tracee");
	return 0;
}

/* Single-step and a software breakpoint, as a debugger does. */
asm(".text\n.globl ss_func\nss_func:\n"
    " mov $1, %eax\n add $2, %eax\n add $3, %eax\n"
    ".globl ss_bp\nss_bp:\n add $4, %eax\n ret\n");
extern int ss_func(void);
extern char ss_bp[];

/* PEEKUSER/POKEUSER (struct user offsets) and the FPU register sets. */
asm(".text\n.globl fp_loop\nfp_loop:\n movq %rdi, %xmm3\n"
    "1: pause\n jmp 1b\n");
extern void fp_loop(long);

static int chk_ptrace_user_fp(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		fp_loop(0x1122334455667788L);
	}
	int st;
	wait_stop(pid, &st);
	ptrace(PTRACE_CONT, pid, 0, 0);
	usleep(100000);
	kill(pid, SIGSTOP);
	wait_stop(pid, &st);
	CHECK(WIFSTOPPED(st), "stop 0x%x", st);
	/* PEEKUSER of rip matches GETREGS. */
	struct user_regs_struct regs;
	ptrace(PTRACE_GETREGS, pid, 0, &regs);
	errno = 0;
	long rip = ptrace(PTRACE_PEEKUSER, pid, offsetof(struct user, regs.rip), 0);
	CHECK(errno == 0 && (unsigned long long)rip == regs.rip, "PEEKUSER rip %#lx, GETREGS %#llx",
	      rip, regs.rip);
	/* POKEUSER rax, read back with GETREGS. */
	CHECK(ptrace(PTRACE_POKEUSER, pid, offsetof(struct user, regs.rax), 0xabcdef) == 0,
	      "POKEUSER rax: %s", strerror(errno));
	ptrace(PTRACE_GETREGS, pid, 0, &regs);
	CHECK(regs.rax == 0xabcdef, "rax after POKEUSER %#llx", regs.rax);
	/* Debug registers read as 0 (gdb probes them). */
	errno = 0;
	long dr7 = ptrace(PTRACE_PEEKUSER, pid, offsetof(struct user, u_debugreg[7]), 0);
	CHECK(errno == 0 && dr7 == 0, "PEEKUSER dr7: %ld (%s)", dr7, strerror(errno));
	/* FP registers: GETFPREGS works and has a sane MXCSR. */
	struct user_fpregs_struct fp;
	CHECK(ptrace(PTRACE_GETFPREGS, pid, 0, &fp) == 0 && (fp.mxcsr & 0xffff) == 0x1f80,
	      "GETFPREGS: mxcsr %#x (%s)", fp.mxcsr, strerror(errno));
	unsigned long long x3;
	memcpy(&x3, &fp.xmm_space[3 * 4], 8);
	CHECK(x3 == 0x1122334455667788ULL, "GETFPREGS xmm3 %#llx, want 0x1122334455667788", x3);
	/* NT_X86_XSTATE: an XSAVE image with the same xmm3. */
	static unsigned char xs[16384];
	struct iovec io = { xs, sizeof xs };
	CHECK(ptrace(PTRACE_GETREGSET, pid, NT_X86_XSTATE, &io) == 0 && io.iov_len >= 576,
	      "GETREGSET NT_X86_XSTATE: %s len %zu", strerror(errno), io.iov_len);
	CHECK(memcmp(xs + 160 + 3 * 16, &x3, 8) == 0, "XSTATE xmm3 differs");
	ptrace(PTRACE_KILL, pid, 0, 0);
	waitpid(pid, &st, __WALL);
	return 0;
}

static int chk_ptrace_step(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		int v = ss_func();
		_exit(v == 10 ? 0 : 1);
	}
	int st;
	wait_stop(pid, &st);
	/* Breakpoint at ss_bp: poke int3, continue, expect SIGTRAP with rip
	 * just after it. */
	errno = 0;
	long orig = ptrace(PTRACE_PEEKTEXT, pid, ss_bp, 0);
	CHECK(errno == 0, "PEEKTEXT: %s", strerror(errno));
	CHECK(ptrace(PTRACE_POKETEXT, pid, ss_bp, (orig & ~0xffL) | 0xcc) == 0,
	      "POKETEXT (breakpoint into read-only text): %s", strerror(errno));
	ptrace(PTRACE_CONT, pid, 0, 0);
	wait_stop(pid, &st);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP, "breakpoint: status 0x%x", st);
	struct user_regs_struct regs;
	ptrace(PTRACE_GETREGS, pid, 0, &regs);
	CHECK(regs.rip == (unsigned long long)ss_bp + 1, "breakpoint rip %#llx, want %p", regs.rip,
	      (void *)(ss_bp + 1));
	CHECK(regs.rax == 6, "rax at the breakpoint %lld, want 6", regs.rax);
	/* Restore, back up rip, single-step the original instruction. */
	ptrace(PTRACE_POKETEXT, pid, ss_bp, orig);
	regs.rip = (unsigned long long)ss_bp;
	ptrace(PTRACE_SETREGS, pid, 0, &regs);
	CHECK(ptrace(PTRACE_SINGLESTEP, pid, 0, 0) == 0, "SINGLESTEP: %s", strerror(errno));
	wait_stop(pid, &st);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP, "single step: status 0x%x", st);
	ptrace(PTRACE_GETREGS, pid, 0, &regs);
	CHECK(regs.rip == (unsigned long long)ss_bp + 3 && regs.rax == 10,
	      "after one step: rip %#llx (want %p) rax %lld (want 10)", regs.rip, (void *)(ss_bp + 3),
	      regs.rax);
	siginfo_t si;
	CHECK(ptrace(PTRACE_GETSIGINFO, pid, 0, &si) == 0 && si.si_signo == SIGTRAP,
	      "GETSIGINFO after a step");
	/* Step a few more: each step advances by one instruction (ret
	 * leaves ss_func). */
	ptrace(PTRACE_SINGLESTEP, pid, 0, 0);
	wait_stop(pid, &st);
	struct user_regs_struct r2;
	ptrace(PTRACE_GETREGS, pid, 0, &r2);
	CHECK(WIFSTOPPED(st) && (r2.rip < (unsigned long long)ss_func ||
				 r2.rip > (unsigned long long)ss_bp + 8),
	      "step over ret: rip %#llx still in ss_func", r2.rip);
	ptrace(PTRACE_CONT, pid, 0, 0);
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "tracee result after stepping: 0x%x", st);
	/* A signal is reported to the tracer first, and can be suppressed. */
	pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGUSR1); /* would kill us */
		_exit(9);
	}
	wait_stop(pid, &st);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGUSR1, "signal-delivery-stop 0x%x", st);
	ptrace(PTRACE_GETSIGINFO, pid, 0, &si);
	CHECK(si.si_signo == SIGUSR1 && si.si_code == SI_TKILL, "siginfo %d code %d", si.si_signo,
	      si.si_code);
	ptrace(PTRACE_CONT, pid, 0, 0); /* suppress it */
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 9, "suppressed signal: status 0x%x", st);
	return 0;
}

static int chk_ptrace_events(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		pid_t c = fork();
		if (c == 0) {
			execl("/bin/true", "true", (char *)NULL);
			_exit(1);
		}
		int s;
		waitpid(c, &s, 0);
		_exit(WIFEXITED(s) && WEXITSTATUS(s) == 0 ? 0 : 1);
	}
	int st;
	wait_stop(pid, &st);
	CHECK(ptrace(PTRACE_SETOPTIONS, pid, 0,
		     PTRACE_O_TRACEFORK | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT) == 0,
	      "SETOPTIONS: %s", strerror(errno));
	ptrace(PTRACE_CONT, pid, 0, 0);
	int got_fork = 0, got_exec = 0, got_exit = 0, child_stop = 0;
	pid_t child = 0;
	for (int iter = 0; iter < 50; iter++) {
		int s;
		pid_t w = waitpid(-1, &s, __WALL);
		if (w < 0)
			break;
		if (WIFEXITED(s) || WIFSIGNALED(s)) {
			if (w == pid) {
				st = s;
				break;
			}
			continue;
		}
		int ev = (s >> 16) & 0xff;
		unsigned long msg = 0;
		if (ev == PTRACE_EVENT_FORK && w == pid) {
			ptrace(PTRACE_GETEVENTMSG, w, 0, &msg);
			child = (pid_t)msg;
			got_fork = child > 0;
		} else if (ev == PTRACE_EVENT_EXEC) {
			ptrace(PTRACE_GETEVENTMSG, w, 0, &msg);
			got_exec = w == child && (pid_t)msg == child;
		} else if (ev == PTRACE_EVENT_EXIT) {
			got_exit |= w == pid;
		} else if (WSTOPSIG(s) == SIGSTOP && w != pid) {
			child_stop = 1; /* the auto-attached child's initial stop */
		}
		int sig = (WIFSTOPPED(s) && ev == 0 && WSTOPSIG(s) != SIGSTOP &&
			   WSTOPSIG(s) != SIGTRAP) ? WSTOPSIG(s) : 0;
		ptrace(PTRACE_CONT, w, 0, sig);
	}
	CHECK(got_fork, "no PTRACE_EVENT_FORK with the child's pid");
	CHECK(child_stop, "the auto-attached child did not start with SIGSTOP");
	CHECK(got_exec, "no PTRACE_EVENT_EXEC from the child");
	CHECK(got_exit, "no PTRACE_EVENT_EXIT");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "traced parent: 0x%x", st);
	return 0;
}

static int chk_ptrace_attach(void)
{
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		volatile unsigned long n = 0;
		write(p[1], "r", 1);
		for (;;)
			n++;
	}
	char c;
	read(p[0], &c, 1);
	CHECK(ptrace(PTRACE_ATTACH, pid, 0, 0) == 0, "PTRACE_ATTACH: %s", strerror(errno));
	int st;
	wait_stop(pid, &st);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "attach stop 0x%x", st);
	/* /proc/PID/status shows the tracer and the stopped state. */
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", pid);
	FILE *f = fopen(path, "r");
	int tracer = 0, state_t = 0;
	while (f && fgets(line, sizeof line, f)) {
		if (strncmp(line, "TracerPid:", 10) == 0)
			tracer = atoi(line + 10);
		if (strncmp(line, "State:", 6) == 0 && strchr(line, 't'))
			state_t = 1;
	}
	if (f)
		fclose(f);
	CHECK(tracer == getpid() && state_t, "status: TracerPid %d (want %d), tracing stop %d",
	      tracer, getpid(), state_t);
	struct user_regs_struct regs;
	CHECK(ptrace(PTRACE_GETREGS, pid, 0, &regs) == 0, "GETREGS");
	CHECK(ptrace(PTRACE_DETACH, pid, 0, 0) == 0, "DETACH");
	usleep(50000);
	/* Running again after detach: it uses CPU. */
	/* SEIZE + INTERRUPT. */
	CHECK(ptrace(PTRACE_SEIZE, pid, 0, 0) == 0, "SEIZE: %s", strerror(errno));
	CHECK(ptrace(PTRACE_INTERRUPT, pid, 0, 0) == 0, "INTERRUPT");
	wait_stop(pid, &st);
	CHECK(WIFSTOPPED(st) && (st >> 16) == PTRACE_EVENT_STOP, "INTERRUPT stop 0x%x", st);
	/* Attaching twice, or to ourselves: EPERM. */
	errno = 0;
	CHECK(ptrace(PTRACE_ATTACH, pid, 0, 0) == -1 && errno == EPERM, "second attach: errno %d",
	      errno);
	ptrace(PTRACE_KILL, pid, 0, 0);
	waitpid(pid, &st, __WALL);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "PTRACE_KILL: 0x%x", st);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Needs CONFIG_COREDUMP. */
static int chk_coredump(void)
{
	int fd = open("/proc/sys/kernel/core_pattern", O_WRONLY);
	CHECK(fd >= 0, "/proc/sys/kernel/core_pattern: %s", strerror(errno));
	CHECK(write(fd, "/tmp/abi-core.%p\n", 17) == 17, "write core_pattern");
	close(fd);
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit r = { RLIM_INFINITY, RLIM_INFINITY };
		setrlimit(RLIMIT_CORE, &r);
		prctl(PR_SET_DUMPABLE, 1);
		poke_target = 0x5ca1ab1e;
		abort();
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT && WCOREDUMP(st),
	      "abort with RLIMIT_CORE unlimited: status 0x%x, want SIGABRT with core", st);
	char path[64];
	snprintf(path, sizeof path, "/tmp/abi-core.%d", pid);
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0, "%s: %s", path, strerror(errno));
	Elf64_Ehdr eh;
	CHECK(read(fd, &eh, sizeof eh) == sizeof eh && memcmp(eh.e_ident, ELFMAG, 4) == 0 &&
		      eh.e_type == ET_CORE && eh.e_machine == EM_X86_64,
	      "core file is not an x86-64 ELF core");
	/* A PT_NOTE with NT_PRSTATUS, and the memory with our marker. */
	struct stat sb;
	fstat(fd, &sb);
	char *img = mmap(NULL, sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	Elf64_Phdr *ph = (Elf64_Phdr *)(img + eh.e_phoff);
	int prstatus = 0, marker = 0;
	for (int i = 0; i < eh.e_phnum; i++) {
		if (ph[i].p_type == PT_NOTE) {
			char *n = img + ph[i].p_offset, *end = n + ph[i].p_filesz;
			while (n < end) {
				Elf64_Nhdr *nh = (Elf64_Nhdr *)n;
				if (nh->n_type == NT_PRSTATUS)
					prstatus = 1;
				n += sizeof *nh + ((nh->n_namesz + 3) & ~3) + ((nh->n_descsz + 3) & ~3);
			}
		}
		if (ph[i].p_type == PT_LOAD && ph[i].p_vaddr <= (uintptr_t)&poke_target &&
		    ph[i].p_vaddr + ph[i].p_filesz > (uintptr_t)&poke_target)
			marker = *(long *)(img + ph[i].p_offset + ((uintptr_t)&poke_target -
								 ph[i].p_vaddr)) == 0x5ca1ab1e;
	}
	CHECK(prstatus, "core has no NT_PRSTATUS note");
	CHECK(marker, "core memory lacks the value the process had");
	unlink(path);
	return 0;
}

/* Needs CONFIG_SECCOMP(_FILTER). */
static volatile int sys_sig, sys_nr;
static volatile unsigned long sys_addr;
static void sigsys_handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	sys_sig = sig;
	sys_nr = si->si_syscall;
	sys_addr = (unsigned long)si->si_call_addr;
}

static int chk_seccomp(void)
{
	/* Strict mode: anything but read/write/exit kills. */
	pid_t pid = fork();
	if (pid == 0) {
		if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT) != 0)
			_exit(2);
		syscall(SYS_write, 1, "", 0);
		syscall(SYS_getpid);
		syscall(SYS_exit, 3);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "strict seccomp + getpid: status 0x%x, want SIGKILL (exit 2: not supported)", st);
	/* A filter: getppid -> EPERM 7, getuid -> SIGSYS, others allowed. */
	pid = fork();
	if (pid == 0) {
		struct sock_filter f[] = {
			BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
			BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 7),
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getuid, 0, 1),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		};
		struct sock_fprog prog = { sizeof f / sizeof f[0], f };
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_sigaction = sigsys_handler;
		sa.sa_flags = SA_SIGINFO;
		sigaction(SIGSYS, &sa, NULL);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
			_exit(2);
		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
			_exit(3);
		errno = 0;
		long r = syscall(SYS_getppid);
		if (r != -1 || errno != 7)
			_exit(4);
		if (syscall(SYS_getpid) != getpid())
			_exit(5);
		syscall(SYS_getuid);
		if (sys_sig != SIGSYS || sys_nr != SYS_getuid || !sys_addr)
			_exit(6);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "seccomp filter: status 0x%x (2 no_new_privs, 3 seccomp() failed, 4 ERRNO, 5 ALLOW, 6 "
	      "TRAP/SIGSYS)",
	      st);
	return 0;
}

/* Needs CONFIG_NAMESPACES (UTS, PID, IPC, mount; NET with CONFIG_NET). */
static int chk_namespaces(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (unshare(CLONE_NEWUTS | CLONE_NEWNS | CLONE_NEWIPC) != 0)
			_exit(2);
		if (sethostname("inner", 5) != 0)
			_exit(3);
		mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
		if (mount("tmpfs", "/mnt", "tmpfs", 0, NULL) != 0)
			_exit(4);
		write_file("/mnt/only-inside", "x", 0644);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "unshare UTS/NS/IPC: status 0x%x (2 unshare, 3 sethostname, 4 mount)", st);
	struct utsname u;
	uname(&u);
	CHECK(strcmp(u.nodename, "inner") != 0, "hostname leaked out of the UTS namespace");
	CHECK(access("/mnt/only-inside", F_OK) != 0, "mount leaked out of the mount namespace");
	/* PID namespace: the first child is pid 1 inside, and getppid 0. */
	pid = fork();
	if (pid == 0) {
		if (unshare(CLONE_NEWPID) != 0)
			_exit(2);
		pid_t c = fork();
		if (c == 0)
			_exit(getpid() == 1 && getppid() == 0 ? 0 : 1);
		int s;
		waitpid(c, &s, 0);
		_exit(WIFEXITED(s) && WEXITSTATUS(s) == 0 ? 0 : 3);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "PID namespace: status 0x%x", st);
	/* A user namespace as root (uid map). */
	pid = fork();
	if (pid == 0) {
		if (unshare(CLONE_NEWUSER) != 0)
			_exit(2);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "user namespace: status 0x%x", st);
	/* Network namespace: only lo. */
	pid = fork();
	if (pid == 0)
		_exit(unshare(CLONE_NEWNET) == 0 ? 0 : 2);
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "network namespace: status 0x%x", st);
	return 0;
}

/* Needs CONFIG_CGROUPS: cgroup v2 with a memory limit. */
static int chk_cgroup2(void)
{
	mkdir("/sys/fs/cgroup", 0755);
	if (mount("cgroup2", "/sys/fs/cgroup", "cgroup2", 0, NULL) != 0 && errno != EBUSY)
		return fail("mount cgroup2: %s", strerror(errno));
	CHECK(access("/sys/fs/cgroup/cgroup.controllers", F_OK) == 0, "no cgroup.controllers");
	int fd = open("/sys/fs/cgroup/cgroup.subtree_control", O_WRONLY);
	if (fd >= 0) {
		write(fd, "+memory +pids", 13);
		close(fd);
	}
	mkdir("/sys/fs/cgroup/abi", 0755);
	fd = open("/sys/fs/cgroup/abi/pids.max", O_WRONLY);
	CHECK(fd >= 0, "pids controller: %s", strerror(errno));
	write(fd, "3", 1);
	close(fd);
	pid_t pid = fork();
	if (pid == 0) {
		int f = open("/sys/fs/cgroup/abi/cgroup.procs", O_WRONLY);
		if (f < 0 || write(f, "0", 1) != 1)
			_exit(2);
		close(f);
		int made = 0;
		for (int i = 0; i < 5; i++) {
			pid_t c = fork();
			if (c == 0) {
				sleep(2);
				_exit(0);
			}
			if (c > 0)
				made++;
		}
		_exit(made == 2 ? 0 : 10 + made);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "pids.max 3: status 0x%x (1x: forks made)", st);
	return 0;
}

static int chk_strace(void)
{
	/* strace -f on a guest program (needs /usr/bin/strace in the image). */
	if (access("/usr/bin/strace", X_OK) != 0)
		return fail("no /usr/bin/strace in the image");
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[1], 2);
		dup2(p[1], 1);
		execl("/usr/bin/strace", "strace", "-f", "-e", "trace=getppid,clone,clone3,fork,exit_group",
		      "/bin/sh", "-c", "/bin/true & wait", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	static char out[65536];
	size_t len = 0;
	ssize_t k;
	while ((k = read(p[0], out + len, sizeof out - 1 - len)) > 0)
		len += k;
	out[len] = 0;
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "strace exit 0x%x: %.300s", st, out);
	CHECK(strstr(out, "exit_group(0)") && (strstr(out, "[pid ") || strstr(out, "clone")),
	      "strace -f output lacks the child: %.300s", out);
	return 0;
}

/* As on x86-64, the system-call number is the low 32 bits of rax. */
static int chk_syscall_nr_bits(void)
{
	long r = syscall((1L << 32) | SYS_getpid);

	CHECK(r == getpid(), "syscall(1 << 32 | SYS_getpid) = %ld (%s)", r, strerror(errno));
	r = syscall(0x40000000L | SYS_getpid);
	CHECK(r == -1 && errno == ENOSYS, "an x32 number gave %ld, not ENOSYS", r);
	return 0;
}

/*
 * arch_prctl(ARCH_GET_CPUID/ARCH_SET_CPUID) and prctl(PR_GET_TSC/PR_SET_TSC)
 * as on x86 (issue 14, item 5): cpuid works (1); without CPUID faulting
 * ARCH_SET_CPUID is ENODEV (0 where the CPU has it).  PR_TSC_SIGSEGV makes
 * rdtsc raise SIGSEGV (SI_KERNEL, no address) in this thread, kept by its
 * fork children, not in a thread that did not ask; PR_TSC_ENABLE undoes it.
 */
static sigjmp_buf tsc_jb;
static volatile sig_atomic_t tsc_code = -1;
static volatile unsigned long tsc_addr = 1;

static void tsc_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	tsc_code = si->si_code;
	tsc_addr = (unsigned long)si->si_addr;
	siglongjmp(tsc_jb, 1);
}

/* 1 if rdtsc faulted (code and address in tsc_code, tsc_addr), else 0. */
static int rdtsc_faults(void)
{
	static volatile unsigned long long t;

	tsc_code = -1;
	if (sigsetjmp(tsc_jb, 1))
		return 1;
	t = __builtin_ia32_rdtsc();
	(void)t;
	return 0;
}

static atomic_int tsc_stage;

static void *tsc_thread(void *arg)
{
	(void)arg;
	while (atomic_load(&tsc_stage) != 1)
		usleep(1000);
	/* Our thread's mode is its own: rdtsc still works here. */
	atomic_store(&tsc_stage, rdtsc_faults() ? 3 : 2);
	return NULL;
}

static int chk_tsc_cpuid(void)
{
	struct sigaction sa = { .sa_sigaction = tsc_segv, .sa_flags = SA_SIGINFO };
	unsigned int mode = 99;
	pthread_t th;
	long r;
	int st;

	r = syscall(SYS_arch_prctl, 0x1011 /* ARCH_GET_CPUID */, 0);
	CHECK(r == 1, "ARCH_GET_CPUID = %ld (%s), want 1", r, strerror(errno));
	r = syscall(SYS_arch_prctl, 0x1012 /* ARCH_SET_CPUID */, 1);
	CHECK(r == 0 || errno == ENODEV, "ARCH_SET_CPUID 1: %s, want success or ENODEV",
	      strerror(errno));
	if (r) {
		r = syscall(SYS_arch_prctl, 0x1012, 0);
		CHECK(r == -1 && errno == ENODEV, "ARCH_SET_CPUID 0 = %ld (%s), want ENODEV", r,
		      strerror(errno));
	}

	CHECK(prctl(PR_GET_TSC, &mode) == 0, "PR_GET_TSC: %s", strerror(errno));
	CHECK(mode == PR_TSC_ENABLE, "PR_GET_TSC = %u, want PR_TSC_ENABLE", mode);
	CHECK(prctl(PR_SET_TSC, 3) == -1 && errno == EINVAL, "PR_SET_TSC 3 not EINVAL");
	CHECK(prctl(PR_SET_TSC, 0) == -1 && errno == EINVAL, "PR_SET_TSC 0 not EINVAL");
	CHECK_SYS(sigaction(SIGSEGV, &sa, NULL));
	CHECK(!rdtsc_faults(), "rdtsc faulted with PR_TSC_ENABLE");

	CHECK(pthread_create(&th, NULL, tsc_thread, NULL) == 0, "pthread_create");
	CHECK(prctl(PR_SET_TSC, PR_TSC_SIGSEGV) == 0, "PR_SET_TSC SIGSEGV: %s", strerror(errno));
	CHECK(prctl(PR_GET_TSC, &mode) == 0 && mode == PR_TSC_SIGSEGV,
	      "PR_GET_TSC = %u after PR_TSC_SIGSEGV", mode);
	CHECK(rdtsc_faults(), "rdtsc did not fault with PR_TSC_SIGSEGV");
	CHECK(tsc_code == SI_KERNEL && tsc_addr == 0,
	      "rdtsc fault: si_code %d si_addr %#lx, want SI_KERNEL and 0", (int)tsc_code,
	      tsc_addr);
	atomic_store(&tsc_stage, 1);
	pthread_join(th, NULL);
	CHECK(atomic_load(&tsc_stage) == 2, "rdtsc faulted in another thread of the process");
	CHECK(rdtsc_faults(), "rdtsc no longer faults after another thread ran");

	pid_t pid = fork();
	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		mode = 0;
		prctl(PR_GET_TSC, &mode);
		_exit(mode != PR_TSC_SIGSEGV ? 2 : rdtsc_faults() ? 0 : 3);
	}
	st = wait_status(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "fork child: PR_TSC_SIGSEGV not inherited (status %#x)", st);

	CHECK(prctl(PR_SET_TSC, PR_TSC_ENABLE) == 0, "PR_SET_TSC ENABLE: %s", strerror(errno));
	CHECK(!rdtsc_faults(), "rdtsc still faults after PR_TSC_ENABLE");
	return 0;
}

/*
 * Debug registers through PEEKUSER/POKEUSER, as gdb sets hardware
 * watchpoints (issue 14, item 4): checked as x86 checks them, read back,
 * and a write watchpoint fires: SIGTRAP with TRAP_HWBKPT, DR6 names the
 * slot.  A thread created later has no watchpoint (it is not traced: a
 * trap there would kill the process).
 */
static volatile long dr_watch;

static void *dr_thread(void *arg)
{
	(void)arg;
	dr_watch = 3;
	return NULL;
}

#define DR_OFF(n) offsetof(struct user, u_debugreg[n])

static int chk_ptrace_debugregs(void)
{
	unsigned long w = (unsigned long)&dr_watch;
	siginfo_t si;
	long v;
	int st;

	pid_t pid = fork();
	if (pid == 0) {
		pthread_t th;

		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		dr_watch = 1;
		if (pthread_create(&th, NULL, dr_thread, NULL) == 0)
			pthread_join(th, NULL);
		dr_watch = 2;
		_exit(0);
	}
	CHECK(pid > 0, "fork: %s", strerror(errno));
	wait_stop(pid, &st);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "first stop 0x%x", st);
	errno = 0;
	v = ptrace(PTRACE_PEEKUSER, pid, DR_OFF(7), 0);
	CHECK(errno == 0 && v == 0, "PEEKUSER dr7: %#lx (%s)", v, strerror(errno));
	v = ptrace(PTRACE_PEEKUSER, pid, DR_OFF(6), 0);
	CHECK(errno == 0 && v == 0xffff0ff0, "PEEKUSER dr6: %#lx (%s), want 0xffff0ff0", v,
	      strerror(errno));
	v = ptrace(PTRACE_PEEKUSER, pid, DR_OFF(4), 0);
	CHECK(errno == 0 && v == 0, "PEEKUSER dr4: %#lx (%s)", v, strerror(errno));
	CHECK(ptrace(PTRACE_POKEUSER, pid, DR_OFF(4), 0) == -1 && errno == EIO, "POKEUSER dr4: %s",
	      strerror(errno));
	CHECK(ptrace(PTRACE_POKEUSER, pid, DR_OFF(5), 0) == -1 && errno == EIO, "POKEUSER dr5: %s",
	      strerror(errno));
	/* Addresses: user space only. */
	CHECK(ptrace(PTRACE_POKEUSER, pid, DR_OFF(0), 0xffff800000000000UL) == -1 && errno == EINVAL,
	      "POKEUSER dr0 = kernel address: %s", strerror(errno));
	CHECK(ptrace(PTRACE_POKEUSER, pid, DR_OFF(0), 1UL << 47) == -1 && errno == EINVAL,
	      "POKEUSER dr0 = 1 << 47: %s", strerror(errno));
	CHECK(ptrace(PTRACE_POKEUSER, pid, DR_OFF(0), w) == 0, "POKEUSER dr0: %s", strerror(errno));
	v = ptrace(PTRACE_PEEKUSER, pid, DR_OFF(0), 0);
	CHECK(errno == 0 && (unsigned long)v == w, "dr0 reads %#lx, wrote %#lx", v, w);
	/* DR7: no I/O breakpoints, an instruction breakpoint has LEN 00. */
	CHECK(ptrace(PTRACE_POKEUSER, pid, DR_OFF(7), 0x1 | (0x2UL << 16)) == -1 && errno == EINVAL,
	      "POKEUSER dr7 with an I/O breakpoint: %s", strerror(errno));
	CHECK(ptrace(PTRACE_POKEUSER, pid, DR_OFF(7), 0x1 | (0xcUL << 16)) == -1 && errno == EINVAL,
	      "POKEUSER dr7 with a 4-byte instruction breakpoint: %s", strerror(errno));
	/* An 8-byte watchpoint must be 8-byte aligned. */
	CHECK(ptrace(PTRACE_POKEUSER, pid, DR_OFF(1), w + 1) == 0, "POKEUSER dr1: %s",
	      strerror(errno));
	CHECK(ptrace(PTRACE_POKEUSER, pid, DR_OFF(7), 0x4 | (0x9UL << 20)) == -1 && errno == EINVAL,
	      "POKEUSER dr7 with a misaligned 8-byte watchpoint: %s", strerror(errno));
	v = ptrace(PTRACE_PEEKUSER, pid, DR_OFF(7), 0);
	CHECK(errno == 0 && v == 0, "dr7 reads %#lx after refused writes", v);
	/* Slot 0: write, 8 bytes, locally enabled; reserved bit 10 reads back. */
	unsigned long dr7 = 0x1 | 0x400 | (0x9UL << 16);
	CHECK(ptrace(PTRACE_POKEUSER, pid, DR_OFF(7), dr7) == 0, "POKEUSER dr7 %#lx: %s", dr7,
	      strerror(errno));
	v = ptrace(PTRACE_PEEKUSER, pid, DR_OFF(7), 0);
	CHECK(errno == 0 && (unsigned long)v == dr7, "dr7 reads %#lx, wrote %#lx", v, dr7);
	/* It fires, for the main thread only. */
	for (int hit = 1; hit <= 2; hit++) {
		CHECK(ptrace(PTRACE_CONT, pid, 0, 0) == 0, "CONT: %s", strerror(errno));
		wait_stop(pid, &st);
		CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP,
		      "watchpoint %d: status 0x%x, want a SIGTRAP stop", hit, st);
		CHECK(ptrace(PTRACE_GETSIGINFO, pid, 0, &si) == 0 && si.si_code == TRAP_HWBKPT,
		      "watchpoint %d: si_code %d, want TRAP_HWBKPT", hit, si.si_code);
		v = ptrace(PTRACE_PEEKUSER, pid, DR_OFF(6), 0);
		CHECK(errno == 0 && (v & 0x400f) == 0x1, "watchpoint %d: dr6 %#lx, want DR_TRAP0", hit,
		      v);
		errno = 0;
		v = ptrace(PTRACE_PEEKDATA, pid, &dr_watch, 0);
		CHECK(errno == 0 && v == hit, "watchpoint %d: the value is %ld", hit, v);
	}
	CHECK(ptrace(PTRACE_CONT, pid, 0, 0) == 0, "CONT: %s", strerror(errno));
	wait_stop(pid, &st);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "tracee ended with status 0x%x", st);
	return 0;
}

static const struct check checks[] = {
	{ "exec_kinds", chk_exec_kinds, 0 },
	{ "exec_script", chk_exec_script, 0 },
	{ "exec_args", chk_exec_args, 0 },
	{ "auxv_extra", chk_auxv_extra, 0 },
	{ "syscall_nr_bits", chk_syscall_nr_bits, 0 },
	{ "rlimits", chk_rlimits, 0 },
	{ "prctl", chk_prctl, 0 },
	{ "tsc_cpuid", chk_tsc_cpuid, 0 },
	{ "pgrp_session", chk_pgrp_session, 0 },
	{ "job_control", chk_job_control, 0 },
	{ "ptrace_syscalls", chk_ptrace_syscalls, 0 },
	{ "ptrace_peek_poke", chk_ptrace_peek_poke, 0 },
	{ "ptrace_user_fp", chk_ptrace_user_fp, 0 },
	{ "ptrace_debugregs", chk_ptrace_debugregs, 0 },
	{ "ptrace_step", chk_ptrace_step, 0 },
	{ "ptrace_events", chk_ptrace_events, 0 },
	{ "ptrace_attach", chk_ptrace_attach, 0 },
	{ "strace", chk_strace, 0 },
	{ "coredump", chk_coredump, 0 },
	{ "seccomp", chk_seccomp, 0 },
	{ "namespaces", chk_namespaces, 0 },
	{ "cgroup2", chk_cgroup2, 0 },
};

int main(int argc, char **argv)
{
	char **ep = environ;
	while (*ep)
		ep++;
	raw_auxv = (unsigned long *)(ep + 1);
	const char *rf = getenv("ABI_REPORT_FD");
	if (rf) {
		int fd = atoi(rf);
		unsetenv("ABI_REPORT_FD");
		return report_main(argc, argv, fd);
	}
	ssize_t n = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
	if (n > 0)
		self_path[n] = 0;
	return harness_main("abi-proc", checks, sizeof checks / sizeof checks[0], argc, argv);
}
