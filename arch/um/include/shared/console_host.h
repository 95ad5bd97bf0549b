/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Consoles and serial lines on host channels: the host side
 * (drivers/console/chan_host.c) for the kernel side (console_kern.c).
 *
 * A line is numbered 0..CONS_NR_LINES-1: consoles con0..con7 first,
 * then serial lines ssl0..ssl3.  Each line has an input and an output
 * channel (fd:N, null, pts, tty:DEVICE, port:N, xterm) or is "none".
 * Return values: >= 0 on success, -errno on failure.
 */
#ifndef __UM_CONSOLE_HOST_H
#define __UM_CONSOLE_HOST_H

#define CONS_NR_CONSOLES	8
#define CONS_NR_SERIAL		4
#define CONS_NR_LINES		(CONS_NR_CONSOLES + CONS_NR_SERIAL)
#define CONS_FIRST_SERIAL	CONS_NR_CONSOLES

/* Exit status of a bad con=/ssl= option (printed on stderr first). */
#define CONS_USAGE_EXIT		2

/*
 * con=, conN=, ssl=, sslN=: check the syntax of spec and remember it;
 * index -1 sets every line of the kind that was not set on its own.
 * A bad spec ends the process with a one-line error.
 */
void cons_host_config(int serial, int index, const char *spec);

/* The same for every con/ssl option of a whole command line. */
void cons_host_check_cmdline(const char *cmdline);

/* Does con0 write to the host's standard output (checked on cmdline)? */
int cons_host_con0_on_stdout(const char *cmdline);

/*
 * Open the channels of every configured line, once.  Per line, msg
 * receives what the kernel should report ("attached to /dev/pts/7").
 * A channel that cannot be opened ends the process with an error.
 */
void cons_host_open_all(void);
int cons_host_exists(int line);
const char *cons_host_message(int line);

/* Descriptors whose readability means "input ready" / "output ready". */
int cons_host_input_poll_fd(void);
int cons_host_output_poll_fd(void);

/* Watch a line's input (on != 0) or stop watching it. */
void cons_host_watch_input(int line, int on);
/* Watch a line's output for "writable again". */
void cons_host_watch_output(int line, int on);

/*
 * Read what is there: > 0 bytes, 0 if nothing now, -EPIPE at end of
 * input of a connection (the other side closed: hang up), -ENODATA at
 * the end of input that is no connection (a file: just stop reading).
 */
long cons_host_read(int line, char *buf, unsigned long len);
/* Write what fits: >= 0 bytes (0: try when writable), -EPIPE: gone. */
long cons_host_write(int line, const char *buf, unsigned long len);
/*
 * Is the output a descriptor the user handed us (fd:, tty:), whose
 * reader is worth waiting for as long as it takes?  Not so a pts, port
 * or xterm, which may have nobody at the other end.
 */
int cons_host_output_patient(int line);
/* Wait up to ms milliseconds for the line's output to be writable. */
void cons_host_wait_writable(int line, int ms);

/* A SIGWINCH arrived since the last call (clears the note). */
int cons_host_winch_pending(void);
/* Size of the host terminal behind the line: 0 and rows/cols, or -errno. */
int cons_host_winsize(int line, unsigned short *rows, unsigned short *cols);

/*
 * Accept waiting connections of port: channels (from the input IRQ);
 * returns a bit per line that just got one.
 */
int cons_host_accept(void);

/* Put host terminals back as they were (also done at exit). */
void cons_host_restore(void);

#endif
