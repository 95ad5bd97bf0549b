// SPDX-License-Identifier: GPL-2.0
/*
 * Consoles and serial lines on host channels, as tty drivers.
 *
 * con0..con7 are /dev/tty0../dev/tty7 (major 4, minors 0-7), ssl0..ssl3
 * are /dev/ttyS0../dev/ttyS3 (major 4, minors 64-67); a line set to
 * "none" (the default of serial lines) has no device.  con0 is the kernel's console (/dev/console).
 * The host side (chan_host.c) opens the channels; here, input arrives
 * through UM_CONSOLE_IRQ and is pushed to the tty's flip buffer, and
 * output goes through a buffer per line that is written without
 * blocking and drained further on UM_CONSOLE_WRITE_IRQ, so that a slow
 * host side slows the guest's writers down instead of losing output.
 *
 * The management console gives a "none" line channels while the guest
 * runs ("config ssl1=pts"; its device appears) and takes them away
 * ("remove ssl1", refused while the guest has the line open).
 */
#include <linux/console.h>
#include <linux/ctype.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/kd.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/panic_notifier.h>
#include <linux/reboot.h>
#include <linux/spinlock.h>
#include <linux/tty.h>
#include <linux/tty_driver.h>
#include <linux/tty_flip.h>
#include <linux/workqueue.h>
#include <asm/fd_irq.h>
#include <console_host.h>
#include "chan_hotplug.h"
#include "../mconsole/mconsole_dev.h"

#define CONS_OBUF_SIZE		4096
/*
 * How long a kernel message may wait for a stalled pts, port or xterm
 * (which may have nobody at the other end); fd: and tty: channels are
 * waited for as long as it takes, so kernel messages are never lost.
 */
#define CONS_CONSOLE_WAIT_MS	2000
#define CONS_READ_CHUNK		256

struct cons_line {
	struct tty_port port;
	int index;			/* the host side's line number */
	bool exists;
	spinlock_t lock;		/* the output buffer and its flags */
	char obuf[CONS_OBUF_SIZE];
	unsigned int head;		/* first byte not written yet */
	unsigned int count;		/* bytes waiting from head on */
	bool out_blocked;		/* waiting for UM_CONSOLE_WRITE_IRQ */
	bool out_gone;			/* the host side left: discard */
	bool patient;			/* wait for the host without limit */
	/* Input state, changed with interrupts off. */
	bool active;			/* open in the guest */
	bool throttled;
	bool in_ended;			/* end of a file: nothing more */
	bool disconnected;		/* the other side left; hung up */
	struct delayed_work retry;
};

static struct cons_line cons_lines[CONS_NR_LINES];
static struct tty_driver *con_driver, *ssl_driver;

static const char *cons_name(struct cons_line *l, char *buf, size_t len)
{
	if (l->index < CONS_FIRST_SERIAL)
		snprintf(buf, len, "con%d", l->index);
	else
		snprintf(buf, len, "ssl%d", l->index - CONS_FIRST_SERIAL);
	return buf;
}

/* --- output ------------------------------------------------------------ */

/*
 * Write out what the host takes now; watch for "writable" if some is
 * left.  Returns true if the host side just went away.
 */
static bool cons_flush_locked(struct cons_line *l)
{
	bool gone = false, wait;

	while (l->count) {
		unsigned int chunk = min(l->count, CONS_OBUF_SIZE - l->head);
		long n = cons_host_write(l->index, l->obuf + l->head, chunk);

		if (n < 0) {
			gone = !l->out_gone;
			l->out_gone = true;
			l->count = 0;
			break;
		}
		if (!n)
			break;
		l->head = (l->head + n) % CONS_OBUF_SIZE;
		l->count -= n;
	}
	if (!l->count)
		l->head = 0;
	wait = l->count != 0;
	if (wait != l->out_blocked) {
		cons_host_watch_output(l->index, wait);
		l->out_blocked = wait;
	}
	return gone;
}

static unsigned int cons_room_locked(struct cons_line *l)
{
	return CONS_OBUF_SIZE - l->count;
}

static void cons_put_locked(struct cons_line *l, const u8 *buf,
			    unsigned int n)
{
	unsigned int tail = (l->head + l->count) % CONS_OBUF_SIZE;
	unsigned int first = min(n, CONS_OBUF_SIZE - tail);

	memcpy(l->obuf + tail, buf, first);
	memcpy(l->obuf, buf + first, n - first);
	l->count += n;
}

static void cons_output_done(struct cons_line *l, bool gone)
{
	if (gone)
		tty_port_tty_hangup(&l->port, false);
	else
		tty_port_tty_wakeup(&l->port);
}

static ssize_t cons_write(struct tty_struct *tty, const u8 *buf, size_t count)
{
	struct cons_line *l = tty->driver_data;
	unsigned long flags;
	unsigned int n;
	bool gone;

	spin_lock_irqsave(&l->lock, flags);
	if (l->out_gone) {
		spin_unlock_irqrestore(&l->lock, flags);
		return count;
	}
	n = min_t(size_t, count, cons_room_locked(l));
	cons_put_locked(l, buf, n);
	gone = cons_flush_locked(l);
	spin_unlock_irqrestore(&l->lock, flags);
	if (gone)
		tty_port_tty_hangup(&l->port, false);
	return n;
}

static unsigned int cons_write_room(struct tty_struct *tty)
{
	struct cons_line *l = tty->driver_data;
	unsigned long flags;
	unsigned int room;

	spin_lock_irqsave(&l->lock, flags);
	room = l->out_gone ? CONS_OBUF_SIZE : cons_room_locked(l);
	spin_unlock_irqrestore(&l->lock, flags);
	return room;
}

static unsigned int cons_chars_in_buffer(struct tty_struct *tty)
{
	struct cons_line *l = tty->driver_data;

	return READ_ONCE(l->count);
}

static void cons_flush_buffer(struct tty_struct *tty)
{
	struct cons_line *l = tty->driver_data;
	unsigned long flags;

	spin_lock_irqsave(&l->lock, flags);
	l->count = 0;
	cons_flush_locked(l);
	spin_unlock_irqrestore(&l->lock, flags);
	tty_wakeup(tty);
}

static irqreturn_t cons_output_irq(int irq, void *dev)
{
	int i;

	for (i = 0; i < CONS_NR_LINES; i++) {
		struct cons_line *l = &cons_lines[i];
		bool gone;

		if (!l->exists || !READ_ONCE(l->out_blocked))
			continue;
		spin_lock(&l->lock);
		gone = cons_flush_locked(l);
		spin_unlock(&l->lock);
		cons_output_done(l, gone);
	}
	return IRQ_HANDLED;
}

/*
 * The machine stops (power off, reboot, panic): what the lines still
 * hold must reach the host first, waiting for slow readers a little.
 */
static void cons_drain_all(int budget_ms)
{
	int i;

	for (i = 0; i < CONS_NR_LINES; i++) {
		struct cons_line *l = &cons_lines[i];
		unsigned long flags;

		if (!l->exists)
			continue;
		spin_lock_irqsave(&l->lock, flags);
		for (;;) {
			cons_flush_locked(l);
			if (!l->count || l->out_gone ||
			    (budget_ms <= 0 && !l->patient))
				break;
			cons_host_wait_writable(l->index, 20);
			budget_ms -= 20;
		}
		spin_unlock_irqrestore(&l->lock, flags);
	}
}

static int cons_stop_notify(struct notifier_block *nb, unsigned long event,
			    void *data)
{
	cons_drain_all(CONS_CONSOLE_WAIT_MS);
	return NOTIFY_DONE;
}

static struct notifier_block cons_reboot_nb = {
	.notifier_call	= cons_stop_notify,
};

/* Last of the panic notifiers: after everything else has been said. */
static struct notifier_block cons_panic_nb = {
	.notifier_call	= cons_stop_notify,
	.priority	= INT_MIN,
};

/* --- input ------------------------------------------------------------- */

/* Look at the line's input again soon (interrupts may be on). */
static void cons_start_input(struct cons_line *l)
{
	unsigned long flags;

	local_irq_save(flags);
	if (l->active && !l->throttled && !l->in_ended) {
		cons_host_watch_input(l->index, 1);
		um_irq_mark(UM_CONSOLE_IRQ);
	}
	local_irq_restore(flags);
}

static void cons_retry(struct work_struct *work)
{
	struct cons_line *l = container_of(to_delayed_work(work),
					   struct cons_line, retry);

	cons_start_input(l);
}

/* Read everything there is; called with interrupts off. */
static void cons_read(struct cons_line *l)
{
	u8 buf[CONS_READ_CHUNK];
	bool pushed = false, hangup = false;

	for (;;) {
		unsigned int room = tty_buffer_space_avail(&l->port);
		long n;

		if (!room) {
			/* The guest is not reading: look again later. */
			cons_host_watch_input(l->index, 0);
			schedule_delayed_work(&l->retry, 1);
			break;
		}
		n = cons_host_read(l->index, buf, min(room, sizeof(buf)));
		if (n > 0) {
			l->disconnected = false;
			l->out_gone = false;
			tty_insert_flip_string(&l->port, buf, n);
			pushed = true;
			continue;
		}
		if (!n) {
			/* Nothing now, but the other side is there. */
			l->disconnected = false;
			l->out_gone = false;
			break;
		}
		cons_host_watch_input(l->index, 0);
		if (n == -ENODATA) {
			l->in_ended = true;
		} else if (n == -EPIPE) {
			/* Hang up once; then look for a new peer now and then. */
			hangup = !l->disconnected;
			l->disconnected = true;
			schedule_delayed_work(&l->retry, HZ);
		}
		break;
	}
	if (pushed)
		tty_flip_buffer_push(&l->port);
	if (hangup)
		tty_port_tty_hangup(&l->port, false);
}

static void cons_winch(struct work_struct *work)
{
	int i;

	for (i = 0; i < CONS_NR_LINES; i++) {
		struct cons_line *l = &cons_lines[i];
		struct tty_struct *tty;
		struct winsize ws;
		unsigned short rows, cols;

		if (!l->exists || cons_host_winsize(i, &rows, &cols))
			continue;
		tty = tty_port_tty_get(&l->port);
		if (!tty)
			continue;
		mutex_lock(&tty->winsize_mutex);
		ws = tty->winsize;
		mutex_unlock(&tty->winsize_mutex);
		ws.ws_row = rows;
		ws.ws_col = cols;
		tty_do_resize(tty, &ws);
		tty_kref_put(tty);
	}
}

static DECLARE_WORK(cons_winch_work, cons_winch);

static irqreturn_t cons_input_irq(int irq, void *dev)
{
	unsigned long connected = cons_host_accept();
	int i;

	if (cons_host_winch_pending())
		schedule_work(&cons_winch_work);
	for (i = 0; i < CONS_NR_LINES; i++) {
		struct cons_line *l = &cons_lines[i];

		if (!l->exists)
			continue;
		if (connected & BIT(i)) {
			bool gone;

			l->disconnected = false;
			spin_lock(&l->lock);
			l->out_gone = false;
			/* A new descriptor: watch it afresh if need be. */
			l->out_blocked = false;
			gone = cons_flush_locked(l);
			spin_unlock(&l->lock);
			cons_output_done(l, gone);
			if (l->active && !l->throttled)
				cons_host_watch_input(i, 1);
		}
		if (l->active && !l->throttled && !l->in_ended)
			cons_read(l);
	}
	return IRQ_HANDLED;
}

/* --- tty and port operations -------------------------------------------- */

static int cons_activate(struct tty_port *port, struct tty_struct *tty)
{
	struct cons_line *l = container_of(port, struct cons_line, port);
	unsigned short rows, cols;
	unsigned long flags;

	if (!cons_host_winsize(l->index, &rows, &cols)) {
		struct winsize ws = { .ws_row = rows, .ws_col = cols };

		tty_do_resize(tty, &ws);
	}
	local_irq_save(flags);
	l->active = true;
	l->throttled = false;
	local_irq_restore(flags);
	cons_start_input(l);
	return 0;
}

static void cons_shutdown(struct tty_port *port)
{
	struct cons_line *l = container_of(port, struct cons_line, port);
	unsigned long flags;

	local_irq_save(flags);
	l->active = false;
	cons_host_watch_input(l->index, 0);
	local_irq_restore(flags);
	cancel_delayed_work(&l->retry);
}

static const struct tty_port_operations cons_port_ops = {
	.activate	= cons_activate,
	.shutdown	= cons_shutdown,
};

static struct cons_line *cons_line_of(struct tty_driver *driver, int index)
{
	if (driver == ssl_driver)
		index += CONS_FIRST_SERIAL;
	return &cons_lines[index];
}

static int cons_install(struct tty_driver *driver, struct tty_struct *tty)
{
	struct cons_line *l = cons_line_of(driver, tty->index);

	if (!l->exists)
		return -ENODEV;
	tty->driver_data = l;
	return tty_port_install(&l->port, driver, tty);
}

static int cons_open(struct tty_struct *tty, struct file *filp)
{
	struct cons_line *l = tty->driver_data;

	return tty_port_open(&l->port, tty, filp);
}

static void cons_close(struct tty_struct *tty, struct file *filp)
{
	struct cons_line *l = tty->driver_data;

	tty_port_close(&l->port, tty, filp);
}

static void cons_hangup(struct tty_struct *tty)
{
	struct cons_line *l = tty->driver_data;

	tty_port_hangup(&l->port);
}

static void cons_throttle(struct tty_struct *tty)
{
	struct cons_line *l = tty->driver_data;
	unsigned long flags;

	local_irq_save(flags);
	l->throttled = true;
	cons_host_watch_input(l->index, 0);
	local_irq_restore(flags);
}

static void cons_unthrottle(struct tty_struct *tty)
{
	struct cons_line *l = tty->driver_data;
	unsigned long flags;

	local_irq_save(flags);
	l->throttled = false;
	local_irq_restore(flags);
	cons_start_input(l);
}

/*
 * init asks the console to report the keyboard's "request" key
 * (KDSIGACCEPT, as on a PC's virtual terminal): there is no such key
 * here, so the request is granted and never fires, instead of failing
 * every boot of systemd with an error line.
 */
static int cons_ioctl(struct tty_struct *tty, unsigned int cmd,
		      unsigned long arg)
{
	struct cons_line *l = tty->driver_data;

	if (cmd == KDSIGACCEPT && l->index < CONS_FIRST_SERIAL)
		return valid_signal(arg) ? 0 : -EINVAL;
	return -ENOIOCTLCMD;
}

static const struct tty_operations cons_tty_ops = {
	.ioctl		= cons_ioctl,
	.install	= cons_install,
	.open		= cons_open,
	.close		= cons_close,
	.hangup		= cons_hangup,
	.write		= cons_write,
	.write_room	= cons_write_room,
	.chars_in_buffer = cons_chars_in_buffer,
	.flush_buffer	= cons_flush_buffer,
	.throttle	= cons_throttle,
	.unthrottle	= cons_unthrottle,
};

/* --- the kernel's console: con0 ------------------------------------------ */

static void cons_console_write(struct console *co, const char *s,
			       unsigned int n)
{
	struct cons_line *l = &cons_lines[co->index];
	unsigned long flags;
	int waited = 0;
	bool gone;

	spin_lock_irqsave(&l->lock, flags);
	while (n && !l->out_gone) {
		unsigned int need = *s == '\n' ? 2 : 1;

		if (cons_room_locked(l) < need) {
			/* Full: the host must take some, but not forever. */
			cons_flush_locked(l);
			if (cons_room_locked(l) < need) {
				if (waited >= CONS_CONSOLE_WAIT_MS &&
				    !l->patient)
					break;
				cons_host_wait_writable(l->index, 20);
				waited += 20;
				continue;
			}
		}
		if (*s == '\n')
			cons_put_locked(l, "\r", 1);
		cons_put_locked(l, s, 1);
		s++;
		n--;
	}
	gone = cons_flush_locked(l);
	/* Going down: nothing may stay behind in the buffer. */
	while (l->count && !gone && (oops_in_progress ||
				     system_state > SYSTEM_RUNNING) &&
	       (waited < CONS_CONSOLE_WAIT_MS || l->patient)) {
		cons_host_wait_writable(l->index, 20);
		waited += 20;
		gone = cons_flush_locked(l);
	}
	spin_unlock_irqrestore(&l->lock, flags);
	if (gone)
		tty_port_tty_hangup(&l->port, false);
}

static struct tty_driver *cons_console_device(struct console *co, int *index)
{
	*index = co->index;
	return con_driver;
}

static struct console cons_console = {
	.name		= "tty",
	.write		= cons_console_write,
	.device		= cons_console_device,
	.flags		= CON_PRINTBUFFER,
	.index		= 0,
};

/* --- command line ---------------------------------------------------------- */

/* "=SPEC" (every line of the kind) or "N=SPEC"; 0 if not ours. */
static int __init cons_setup(char *str, int serial)
{
	int index = -1;

	if (isdigit(*str)) {
		index = 0;
		while (isdigit(*str) && index < 1000)
			index = index * 10 + *str++ - '0';
	}
	if (*str != '=')
		return 0;
	cons_host_config(serial, index, str + 1);
	return 1;
}

static int __init cons_setup_con(char *str)
{
	return cons_setup(str, 0);
}
__setup("con", cons_setup_con);

static int __init cons_setup_ssl(char *str)
{
	return cons_setup(str, 1);
}
__setup("ssl", cons_setup_ssl);

/* --- start ------------------------------------------------------------------ */

static int __init cons_init(void)
{
	char name[8];
	int i, err;

	cons_host_open_all();
	for (i = 0; i < CONS_NR_LINES; i++) {
		struct cons_line *l = &cons_lines[i];
		const char *msg = cons_host_message(i);

		l->index = i;
		l->exists = cons_host_exists(i);
		l->patient = l->exists && cons_host_output_patient(i);
		spin_lock_init(&l->lock);
		INIT_DELAYED_WORK(&l->retry, cons_retry);
		tty_port_init(&l->port);
		l->port.ops = &cons_port_ops;
		if (l->exists && msg)
			pr_info("%s: %s\n", cons_name(l, name, sizeof(name)),
				msg);
	}
	err = um_request_fd_irq(UM_CONSOLE_IRQ, cons_host_input_poll_fd(),
				UM_IO_READ, cons_input_irq, 0, "console",
				cons_lines);
	if (!err)
		err = um_request_fd_irq(UM_CONSOLE_WRITE_IRQ,
					cons_host_output_poll_fd(), UM_IO_READ,
					cons_output_irq, 0, "console-write",
					cons_lines);
	if (err)
		pr_err("console: cannot get the console IRQs (%d)\n", err);
	register_reboot_notifier(&cons_reboot_nb);
	atomic_notifier_chain_register(&panic_notifier_list, &cons_panic_nb);
	if (cons_lines[0].exists)
		register_console(&cons_console);
	return 0;
}
console_initcall(cons_init);

static struct tty_driver * __init cons_driver(const char *name,
					      const char *driver_name,
					      int minor_start, int first,
					      int count, bool serial)
{
	struct tty_driver *drv;
	int i, err;

	drv = tty_alloc_driver(count, TTY_DRIVER_REAL_RAW |
			       TTY_DRIVER_DYNAMIC_DEV);
	if (IS_ERR(drv))
		return drv;
	drv->driver_name = driver_name;
	drv->name = name;
	drv->major = TTY_MAJOR;
	drv->minor_start = minor_start;
	if (serial) {
		drv->type = TTY_DRIVER_TYPE_SERIAL;
		drv->subtype = SERIAL_TYPE_NORMAL;
	} else {
		drv->type = TTY_DRIVER_TYPE_SYSTEM;
	}
	drv->init_termios = tty_std_termios;
	drv->init_termios.c_cflag |= CLOCAL;
	tty_set_operations(drv, &cons_tty_ops);
	err = tty_register_driver(drv);
	if (err) {
		tty_driver_kref_put(drv);
		return ERR_PTR(err);
	}
	for (i = 0; i < count; i++) {
		struct cons_line *l = &cons_lines[first + i];
		struct device *dev;

		if (!l->exists)
			continue;
		dev = tty_port_register_device(&l->port, drv, i, NULL);
		if (IS_ERR(dev))
			pr_err("%s%d: no device (%ld)\n", name, i, PTR_ERR(dev));
	}
	return drv;
}

/* --- hot-plug through the management console ------------------------------- */

static DEFINE_MUTEX(cons_hp_mutex);

/* "N..." of a con or ssl device: the line and its driver. */
static int cons_mc_line(bool serial, const char *id, const char **rest,
			char *msg, size_t len, struct cons_line **line,
			struct tty_driver **drv)
{
	int n, ret;

	ret = mc_dev_number(serial ? "ssl" : "con", id,
			    serial ? CONS_NR_SERIAL : CONS_NR_CONSOLES, &n,
			    rest, msg, len);
	if (ret)
		return ret;
	*drv = serial ? ssl_driver : con_driver;
	*line = &cons_lines[serial ? CONS_FIRST_SERIAL + n : n];
	if (!*drv) {
		snprintf(msg, len, "%s lines have no tty driver",
			 serial ? "serial" : "console");
		return -ENODEV;
	}
	return 0;
}

static int cons_mc_config(bool serial, const char *spec, char *msg,
			  size_t len)
{
	struct tty_driver *drv;
	struct cons_line *l;
	struct device *dev;
	const char *rest, *where;
	unsigned long flags;
	char name[8];
	int ret;

	ret = cons_mc_line(serial, spec, &rest, msg, len, &l, &drv);
	if (ret)
		return ret;
	if (*rest != '=') {
		snprintf(msg, len, "usage: config %sN=CHANNEL",
			 serial ? "ssl" : "con");
		return -EINVAL;
	}
	cons_name(l, name, sizeof(name));
	mutex_lock(&cons_hp_mutex);
	if (l->exists) {
		snprintf(msg, len, "%s is configured already: remove it first",
			 name);
		ret = -EBUSY;
		goto out;
	}
	/* The input IRQ looks at the host's lines (port: connections). */
	local_irq_save(flags);
	ret = cons_host_hot_config(l->index, rest + 1, msg, len);
	local_irq_restore(flags);
	if (ret || !cons_host_exists(l->index))
		goto out;

	spin_lock_irqsave(&l->lock, flags);
	l->head = 0;
	l->count = 0;
	l->out_blocked = false;
	l->out_gone = false;
	l->patient = cons_host_output_patient(l->index);
	l->active = false;
	l->throttled = false;
	l->in_ended = false;
	l->disconnected = false;
	WRITE_ONCE(l->exists, true);
	spin_unlock_irqrestore(&l->lock, flags);

	dev = tty_port_register_device(&l->port, drv,
				       l->index - (serial ? CONS_FIRST_SERIAL : 0),
				       NULL);
	if (IS_ERR(dev)) {
		ret = PTR_ERR(dev);
		local_irq_save(flags);
		WRITE_ONCE(l->exists, false);
		cons_host_hot_remove(l->index);
		local_irq_restore(flags);
		snprintf(msg, len, "%s: no device (error %d)", name, ret);
		goto out;
	}
	where = cons_host_message(l->index);
	if (where) {
		snprintf(msg, len, "%s: %s", name, where);
		pr_info("%s\n", msg);
	} else {
		pr_info("%s: configured\n", name);
	}
out:
	mutex_unlock(&cons_hp_mutex);
	return ret;
}

static int cons_mc_get_config(bool serial, const char *id, char *msg,
			      size_t len)
{
	struct tty_driver *drv;
	struct cons_line *l;
	int ret;

	ret = cons_mc_line(serial, id, NULL, msg, len, &l, &drv);
	if (ret)
		return ret;
	mutex_lock(&cons_hp_mutex);
	cons_host_spec(l->index, msg, len);
	mutex_unlock(&cons_hp_mutex);
	return 0;
}

static int cons_mc_remove(bool serial, const char *id, char *msg, size_t len)
{
	struct tty_driver *drv;
	struct cons_line *l;
	unsigned long flags;
	char name[8];
	int ret;

	ret = cons_mc_line(serial, id, NULL, msg, len, &l, &drv);
	if (ret)
		return ret;
	cons_name(l, name, sizeof(name));
	mutex_lock(&cons_hp_mutex);
	if (!l->exists) {
		snprintf(msg, len, "%s is not configured", name);
		ret = -ENODEV;
		goto out;
	}
	if (l == &cons_lines[cons_console.index] &&
	    (cons_console.flags & CON_ENABLED)) {
		snprintf(msg, len, "%s is the kernel's console", name);
		ret = -EBUSY;
		goto out;
	}
	/* A tty exists from the first open to the last close. */
	mutex_lock(&tty_mutex);
	if (READ_ONCE(l->port.itty)) {
		ret = -EBUSY;
	} else {
		spin_lock_irqsave(&l->lock, flags);
		WRITE_ONCE(l->exists, false);
		spin_unlock_irqrestore(&l->lock, flags);
	}
	mutex_unlock(&tty_mutex);
	if (ret) {
		snprintf(msg, len, "%s: device is busy: open in the guest",
			 name);
		goto out;
	}
	tty_unregister_device(drv, l->index - (serial ? CONS_FIRST_SERIAL : 0));
	cancel_delayed_work_sync(&l->retry);
	spin_lock_irqsave(&l->lock, flags);
	cons_host_hot_remove(l->index);
	l->count = 0;
	l->out_blocked = false;
	spin_unlock_irqrestore(&l->lock, flags);
	pr_info("%s: removed\n", name);
out:
	mutex_unlock(&cons_hp_mutex);
	return ret;
}

static int con_mc_config(const char *spec, char *msg, size_t len)
{
	return cons_mc_config(false, spec, msg, len);
}

static int con_mc_get_config(const char *id, char *msg, size_t len)
{
	return cons_mc_get_config(false, id, msg, len);
}

static int con_mc_remove(const char *id, char *msg, size_t len)
{
	return cons_mc_remove(false, id, msg, len);
}

static int ssl_mc_config(const char *spec, char *msg, size_t len)
{
	return cons_mc_config(true, spec, msg, len);
}

static int ssl_mc_get_config(const char *id, char *msg, size_t len)
{
	return cons_mc_get_config(true, id, msg, len);
}

static int ssl_mc_remove(const char *id, char *msg, size_t len)
{
	return cons_mc_remove(true, id, msg, len);
}

static struct mc_device con_mc = {
	.prefix		= "con",
	.config		= con_mc_config,
	.get_config	= con_mc_get_config,
	.remove		= con_mc_remove,
};

static struct mc_device ssl_mc = {
	.prefix		= "ssl",
	.config		= ssl_mc_config,
	.get_config	= ssl_mc_get_config,
	.remove		= ssl_mc_remove,
};

static int __init cons_tty_init(void)
{
	con_driver = cons_driver("tty", "con", 0, 0, CONS_NR_CONSOLES, false);
	if (IS_ERR(con_driver)) {
		pr_err("console: cannot register tty0-%d (%ld)\n",
		       CONS_NR_CONSOLES - 1, PTR_ERR(con_driver));
		con_driver = NULL;
	}
	ssl_driver = cons_driver("ttyS", "ssl", 64, CONS_FIRST_SERIAL,
				 CONS_NR_SERIAL, true);
	if (IS_ERR(ssl_driver)) {
		pr_err("console: cannot register ttyS0-%d (%ld)\n",
		       CONS_NR_SERIAL - 1, PTR_ERR(ssl_driver));
		ssl_driver = NULL;
	}
	mc_register_device(&con_mc);
	mc_register_device(&ssl_mc);
	return 0;
}
device_initcall(cons_tty_init);
