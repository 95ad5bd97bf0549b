// SPDX-License-Identifier: GPL-2.0
/*
 * Host channels of the console and serial lines: the part of the
 * driver that talks to the host, in plain C against glibc.
 *
 * A channel type is a parser and an opener (struct chan_type); once
 * open, every channel is a non-blocking host descriptor (or none, for
 * null) with O_ASYNC set, so that it raises SIGIO.  Two epoll sets, one
 * for "input ready" and one for "output writable again", stand for all
 * of them: the kernel side binds one IRQ to each.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <poll.h>
#include <host_io.h>
#include <console_host.h>
#include <host_child.h>
#include "chan_hotplug.h"

#define SPEC_MAX	256
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

enum chan_kind { CH_NONE, CH_NULL, CH_FD, CH_PTS, CH_TTY, CH_PORT, CH_XTERM };

struct chan {
	enum chan_kind kind;
	int num;		/* fd:N, port:N */
	char path[SPEC_MAX];	/* tty:DEVICE */
	int fd;			/* open host descriptor, or -1 */
	int conn;		/* end of input means the other side left */
	int nopoll;		/* epoll refuses it (regular file, /dev/null) */
	pid_t watcher;		/* passes its terminal's SIGWINCH on, or 0 */
};

struct line {
	char name[8];		/* "con0", "ssl3" */
	char spec[SPEC_MAX];
	int set_alone;		/* set by conN= / sslN=, not by con= / ssl= */
	int shared;		/* one channel both ways: in is used for out */
	struct chan in, out;
	int telnet;		/* state of the telnet filter (port:) */
	int in_watched;		/* in the input epoll set */
	int out_watched;	/* in the output epoll set */
	char msg[SPEC_MAX + 64];
};

struct chan_type {
	const char *name;
	int takes_arg;		/* "name:ARG" */
	enum chan_kind kind;
	/* Check ARG; on error, fill err and return -1. */
	int (*parse)(struct chan *c, const char *arg, char *err, size_t len);
	/* Open the channel; on error, fill err and return -1. */
	int (*open)(struct line *l, struct chan *c, char *err, size_t len);
};

static struct line lines[CONS_NR_LINES];
static int in_epoll = -1, out_epoll = -1;
static int winch_pipe[2] = { -1, -1 };
static volatile sig_atomic_t winch_seen;

/* --- host terminals: raw mode for the run, restored at exit ---------- */

struct saved_fd {
	int fd;
	int flags;
	int has_tio;
	struct termios tio;
	char path[SPEC_MAX];	/* tty:DEVICE: opened by us from here */
};
static struct saved_fd saved[CONS_NR_LINES * 2 + 2];
static int nr_saved;
static int restore_pipe = -1;

static struct saved_fd *saved_of(int fd)
{
	int i;

	for (i = 0; i < nr_saved; i++)
		if (saved[i].fd == fd)
			return &saved[i];
	return NULL;
}

/* Remember the status flags (and terminal mode) of a descriptor we got. */
static void save_fd(int fd, const char *path)
{
	struct saved_fd *s;

	if (saved_of(fd) || nr_saved == (int)ARRAY_SIZE(saved))
		return;
	s = &saved[nr_saved];
	s->fd = fd;
	s->flags = fcntl(fd, F_GETFL);
	if (s->flags < 0)
		return;
	s->has_tio = isatty(fd) && !tcgetattr(fd, &s->tio);
	snprintf(s->path, sizeof(s->path), "%s", path ? path : "");
	nr_saved++;
}

/* Raw input: every byte (Ctrl-C too) goes to the guest's own tty. */
static void make_raw(int fd)
{
	struct termios t;

	if (!isatty(fd) || tcgetattr(fd, &t))
		return;
	cfmakeraw(&t);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	tcsetattr(fd, TCSANOW, &t);
}

static void restore_fd(const struct saved_fd *s, int fd)
{
	if (s->has_tio)
		tcsetattr(fd, TCSANOW, &s->tio);
	fcntl(fd, F_SETFL, s->flags);
}

void cons_host_restore(void)
{
	int i;

	for (i = nr_saved - 1; i >= 0; i--)
		restore_fd(&saved[i], saved[i].fd);
}

/*
 * The kernel leaves through _exit() (and may be killed), so atexit()
 * alone cannot promise a usable terminal afterwards: a small child
 * waits for the end of a pipe only we hold and restores then.
 *
 * It holds no descriptor of ours but its pipe end and those handed to
 * us (fd:N), whose flags matter to whoever shares them: a pts master or
 * a tty:DEVICE it kept open would keep a removed line's host side from
 * hanging up.  A device it restores is opened again by its name, and
 * when a line is removed it is told to forget the line's descriptor.
 */
static int restorer_pipe[2];

static void restorer_forget(int fd)
{
	struct saved_fd *s = saved_of(fd);

	if (!s)
		return;
	if (!s->path[0])
		close(fd);
	*s = saved[--nr_saved];
}

static int restorer(void *unused)
{
	int keep[ARRAY_SIZE(saved) + 1];
	int i, n = 0, fd;
	ssize_t got;

	for (i = 0; i < nr_saved; i++)
		if (!saved[i].path[0])
			keep[n++] = saved[i].fd;
	keep[n++] = restorer_pipe[0];
	host_child_keep_fds(keep, n);
	while ((got = read(restorer_pipe[0], &fd, sizeof(fd))) != 0)
		if (got == sizeof(fd))
			restorer_forget(fd);
	for (i = nr_saved - 1; i >= 0; i--) {
		if (!saved[i].path[0]) {
			restore_fd(&saved[i], saved[i].fd);
			continue;
		}
		/* Only the terminal's mode outlives our open file. */
		fd = open(saved[i].path, O_RDWR | O_NOCTTY | O_NONBLOCK);
		if (fd < 0)
			continue;
		if (saved[i].has_tio)
			tcsetattr(fd, TCSANOW, &saved[i].tio);
		close(fd);
	}
	_exit(0);
}

static void start_restorer(void)
{
	int i;

	for (i = 0; i < nr_saved; i++)
		if (saved[i].has_tio)
			break;
	if (i == nr_saved || pipe(restorer_pipe))
		return;
	if (host_start_child(restorer, NULL, "uml-restorer", 0) < 0) {
		close(restorer_pipe[0]);
		close(restorer_pipe[1]);
		return;
	}
	close(restorer_pipe[0]);
	/* Kept over a reboot's exec: the first instance's child restores. */
	restore_pipe = restorer_pipe[1];
	atexit(cons_host_restore);
}

/*
 * The terminal of a pts or xterm line is somebody else's: its window
 * size changes (TIOCSWINSZ by screen, xterm, ...) send SIGWINCH to the
 * foreground process group of the pseudo-terminal's session, and there
 * is none, so the kernel would never hear of them.  A small child makes
 * the pseudo-terminal its controlling terminal (through either end:
 * TIOCSCTTY on a master acts on its slave) and passes every SIGWINCH on
 * to the kernel.  It ends with the kernel, when the pseudo-terminal is
 * hung up (its master closed) or when it is killed at hot-removal.
 */
static struct {
	pid_t kernel;
	int fd;
} watcher_arg;

static int watcher(void *unused)
{
	sigset_t wanted;
	int sig;

	if (setsid() < 0 || ioctl(watcher_arg.fd, TIOCSCTTY, 0))
		_exit(0);
	/* Nothing of the kernel's: no channel stays open because of us. */
	host_child_keep_fds(NULL, 0);
	sigemptyset(&wanted);
	sigaddset(&wanted, SIGWINCH);
	sigaddset(&wanted, SIGHUP);
	sigaddset(&wanted, SIGTERM);
	for (;;) {
		sig = sigwaitinfo(&wanted, NULL);
		if (sig == SIGWINCH && !kill(watcher_arg.kernel, SIGWINCH))
			continue;
		if (sig < 0 && errno == EINTR)
			continue;
		_exit(0);
	}
}

static void start_watcher(struct chan *c)
{
	pid_t pid;

	watcher_arg.kernel = getpid();
	watcher_arg.fd = c->fd;
	pid = host_start_child(watcher, NULL, "uml-winch",
			       HOST_CHILD_ENDS_WITH_KERNEL);
	c->watcher = pid > 0 ? pid : 0;
}

static void stop_watcher(struct chan *c)
{
	host_end_child(c->watcher);
	c->watcher = 0;
}

/* --- channel types ----------------------------------------------------- */

static int parse_num(const char *arg, int max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < 0 || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

static int fd_parse(struct chan *c, const char *arg, char *err, size_t len)
{
	if (parse_num(arg, 1 << 20, &c->num)) {
		snprintf(err, len, "'fd:%s' needs a descriptor number", arg);
		return -1;
	}
	return 0;
}

/* A descriptor whose end of input means its other side went away. */
static int is_connection(int fd)
{
	struct stat st;

	if (fstat(fd, &st))
		return 0;
	return S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || isatty(fd);
}

static int fd_open(struct line *l, struct chan *c, char *err, size_t len)
{
	if (fcntl(c->num, F_GETFD) < 0) {
		snprintf(err, len, "host descriptor %d is not open", c->num);
		return -1;
	}
	c->fd = c->num;
	c->conn = is_connection(c->fd);
	save_fd(c->fd, NULL);
	return 0;
}

static int null_open(struct line *l, struct chan *c, char *err, size_t len)
{
	c->fd = -1;
	return 0;
}

/* A new pseudo-terminal master; its slave's name goes in name. */
static int new_pts(char *name, size_t namelen, char *err, size_t len)
{
	int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (fd < 0 || grantpt(fd) || unlockpt(fd) ||
	    ptsname_r(fd, name, namelen)) {
		snprintf(err, len, "cannot get a host pseudo-terminal: %s",
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int pts_open(struct line *l, struct chan *c, char *err, size_t len)
{
	char name[64];

	c->fd = new_pts(name, sizeof(name), err, len);
	if (c->fd < 0)
		return -1;
	c->conn = 1;
	start_watcher(c);
	snprintf(l->msg, sizeof(l->msg), "attached to %s", name);
	return 0;
}

static int tty_parse(struct chan *c, const char *arg, char *err, size_t len)
{
	if (arg[0] != '/') {
		snprintf(err, len, "'tty:%s' needs an absolute device path",
			 arg);
		return -1;
	}
	if (access(arg, R_OK | W_OK)) {
		snprintf(err, len, "cannot use %s: %s", arg, strerror(errno));
		return -1;
	}
	snprintf(c->path, sizeof(c->path), "%s", arg);
	return 0;
}

static int tty_open(struct line *l, struct chan *c, char *err, size_t len)
{
	c->fd = open(c->path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (c->fd < 0) {
		snprintf(err, len, "cannot open %s: %s", c->path,
			 strerror(errno));
		return -1;
	}
	c->conn = 1;
	save_fd(c->fd, c->path);
	make_raw(c->fd);
	snprintf(l->msg, sizeof(l->msg), "attached to %s", c->path);
	return 0;
}

/* port:N: one TCP listener per port number, shared by its lines. */
struct listener {
	int port;
	int fd;
};
static struct listener listeners[CONS_NR_LINES];
static int nr_listeners;

static int port_parse(struct chan *c, const char *arg, char *err, size_t len)
{
	if (parse_num(arg, 65535, &c->num) || !c->num) {
		snprintf(err, len, "'port:%s' needs a TCP port number 1-65535",
			 arg);
		return -1;
	}
	return 0;
}

static int port_open(struct line *l, struct chan *c, char *err, size_t len)
{
	struct sockaddr_in sa;
	int i, fd, one = 1;

	c->fd = -1;
	c->conn = 1;
	snprintf(l->msg, sizeof(l->msg),
		 "waiting for a connection on port %d", c->num);
	for (i = 0; i < nr_listeners; i++)
		if (listeners[i].port == c->num)
			return 0;
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(c->num);
	sa.sin_addr.s_addr = htonl(INADDR_ANY);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 4))
		goto fail;
	listeners[nr_listeners].port = c->num;
	listeners[nr_listeners++].fd = fd;
	return 0;
fail:
	snprintf(err, len, "cannot listen on TCP port %d: %s", c->num,
		 strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

static int xterm_parse(struct chan *c, const char *arg, char *err,
		       size_t len)
{
	const char *display = getenv("DISPLAY");

	if (!display || !*display) {
		snprintf(err, len, "no X display for xterm ($DISPLAY is not set)");
		return -1;
	}
	return 0;
}

/* xterm: a terminal emulator on a new pseudo-terminal's master side. */
static int xterm_open(struct line *l, struct chan *c, char *err, size_t len)
{
	const char *display = getenv("DISPLAY");
	char name[64], sopt[96], title[32];
	char *argv[] = { "xterm", "-T", title, sopt, NULL };
	int master, rc, fds[4] = { -1, -1, -1 };

	if (!display || !*display) {
		snprintf(err, len, "no X display for xterm ($DISPLAY is not set)");
		return -1;
	}
	master = new_pts(name, sizeof(name), err, len);
	if (master < 0)
		return -1;
	c->fd = open(name, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (c->fd < 0) {
		snprintf(err, len, "cannot open %s: %s", name, strerror(errno));
		close(master);
		return -1;
	}
	snprintf(title, sizeof(title), "UML %s", l->name);
	snprintf(sopt, sizeof(sopt), "-S%s/3",
		 strrchr(name, '/') ? strrchr(name, '/') + 1 : name);
	/* xterm gets stdio and the master as descriptor 3. */
	fds[3] = master;
	rc = host_spawn(argv, fds, 4);
	close(master);
	if (rc < 0) {
		snprintf(err, len, "cannot start xterm: %s", strerror(-rc));
		close(c->fd);
		return -1;
	}
	c->conn = 1;
	make_raw(c->fd);
	start_watcher(c);
	snprintf(l->msg, sizeof(l->msg), "attached to an xterm on %s", name);
	return 0;
}

static const struct chan_type chan_types[] = {
	{ "fd",    1, CH_FD,    fd_parse,   fd_open },
	{ "null",  0, CH_NULL,  NULL,       null_open },
	{ "none",  0, CH_NONE,  NULL,       NULL },
	{ "pts",   0, CH_PTS,   NULL,       pts_open },
	{ "pty",   0, CH_PTS,   NULL,       pts_open },
	{ "tty",   1, CH_TTY,   tty_parse,  tty_open },
	{ "port",  1, CH_PORT,  port_parse, port_open },
	{ "xterm", 0, CH_XTERM, xterm_parse, xterm_open },
};
#define NR_CHAN_TYPES	ARRAY_SIZE(chan_types)

static const struct chan_type *type_of(const struct chan *c)
{
	size_t i;

	for (i = 0; i < NR_CHAN_TYPES; i++)
		if (chan_types[i].kind == c->kind)
			return &chan_types[i];
	return NULL;
}

/* --- parsing ------------------------------------------------------------ */

static void __attribute__((noreturn)) usage_error(const char *opt,
						  const char *spec,
						  const char *why)
{
	fprintf(stderr, "linux: %s=%s: %s\n", opt, spec, why);
	exit(CONS_USAGE_EXIT);
}

/* One channel, "type" or "type:arg"; -1 and err on a bad one. */
static int parse_chan(struct chan *c, const char *s, char *err, size_t len)
{
	const char *colon = strchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);
	size_t i;

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	for (i = 0; i < NR_CHAN_TYPES; i++) {
		const struct chan_type *t = &chan_types[i];

		if (strlen(t->name) != n || strncmp(s, t->name, n))
			continue;
		c->kind = t->kind;
		if (t->takes_arg && (!colon || !colon[1])) {
			snprintf(err, len, "channel '%s' needs an argument (%s:...)",
				 s, t->name);
			return -1;
		}
		if (!t->takes_arg && colon) {
			snprintf(err, len, "channel '%s' takes no argument",
				 t->name);
			return -1;
		}
		return t->parse ? t->parse(c, colon ? colon + 1 : "", err, len)
				: 0;
	}
	snprintf(err, len, "unknown channel '%.*s' (expected fd:N, null, none, pts, tty:DEVICE, port:N or xterm, or IN,OUT)",
		 (int)n, s);
	return -1;
}

/* "CHAN" or "IN_CHAN,OUT_CHAN" into l->in and l->out. */
static int parse_spec(struct line *l, const char *spec, char *err, size_t len)
{
	char in[SPEC_MAX];
	const char *comma = strchr(spec, ',');

	if (strlen(spec) >= SPEC_MAX) {
		snprintf(err, len, "channel description too long");
		return -1;
	}
	if (!*spec) {
		snprintf(err, len, "no channel given");
		return -1;
	}
	if (!comma) {
		l->shared = 1;
		if (parse_chan(&l->in, spec, err, len))
			return -1;
		l->out = l->in;
		return 0;
	}
	l->shared = 0;
	memcpy(in, spec, comma - spec);
	in[comma - spec] = 0;
	if (parse_chan(&l->in, in, err, len) ||
	    parse_chan(&l->out, comma + 1, err, len))
		return -1;
	if (l->in.kind == CH_NONE || l->out.kind == CH_NONE) {
		snprintf(err, len, "'none' is a whole line's setting, not one direction's (use null)");
		return -1;
	}
	if (l->in.kind == CH_PORT || l->out.kind == CH_PORT ||
	    l->in.kind == CH_XTERM || l->out.kind == CH_XTERM) {
		snprintf(err, len, "port: and xterm channels go both ways and cannot be split");
		return -1;
	}
	/* Two channels of one kind that opens a new thing: one thing. */
	if (l->in.kind == CH_PTS && l->out.kind == CH_PTS)
		l->shared = 1;
	return 0;
}

static void init_defaults(void)
{
	static int done;
	int i;

	if (done)
		return;
	done = 1;
	for (i = 0; i < CONS_NR_LINES; i++) {
		struct line *l = &lines[i];
		char err[64];

		if (i < CONS_FIRST_SERIAL)
			snprintf(l->name, sizeof(l->name), "con%d", i);
		else
			snprintf(l->name, sizeof(l->name), "ssl%d",
				 i - CONS_FIRST_SERIAL);
		/*
		 * Consoles are there like a PC's virtual terminals with no
		 * screen (Debian starts a getty on tty1 and counts a unit
		 * that cannot open it as failed); serial lines exist only
		 * when given a channel.
		 */
		snprintf(l->spec, sizeof(l->spec), "%s",
			 i == 0 ? "fd:0,fd:1" :
			 i < CONS_FIRST_SERIAL ? "null" : "none");
		parse_spec(l, l->spec, err, sizeof(err));
	}
}

void cons_host_config(int serial, int index, const char *spec)
{
	int first = serial ? CONS_FIRST_SERIAL : 0;
	int count = serial ? CONS_NR_SERIAL : CONS_NR_CONSOLES;
	char opt[8], err[SPEC_MAX + 128];
	struct line tmp;
	int i;

	init_defaults();
	if (index < 0)
		snprintf(opt, sizeof(opt), "%s", serial ? "ssl" : "con");
	else
		snprintf(opt, sizeof(opt), "%s%d", serial ? "ssl" : "con",
			 index);
	if (index >= count) {
		snprintf(err, sizeof(err), "no such line (%s0 to %s%d exist)",
			 serial ? "ssl" : "con", serial ? "ssl" : "con",
			 count - 1);
		usage_error(opt, spec, err);
	}
	memset(&tmp, 0, sizeof(tmp));
	if (parse_spec(&tmp, spec, err, sizeof(err)))
		usage_error(opt, spec, err);
	for (i = first; i < first + count; i++) {
		struct line *l = &lines[i];

		if (index >= 0 ? i != first + index : l->set_alone)
			continue;
		snprintf(l->spec, sizeof(l->spec), "%s", spec);
		l->shared = tmp.shared;
		l->in = tmp.in;
		l->out = tmp.out;
		if (index >= 0)
			l->set_alone = 1;
	}
}

/* The last value of NAME= on the command line, or NULL. */
static const char *last_option(const char *cmdline, const char *name,
			       char *buf, size_t len)
{
	const char *p = cmdline, *found = NULL;
	size_t n = strlen(name), i;

	while (*p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, name, n) && p[n] == '=')
			found = p + n + 1;
		while (*p && *p != ' ')
			p++;
	}
	if (!found)
		return NULL;
	for (i = 0; i + 1 < len && found[i] && found[i] != ' '; i++)
		buf[i] = found[i];
	buf[i] = 0;
	return buf;
}

void cons_host_check_cmdline(const char *cmdline)
{
	const char *p = cmdline;
	char word[SPEC_MAX + 16];

	while (*p) {
		size_t n = 0;
		const char *q;
		int serial, index = -1;

		while (*p == ' ')
			p++;
		while (p[n] && p[n] != ' ')
			n++;
		if (n >= sizeof(word))
			n = sizeof(word) - 1;
		memcpy(word, p, n);
		word[n] = 0;
		p += n;
		while (*p && *p != ' ')
			p++;
		if (strncmp(word, "con", 3) && strncmp(word, "ssl", 3))
			continue;
		serial = word[0] == 's';
		q = word + 3;
		if (*q >= '0' && *q <= '9') {
			index = 0;
			while (*q >= '0' && *q <= '9' && index < 1000)
				index = index * 10 + *q++ - '0';
		}
		if (*q == '=')
			cons_host_config(serial, index, q + 1);
	}
}

int cons_host_con0_on_stdout(const char *cmdline)
{
	char buf[SPEC_MAX];
	const char *spec, *out;

	spec = last_option(cmdline, "con0", buf, sizeof(buf));
	if (!spec)
		spec = last_option(cmdline, "con", buf, sizeof(buf));
	if (!spec)
		return 1;
	out = strchr(spec, ',');
	out = out ? out + 1 : spec;
	return !strcmp(out, "fd:1") || !strcmp(spec, "none");
}

/* --- opening ------------------------------------------------------------- */

/* Open one channel; -1 and a message in err if it cannot be. */
static int try_open_chan(struct line *l, struct chan *c, char *err,
			 size_t len)
{
	const struct chan_type *t = type_of(c);

	if (!t || !t->open)
		return 0;
	if (t->open(l, c, err, len))
		return -1;
	if (c->fd >= 0)
		host_fd_set_async(c->fd);
	return 0;
}

static void open_chan(struct line *l, struct chan *c)
{
	char err[SPEC_MAX + 128];

	if (try_open_chan(l, c, err, sizeof(err)))
		usage_error(l->name, l->spec, err);
}

static void winch_handler(int sig)
{
	int saved_errno = errno;
	char c = 0;

	winch_seen = 1;
	/* A full pipe already says it. */
	(void)!write(winch_pipe[1], &c, 1);
	errno = saved_errno;
}

static void setup_winch(void)
{
	struct sigaction sa;
	struct epoll_event ev = { .events = EPOLLIN };

	if (pipe2(winch_pipe, O_NONBLOCK | O_CLOEXEC))
		return;
	host_fd_set_async(winch_pipe[0]);
	epoll_ctl(in_epoll, EPOLL_CTL_ADD, winch_pipe[0], &ev);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = winch_handler;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGWINCH, &sa, NULL);
}

static void watch_listener(struct listener *li)
{
	struct epoll_event ev = { .events = EPOLLIN };

	host_fd_set_async(li->fd);
	epoll_ctl(in_epoll, EPOLL_CTL_ADD, li->fd, &ev);
}

void cons_host_open_all(void)
{
	int i, terminal = 0;

	init_defaults();
	in_epoll = epoll_create1(EPOLL_CLOEXEC);
	out_epoll = epoll_create1(EPOLL_CLOEXEC);
	if (in_epoll < 0 || out_epoll < 0) {
		fprintf(stderr, "linux: console: epoll_create1: %s\n",
			strerror(errno));
		exit(1);
	}
	for (i = 0; i < CONS_NR_LINES; i++) {
		struct line *l = &lines[i];

		if (l->in.kind == CH_NONE)
			continue;
		open_chan(l, &l->in);
		if (l->shared)
			l->out = l->in;
		else
			open_chan(l, &l->out);
		/* Guest input from a host terminal: raw, every key a byte. */
		if (l->in.fd >= 0 && isatty(l->in.fd)) {
			make_raw(l->in.fd);
			terminal = 1;
		}
	}
	for (i = 0; i < nr_listeners; i++)
		watch_listener(&listeners[i]);
	if (terminal)
		setup_winch();
	start_restorer();
	/* Kernel messages go elsewhere: say here where the lines are. */
	if (lines[0].in.kind != CH_NONE &&
	    !(lines[0].out.kind == CH_FD && lines[0].out.num == 1))
		for (i = 0; i < CONS_NR_LINES; i++)
			if (lines[i].in.kind != CH_NONE && lines[i].msg[0])
				fprintf(stderr, "linux: %s: %s\n",
					lines[i].name, lines[i].msg);
}

int cons_host_exists(int line)
{
	init_defaults();
	return lines[line].in.kind != CH_NONE;
}

const char *cons_host_message(int line)
{
	return lines[line].msg[0] ? lines[line].msg : NULL;
}

int cons_host_input_poll_fd(void)
{
	return in_epoll;
}

int cons_host_output_poll_fd(void)
{
	return out_epoll;
}

static void watch(int ep, struct chan *c, int on, unsigned int events,
		  int *watched)
{
	struct epoll_event ev = { .events = events };

	on = !!on;
	if (c->fd < 0 || c->nopoll || on == *watched)
		return;
	if (epoll_ctl(ep, on ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, c->fd, &ev)) {
		if (errno == EPERM)
			c->nopoll = 1;
		if (errno != EEXIST && errno != ENOENT)
			return;
	}
	*watched = on;
}

void cons_host_watch_input(int line, int on)
{
	struct line *l = &lines[line];

	watch(in_epoll, &l->in, on, EPOLLIN, &l->in_watched);
}

void cons_host_watch_output(int line, int on)
{
	struct line *l = &lines[line];

	watch(out_epoll, l->shared ? &l->in : &l->out, on, EPOLLOUT,
	      &l->out_watched);
}

/* A port: connection ended: the line waits for the next one. */
static void port_disconnect(struct line *l)
{
	cons_host_watch_input(l - lines, 0);
	cons_host_watch_output(l - lines, 0);
	close(l->in.fd);
	l->in.fd = -1;
	l->out = l->in;
}

/*
 * port: lines talk to telnet clients: drop the protocol's commands
 * (IAC ...) from the input and turn its CR LF / CR NUL into CR, the
 * Enter key of a terminal.
 */
enum { T_DATA, T_IAC, T_OPT, T_SB, T_SB_IAC, T_CR };
#define IAC	255
#define SB	250
#define SE	240
#define WILL	251
#define DONT	254

static ssize_t telnet_filter(struct line *l, char *buf, ssize_t n)
{
	unsigned char *p = (unsigned char *)buf;
	ssize_t i, out = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = p[i];

		switch (l->telnet) {
		case T_IAC:
			l->telnet = c == SB ? T_SB : c >= WILL && c <= DONT ?
				    T_OPT : T_DATA;
			if (c == IAC)
				p[out++] = c;
			continue;
		case T_OPT:
			l->telnet = T_DATA;
			continue;
		case T_SB:
			if (c == IAC)
				l->telnet = T_SB_IAC;
			continue;
		case T_SB_IAC:
			l->telnet = c == SE ? T_DATA : T_SB;
			continue;
		case T_CR:
			l->telnet = T_DATA;
			if (c == '\n' || c == 0)
				continue;
			break;
		}
		if (c == IAC) {
			l->telnet = T_IAC;
			continue;
		}
		if (c == '\r')
			l->telnet = T_CR;
		p[out++] = c;
	}
	return out;
}

long cons_host_read(int line, char *buf, unsigned long len)
{
	struct line *l = &lines[line];
	ssize_t n;

	if (l->in.kind == CH_PORT && l->in.fd < 0)
		return -ENOTCONN;
	if (l->in.fd < 0)
		return 0;
	do {
		n = read(l->in.fd, buf, len);
		/* Only telnet commands: read on, the socket may hold more. */
		if (n > 0 && l->in.kind == CH_PORT)
			n = telnet_filter(l, buf, n) ?: -2;
	} while (n == -2);
	if (n > 0)
		return n;
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (!l->in.conn)
		return -ENODATA;
	if (l->in.kind == CH_PORT)
		port_disconnect(l);
	return -EPIPE;
}

long cons_host_write(int line, const char *buf, unsigned long len)
{
	struct line *l = &lines[line];
	struct chan *c = l->shared ? &l->in : &l->out;
	ssize_t n;

	if (c->kind == CH_NULL)
		return len;
	if (c->fd < 0)
		return 0;
	n = write(c->fd, buf, len);
	if (n >= 0)
		return n;
	if (errno == EAGAIN || errno == EINTR)
		return 0;
	return -EPIPE;
}

int cons_host_output_patient(int line)
{
	struct line *l = &lines[line];
	struct chan *c = l->shared ? &l->in : &l->out;

	return c->kind == CH_FD || c->kind == CH_TTY;
}

void cons_host_wait_writable(int line, int ms)
{
	struct line *l = &lines[line];
	struct pollfd p = { .events = POLLOUT };

	p.fd = l->shared ? l->in.fd : l->out.fd;
	if (p.fd >= 0)
		poll(&p, 1, ms);
}

int cons_host_winch_pending(void)
{
	char buf[16];

	if (winch_pipe[0] < 0)
		return 0;
	while (read(winch_pipe[0], buf, sizeof(buf)) > 0)
		;
	if (!winch_seen)
		return 0;
	winch_seen = 0;
	return 1;
}

int cons_host_winsize(int line, unsigned short *rows, unsigned short *cols)
{
	struct line *l = &lines[line];
	struct winsize ws;
	int fd = l->in.fd;

	if (fd < 0 || !isatty(fd))
		fd = l->shared ? -1 : l->out.fd;
	if (fd < 0 || !isatty(fd))
		return -ENOTTY;
	if (ioctl(fd, TIOCGWINSZ, &ws))
		return -errno;
	/* A new pseudo-terminal whose user has not said a size yet. */
	if (!ws.ws_row && !ws.ws_col &&
	    (l->in.kind == CH_PTS || l->in.kind == CH_XTERM))
		return -ENOTTY;
	*rows = ws.ws_row;
	*cols = ws.ws_col;
	return 0;
}

int cons_host_accept(void)
{
	static const char busy[] = "linux: all lines on this port are busy, try later\r\n";
	static const unsigned char will[] = { IAC, WILL, 1, IAC, WILL, 3 };
	int i, j, got = 0;

	for (i = 0; i < nr_listeners; i++) {
		int fd;

		while ((fd = accept4(listeners[i].fd, NULL, NULL,
				     SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
			struct line *l = NULL;

			for (j = 0; j < CONS_NR_LINES; j++)
				if (lines[j].in.kind == CH_PORT &&
				    lines[j].in.num == listeners[i].port &&
				    lines[j].in.fd < 0) {
					l = &lines[j];
					break;
				}
			if (!l) {
				(void)!write(fd, busy, sizeof(busy) - 1);
				close(fd);
				continue;
			}
			host_fd_set_async(fd);
			l->in.fd = fd;
			l->out = l->in;
			l->telnet = T_DATA;
			/* Telnet: we echo, character at a time. */
			(void)!write(fd, will, sizeof(will));
			got |= 1 << j;
		}
	}
	return got;
}

/* --- hot-plug through the management console ---------------------------- */

int cons_host_spec(int line, char *buf, unsigned long len)
{
	init_defaults();
	return snprintf(buf, len, "%s", lines[line].spec);
}

/* Is descriptor fd a channel of a line other than @skip? */
static int fd_in_use(int fd, const struct line *skip)
{
	int i;

	for (i = 0; i < CONS_NR_LINES; i++) {
		const struct line *l = &lines[i];

		if (l == skip || l->in.kind == CH_NONE)
			continue;
		if (l->in.fd == fd || l->out.fd == fd)
			return 1;
	}
	return 0;
}

/* Give a descriptor back as we found it; forget it. */
static void unsave_fd(int fd)
{
	struct saved_fd *s = saved_of(fd);

	if (!s)
		return;
	restore_fd(s, fd);
	*s = saved[--nr_saved];
	/* Four bytes, which the child reads at once: this never blocks. */
	if (restore_pipe >= 0)
		(void)!write(restore_pipe, &fd, sizeof(fd));
}

static void close_chan(struct line *l, struct chan *c)
{
	int fd = c->fd;

	stop_watcher(c);
	c->fd = -1;
	if (fd < 0 || fd_in_use(fd, l))
		return;
	unsave_fd(fd);
	/* A descriptor the user handed us stays open, for a later fd:N. */
	if (c->kind != CH_FD)
		close(fd);
}

/* The listener of a port no line uses any more. */
static void drop_listener(int port)
{
	int i;

	for (i = 0; i < CONS_NR_LINES; i++)
		if (lines[i].in.kind == CH_PORT && lines[i].in.num == port)
			return;
	for (i = 0; i < nr_listeners; i++) {
		if (listeners[i].port != port)
			continue;
		epoll_ctl(in_epoll, EPOLL_CTL_DEL, listeners[i].fd, NULL);
		close(listeners[i].fd);
		listeners[i] = listeners[--nr_listeners];
		return;
	}
}

int cons_host_hot_config(int line, const char *spec, char *err,
			 unsigned long len)
{
	struct line *l = &lines[line];
	struct line *tmp;
	int first_new = nr_listeners, i, r = -EINVAL;

	init_defaults();
	if (l->in.kind != CH_NONE) {
		snprintf(err, len, "%s is configured already (%s): remove it first",
			 l->name, l->spec);
		return -EBUSY;
	}
	tmp = calloc(1, sizeof(*tmp));
	if (!tmp)
		return -ENOMEM;
	memcpy(tmp->name, l->name, sizeof(tmp->name));
	snprintf(tmp->spec, sizeof(tmp->spec), "%s", spec);
	if (parse_spec(tmp, spec, err, len))
		goto out;
	if (tmp->in.kind == CH_NONE) {
		r = 0;
		goto out;
	}
	r = -EIO;
	if (try_open_chan(tmp, &tmp->in, err, len))
		goto out;
	if (tmp->shared) {
		tmp->out = tmp->in;
	} else if (try_open_chan(tmp, &tmp->out, err, len)) {
		close_chan(tmp, &tmp->in);
		goto out;
	}
	if (tmp->in.fd >= 0 && isatty(tmp->in.fd)) {
		make_raw(tmp->in.fd);
		if (winch_pipe[0] < 0)
			setup_winch();
	}
	tmp->set_alone = 1;
	tmp->telnet = T_DATA;
	*l = *tmp;
	for (i = first_new; i < nr_listeners; i++)
		watch_listener(&listeners[i]);
	r = 0;
out:
	free(tmp);
	return r;
}

void cons_host_hot_remove(int line)
{
	struct line *l = &lines[line];
	int port = l->in.kind == CH_PORT ? l->in.num : 0;

	cons_host_watch_input(line, 0);
	cons_host_watch_output(line, 0);
	close_chan(l, &l->in);
	if (!l->shared)
		close_chan(l, &l->out);
	memset(&l->in, 0, sizeof(l->in));
	l->in.kind = CH_NONE;
	l->in.fd = -1;
	l->out = l->in;
	l->shared = 1;
	l->msg[0] = '\0';
	snprintf(l->spec, sizeof(l->spec), "none");
	if (port)
		drop_listener(port);
}
