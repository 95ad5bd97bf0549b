// SPDX-License-Identifier: GPL-2.0
/*
 * The management console: uml_mconsole on the host talks to the running
 * kernel through a datagram socket in the instance folder.
 *
 * Requests arrive as an IRQ.  Cheap commands are answered there; those
 * that sleep or touch files (halt, reboot, cad, sysrq, proc, stack,
 * config, remove) are queued for a work item, which runs them one at a
 * time.  Drivers offer their devices for hot-plug through
 * mc_register_device() (mconsole_dev.h).  "stop" freezes the guest: the IRQ handler
 * then waits on the socket alone, answering requests until "go".
 *
 * With mconsole=notify:SOCKET, a host program hears of the boot, of a
 * panic, of what the guest writes to /proc/mconsole and, from a
 * watchdog child process (mconsole=hang:SECONDS), of a hang: only a
 * process outside the kernel can tell that it stopped.
 */
#include <linux/ctype.h>
#include <linux/init.h>
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/kmsg_dump.h>
#include <linux/list.h>
#include <linux/mount.h>
#include <linux/mutex.h>
#include <linux/nmi.h>
#include <linux/panic_notifier.h>
#include <linux/printk.h>
#include <linux/proc_fs.h>
#include <linux/rcupdate.h>
#include <linux/reboot.h>
#include <linux/sched/task.h>
#include <linux/sched/debug.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/sysrq.h>
#include <linux/utsname.h>
#include <linux/workqueue.h>
#include <linux/delay.h>
#include <asm/fd_irq.h>
#include <host.h>
#include "mconsole_host.h"
#include "mconsole_dev.h"

#define MC_CHUNK	(MC_DATA_LEN - 1)	/* text per reply, then NUL */
#define MC_MAX_QUEUED	8
#define MC_SEND_TRIES	50			/* 20 ms apart: one second */

struct mc_request;

struct mc_command {
	const char *name;
	void (*handler)(struct mc_request *req);
	bool process;		/* runs in the work item, not the IRQ */
};

struct mc_request {
	struct list_head list;
	struct mc_peer peer;
	const struct mc_command *cmd;
	bool in_process;
	bool dropped;		/* the client stopped listening */
	char *arg;		/* after the command word, in line */
	char line[MC_DATA_LEN + 1];
};

/* Reply text gathered into chunks of one datagram each. */
struct mc_stream {
	struct mc_request *req;
	unsigned int len;
	char buf[MC_DATA_LEN];
};

static int mc_fd = -1;
static bool mc_stopped;
static char mc_notify_path[108];
static int mc_notify_fd = -1;
static LIST_HEAD(mc_queue);
static unsigned int mc_queued;
static DEFINE_SPINLOCK(mc_lock);
static struct vfsmount *mc_proc_mnt;

/*
 * One reply datagram.  In the IRQ a full client loses it; the work
 * item may wait for it a little, never for long.
 */
static void mc_send(struct mc_request *req, const char *text,
		    unsigned int len, bool err, bool more)
{
	struct mc_wire_reply reply;
	int tries = 0, n;

	if (req->dropped)
		return;
	len = min_t(unsigned int, len, MC_CHUNK);
	reply.err = err;
	reply.more = more;
	reply.len = len + 1;
	memcpy(reply.data, text, len);
	reply.data[len] = '\0';
	for (;;) {
		n = mc_host_send(mc_fd, &reply, MC_REPLY_HDR + reply.len,
				 &req->peer);
		if (n != -EAGAIN || !req->in_process || ++tries > MC_SEND_TRIES)
			break;
		msleep(20);
	}
	if (n < 0)
		req->dropped = true;
}

static void mc_reply(struct mc_request *req, const char *text, bool err)
{
	size_t len = strlen(text);

	while (len > MC_CHUNK) {
		mc_send(req, text, MC_CHUNK, err, true);
		text += MC_CHUNK;
		len -= MC_CHUNK;
	}
	mc_send(req, text, len, err, false);
}

static void mc_stream_put(struct mc_stream *s, const char *text, size_t len)
{
	while (len) {
		unsigned int n = min_t(size_t, len, MC_CHUNK - s->len);

		memcpy(s->buf + s->len, text, n);
		s->len += n;
		text += n;
		len -= n;
		if (s->len == MC_CHUNK) {
			mc_send(s->req, s->buf, s->len, false, true);
			s->len = 0;
		}
	}
}

static void mc_stream_end(struct mc_stream *s)
{
	mc_send(s->req, s->buf, s->len, false, false);
}

/* Kernel log records written from now on, to be read by mc_log_reply(). */
static void mc_log_mark(struct kmsg_dump_iter *iter)
{
	kmsg_dump_rewind(iter);
	iter->cur_seq = iter->next_seq;
}

static void mc_log_reply(struct mc_request *req, struct kmsg_dump_iter *iter)
{
	struct mc_stream *s = kzalloc(sizeof(*s), GFP_KERNEL);
	char *line = kmalloc(PAGE_SIZE, GFP_KERNEL);
	size_t len;

	if (!s || !line) {
		mc_reply(req, "out of memory", true);
		goto out;
	}
	s->req = req;
	while (kmsg_dump_get_line(iter, false, line, PAGE_SIZE, &len))
		mc_stream_put(s, line, len);
	mc_stream_end(s);
out:
	kfree(line);
	kfree(s);
}

/* --- commands answered in the IRQ ------------------------------------ */

static void mc_version(struct mc_request *req)
{
	struct new_utsname *u = init_utsname();
	char buf[5 * (__NEW_UTS_LEN + 1)];

	snprintf(buf, sizeof(buf), "%s %s %s %s %s", u->sysname, u->nodename,
		 u->release, u->version, u->machine);
	mc_reply(req, buf, false);
}

static const char mc_help_text[] =
"Commands:\n"
"    version       the guest kernel's uname line\n"
"    help          this list\n"
"    halt          halt the guest\n"
"    reboot        restart the guest kernel\n"
"    cad           ctrl-alt-del: ask the guest's init to reboot\n"
"    sysrq KEY     run a magic sysrq key, return its output\n"
"    log TEXT      write TEXT to the kernel log\n"
"    proc FILE     the contents of the guest's /proc/FILE\n"
"    stop          freeze the guest until 'go'\n"
"    go            resume after 'stop'\n"
"    stack PID     the kernel stack of task PID\n"
"    config DEV=SPEC   plug in a device: config ubd1=disk.img, config ssl1=pts\n"
"    config DEV    the device's configuration (config ubd0, config con1)\n"
"    remove DEV    unplug a device that the guest does not use\n";

static void mc_help(struct mc_request *req)
{
	mc_reply(req, mc_help_text, false);
}

static void mc_log(struct mc_request *req)
{
	if (*req->arg)
		pr_info("%s\n", req->arg);
	mc_reply(req, "", false);
}

static void mc_stop(struct mc_request *req)
{
	mc_stopped = true;
	mc_reply(req, "", false);
}

static void mc_go(struct mc_request *req)
{
	if (!mc_stopped) {
		mc_reply(req, "the guest is not stopped", true);
		return;
	}
	mc_stopped = false;
	mc_reply(req, "", false);
}

/* --- commands run in the work item ----------------------------------- */

static void mc_halt(struct mc_request *req)
{
	mc_reply(req, "", false);
	kernel_halt();
}

static void mc_reboot(struct mc_request *req)
{
	mc_reply(req, "", false);
	kernel_restart(NULL);
}

static void mc_cad(struct mc_request *req)
{
	mc_reply(req, "", false);
	ctrl_alt_del();
}

static void mc_sysrq(struct mc_request *req)
{
	struct kmsg_dump_iter iter;

	if (!IS_ENABLED(CONFIG_MAGIC_SYSRQ)) {
		mc_reply(req, "sysrq is not built in", true);
		return;
	}
	if (strlen(req->arg) != 1) {
		mc_reply(req, "usage: sysrq KEY (one character)", true);
		return;
	}
	mc_log_mark(&iter);
	handle_sysrq(req->arg[0]);
	mc_log_reply(req, &iter);
}

static void mc_stack(struct mc_request *req)
{
	struct kmsg_dump_iter iter;
	struct task_struct *task;
	int pid;

	if (kstrtoint(req->arg, 10, &pid) || pid <= 0) {
		mc_reply(req, "usage: stack PID", true);
		return;
	}
	task = find_get_task_by_vpid(pid);
	if (!task) {
		mc_reply(req, "no such process", true);
		return;
	}
	mc_log_mark(&iter);
	pr_info("Stack of %s (pid %d):\n", task->comm, pid);
	show_stack(task, NULL, KERN_INFO);
	put_task_struct(task);
	mc_log_reply(req, &iter);
}

static void mc_proc(struct mc_request *req)
{
	const char *name = req->arg;
	struct mc_stream *s;
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	while (*name == '/')
		name++;
	if (!*name) {
		mc_reply(req, "usage: proc FILE", true);
		return;
	}
	if (!mc_proc_mnt) {
		struct file_system_type *proc = get_fs_type("proc");
		struct vfsmount *mnt;

		if (!proc) {
			mc_reply(req, "procfs is not available", true);
			return;
		}
		mnt = kern_mount(proc);
		put_filesystem(proc);
		if (IS_ERR(mnt)) {
			mc_reply(req, "cannot mount procfs", true);
			return;
		}
		mc_proc_mnt = mnt;
	}
	f = file_open_root_mnt(mc_proc_mnt, name, O_RDONLY, 0);
	if (IS_ERR(f)) {
		mc_reply(req, "cannot open that file", true);
		return;
	}
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s) {
		filp_close(f, NULL);
		mc_reply(req, "out of memory", true);
		return;
	}
	s->req = req;
	while (!req->dropped &&
	       (n = kernel_read(f, s->buf + s->len, MC_CHUNK - s->len,
				&pos)) > 0) {
		s->len += n;
		if (s->len == MC_CHUNK) {
			mc_send(req, s->buf, s->len, false, true);
			s->len = 0;
		}
	}
	filp_close(f, NULL);
	mc_stream_end(s);
	kfree(s);
}

/* --- device hot-plug: drivers register with mc_register_device() ----- */

static LIST_HEAD(mc_devices);
static DEFINE_MUTEX(mc_devices_lock);

void mc_register_device(struct mc_device *dev)
{
	mutex_lock(&mc_devices_lock);
	list_add_tail(&dev->list, &mc_devices);
	mutex_unlock(&mc_devices_lock);
}

/* The device whose prefix starts @name, followed by a number. */
static struct mc_device *mc_find_device(const char *name)
{
	struct mc_device *dev, *found = NULL;

	mutex_lock(&mc_devices_lock);
	list_for_each_entry(dev, &mc_devices, list) {
		size_t n = strlen(dev->prefix);

		if (!strncmp(name, dev->prefix, n) && isdigit(name[n])) {
			found = dev;
			break;
		}
	}
	mutex_unlock(&mc_devices_lock);
	return found;
}

static void mc_device_kinds(char *buf, size_t len)
{
	struct mc_device *dev;
	size_t used = 0;

	buf[0] = '\0';
	mutex_lock(&mc_devices_lock);
	list_for_each_entry(dev, &mc_devices, list)
		used += scnprintf(buf + used, len - used, "%s%sN",
				  used ? ", " : "", dev->prefix);
	mutex_unlock(&mc_devices_lock);
}

/* "config DEV=SPEC", "config DEV" and "remove DEV" */
static void mc_hotplug(struct mc_request *req, bool remove)
{
	const char *name = req->arg;
	struct mc_device *dev;
	char *msg, *eq;
	int err;

	msg = kzalloc(MC_DEV_MSG_LEN, GFP_KERNEL);
	if (!msg) {
		mc_reply(req, "out of memory", true);
		return;
	}
	eq = strchr(name, '=');
	dev = *name ? mc_find_device(name) : NULL;
	if (!dev) {
		size_t n;

		if (*name)
			n = scnprintf(msg, MC_DEV_MSG_LEN,
				      "unknown device '%s' (devices: ", name);
		else
			n = scnprintf(msg, MC_DEV_MSG_LEN,
				      "usage: %s (devices: ", remove ?
				      "remove DEV" : "config DEV[=SPEC]");
		mc_device_kinds(msg + n, MC_DEV_MSG_LEN - n - 1);
		strlcat(msg, ")", MC_DEV_MSG_LEN);
		mc_reply(req, msg, true);
		goto out;
	}
	name += strlen(dev->prefix);
	if (remove) {
		err = eq ? -EINVAL : dev->remove(name, msg, MC_DEV_MSG_LEN);
		if (eq)
			strscpy(msg, "usage: remove DEV", MC_DEV_MSG_LEN);
	} else if (eq) {
		err = dev->config(name, msg, MC_DEV_MSG_LEN);
	} else {
		err = dev->get_config(name, msg, MC_DEV_MSG_LEN);
	}
	if (err && !msg[0])
		snprintf(msg, MC_DEV_MSG_LEN, "failed (error %d)", err);
	mc_reply(req, msg, err != 0);
out:
	kfree(msg);
}

static void mc_config(struct mc_request *req)
{
	mc_hotplug(req, false);
}

static void mc_remove(struct mc_request *req)
{
	mc_hotplug(req, true);
}

static const struct mc_command mc_commands[] = {
	{ "version",	mc_version,	false },
	{ "help",	mc_help,	false },
	{ "halt",	mc_halt,	true },
	{ "reboot",	mc_reboot,	true },
	{ "cad",	mc_cad,		true },
	{ "sysrq",	mc_sysrq,	true },
	{ "log",	mc_log,		false },
	{ "proc",	mc_proc,	true },
	{ "stop",	mc_stop,	false },
	{ "go",		mc_go,		false },
	{ "stack",	mc_stack,	true },
	{ "config",	mc_config,	true },
	{ "remove",	mc_remove,	true },
};

static void mc_work_fn(struct work_struct *work)
{
	struct mc_request *req;
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&mc_lock, flags);
		req = list_first_entry_or_null(&mc_queue, struct mc_request,
					       list);
		if (req) {
			list_del(&req->list);
			mc_queued--;
		}
		spin_unlock_irqrestore(&mc_lock, flags);
		if (!req)
			break;
		req->in_process = true;
		req->cmd->handler(req);
		kfree(req);
	}
}

static DECLARE_WORK(mc_work, mc_work_fn);

static void mc_queue_request(struct mc_request *req)
{
	struct mc_request *copy;
	unsigned long flags;

	if (mc_stopped) {
		mc_reply(req, "the guest is stopped: only version, help, log, stop and go work until 'go'",
			 true);
		return;
	}
	copy = kmemdup(req, sizeof(*req), GFP_ATOMIC);
	if (!copy) {
		mc_reply(req, "out of memory", true);
		return;
	}
	copy->arg = copy->line + (req->arg - req->line);
	spin_lock_irqsave(&mc_lock, flags);
	if (mc_queued >= MC_MAX_QUEUED) {
		spin_unlock_irqrestore(&mc_lock, flags);
		kfree(copy);
		mc_reply(req, "busy: too many requests in progress", true);
		return;
	}
	list_add_tail(&copy->list, &mc_queue);
	mc_queued++;
	spin_unlock_irqrestore(&mc_lock, flags);
	schedule_work(&mc_work);
}

/* Check one request datagram and run or queue its command. */
static void mc_handle(struct mc_request *req, const struct mc_wire_request *w,
		      int n, int foreign)
{
	unsigned int i;
	char *word;

	if (n > (int)sizeof(*w)) {
		mc_reply(req, "request too long", true);
		return;
	}
	if (n < MC_REQ_HDR || w->magic != MC_MAGIC ||
	    w->len > n - MC_REQ_HDR) {
		mc_reply(req, "malformed request", true);
		return;
	}
	if (w->version != MC_VERSION) {
		mc_reply(req, "unsupported protocol version", true);
		return;
	}
	if (foreign) {
		mc_reply(req, "permission denied: not this instance's user",
			 true);
		return;
	}
	memcpy(req->line, w->data, w->len);
	req->line[w->len] = '\0';
	word = strim(req->line);
	req->arg = word + strcspn(word, " \t");
	if (*req->arg)
		*req->arg++ = '\0';
	req->arg = skip_spaces(req->arg);
	for (i = 0; i < ARRAY_SIZE(mc_commands); i++) {
		if (strcmp(word, mc_commands[i].name))
			continue;
		req->cmd = &mc_commands[i];
		if (req->cmd->process)
			mc_queue_request(req);
		else
			req->cmd->handler(req);
		return;
	}
	mc_reply(req, "unknown command (try 'help')", true);
}

/* --- the hang watchdog: mconsole=hang:SECONDS (mconsole_host.h) ------- */

#define MC_HANG_DEFAULT	30
#define MC_HANG_MAX	86400

static unsigned int mc_hang_seconds = MC_HANG_DEFAULT;
static bool mc_hang_given;
static int mc_wd_fd = -1;
static int mc_wd_pid;

static void mc_wd_tell(char msg)
{
	if (READ_ONCE(mc_wd_pid) > 0)
		mc_host_watchdog_send(mc_wd_fd, msg);
}

/*
 * Answered from a work item, not the IRQ: a kernel that still takes
 * interrupts but never schedules (a loop with preemption off) is hung
 * as well.
 */
static void mc_wd_answer(struct work_struct *work)
{
	mc_wd_tell(MC_WD_ALIVE);
}

static DECLARE_WORK(mc_wd_work, mc_wd_answer);

/*
 * After a panic, or when the child ended by itself.  Otherwise it ends
 * with the kernel process, or before a reboot's exec (host_child.h):
 * a shutdown that hangs is reported.
 */
static void mc_wd_end(void)
{
	int pid = xchg(&mc_wd_pid, 0);

	if (pid > 0)
		mc_host_watchdog_stop(pid);
}

static irqreturn_t mc_wd_interrupt(int irq, void *dev)
{
	bool ping = false, hung = false;
	char buf[64];
	int n, i, pid;

	while ((n = mc_host_watchdog_read(mc_wd_fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++) {
			ping |= buf[i] == MC_WD_PING;
			hung |= buf[i] == MC_WD_HUNG;
		}
	}
	if (hung)
		pr_warn("mconsole: the kernel did not answer the hang watchdog for %u s: reported to %s\n",
			mc_hang_seconds, mc_notify_path);
	if (n == -EAGAIN) {
		if (ping)
			queue_work(system_highpri_wq, &mc_wd_work);
		return IRQ_HANDLED;
	}
	/* Not when we ended it: mc_wd_end() clears the pid first. */
	pid = READ_ONCE(mc_wd_pid);
	if (pid > 0)
		pr_err("mconsole: the hang watchdog (pid %d) ended: hangs are not reported any more\n",
		       pid);
	mc_wd_end();
	mc_host_watchdog_mute(mc_wd_fd);
	return IRQ_HANDLED;
}

static void __init mc_wd_init(void)
{
	int fd, pid, err;

	if (!mc_hang_seconds)
		return;
	pid = mc_host_watchdog_start(mc_notify_path, mc_hang_seconds, &fd);
	if (pid < 0) {
		pr_err("mconsole: cannot start the hang watchdog: error %d\n",
		       pid);
		return;
	}
	mc_wd_fd = fd;
	mc_wd_pid = pid;
	err = um_request_fd_irq(UM_MCONSOLE_WATCHDOG_IRQ, fd, UM_IO_READ,
				mc_wd_interrupt, 0, "mconsole-watchdog", NULL);
	if (err) {
		pr_err("mconsole: no IRQ for the hang watchdog: error %d\n",
		       err);
		mc_wd_end();
		return;
	}
	pr_info("mconsole: hangs of %u s are reported to %s (watchdog pid %d)\n",
		mc_hang_seconds, mc_notify_path, pid);
}

/* Every request waiting on the socket. */
static void mc_poll(void)
{
	static struct mc_wire_request w;
	static struct mc_request req;
	int n, foreign;

	for (;;) {
		memset(&req, 0, sizeof(req));
		n = mc_host_recv(mc_fd, &w, sizeof(w), &req.peer, &foreign);
		if (n < 0)
			break;
		mc_handle(&req, &w, n, foreign);
	}
}

static irqreturn_t mc_interrupt(int irq, void *dev)
{
	mc_poll();
	if (!mc_stopped)
		return IRQ_HANDLED;
	pr_info("mconsole: guest stopped\n");
	mc_wd_tell(MC_WD_STOP);
	while (mc_stopped) {
		mc_host_wait(mc_fd);
		mc_poll();
	}
	mc_wd_tell(MC_WD_GO);
	/* The time spent stopped is no lockup. */
	touch_softlockup_watchdog();
	rcu_cpu_stall_reset();
	pr_info("mconsole: guest resumed\n");
	return IRQ_HANDLED;
}

/* --- notifications: mconsole=notify:SOCKET ---------------------------- */

static int __init mc_setup(char *str)
{
	unsigned int secs;

	if (!strncmp(str, "notify:", 7) && str[7] &&
	    strlen(str + 7) < sizeof(mc_notify_path)) {
		strscpy(mc_notify_path, str + 7, sizeof(mc_notify_path));
		return 1;
	}
	if (!strncmp(str, "hang:", 5) && !kstrtouint(str + 5, 10, &secs) &&
	    secs <= MC_HANG_MAX) {
		mc_hang_seconds = secs;
		mc_hang_given = true;
		return 1;
	}
	pr_warn("mconsole: ignoring 'mconsole=%s' (expected notify:SOCKET or hang:SECONDS, at most %d)\n",
		str, MC_HANG_MAX);
	return 1;
}
__setup("mconsole=", mc_setup);

static void mc_notify(unsigned int type, const char *text, size_t len)
{
	int err;

	if (mc_notify_fd < 0)
		return;
	err = mc_host_notify(mc_notify_fd, mc_notify_path, type, text, len);
	if (err && type != MC_NOTIFY_PANIC)
		pr_warn_ratelimited("mconsole: cannot notify %s: error %d\n",
				    mc_notify_path, err);
}

static int mc_panic(struct notifier_block *nb, unsigned long event, void *msg)
{
	const char *text = msg ? msg : "";

	mc_notify(MC_NOTIFY_PANIC, text, strlen(text));
	/* Reported already; nor may a slow end (panic=N) pass for a hang. */
	mc_wd_end();
	return NOTIFY_DONE;
}

static struct notifier_block mc_panic_nb = {
	.notifier_call	= mc_panic,
};

/* /proc/mconsole: what the guest writes there goes to the listener. */
static ssize_t mc_proc_write(struct file *file, const char __user *buf,
			     size_t count, loff_t *pos)
{
	char *text;

	text = memdup_user(buf, min_t(size_t, count, MC_DATA_LEN - 1));
	if (IS_ERR(text))
		return PTR_ERR(text);
	mc_notify(MC_NOTIFY_USER, text, min_t(size_t, count, MC_DATA_LEN - 1));
	kfree(text);
	return count;
}

static const struct proc_ops mc_proc_ops = {
	.proc_write	= mc_proc_write,
	.proc_lseek	= noop_llseek,
};

static void __init mc_notify_init(const char *socket_path)
{
	int fd;

	if (!mc_notify_path[0]) {
		if (mc_hang_given)
			pr_warn("mconsole: mconsole=hang: needs mconsole=notify:SOCKET to report to\n");
		return;
	}
	fd = mc_host_notify_open();
	if (fd < 0) {
		pr_err("mconsole: no socket for notifications: error %d\n", fd);
		return;
	}
	mc_notify_fd = fd;
	atomic_notifier_chain_register(&panic_notifier_list, &mc_panic_nb);
	if (!proc_create("mconsole", 0200, NULL, &mc_proc_ops))
		pr_warn("mconsole: cannot create /proc/mconsole\n");
	if (socket_path)
		mc_notify(MC_NOTIFY_SOCKET, socket_path, strlen(socket_path));
	mc_wd_init();
}

static int __init mc_init(void)
{
	char path[128];
	int err;

	mc_fd = mc_host_open(host_umid_dir(), path, sizeof(path));
	if (mc_fd < 0) {
		pr_err("mconsole: cannot create %s: error %d\n", path, mc_fd);
		mc_notify_init(NULL);
		return 0;
	}
	err = um_request_fd_irq(UM_MCONSOLE_IRQ, mc_fd, UM_IO_READ,
				mc_interrupt, 0, "mconsole", NULL);
	if (err) {
		pr_err("mconsole: cannot get its IRQ: error %d\n", err);
		mc_notify_init(NULL);
		return 0;
	}
	pr_info("mconsole (version %d) initialized on %s\n", MC_VERSION, path);
	mc_notify_init(path);
	return 0;
}
device_initcall(mc_init);
