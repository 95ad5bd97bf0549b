# console-dialog.py - talk to a guest line through the host pseudo-terminal
# the kernel attached it to, like a user at a terminal would: wait for
# text, type keys.  Used by console-getty-login.sh and console-editors.sh
# (not a test itself: not executable).
#
#   python3 console-dialog.py login PTS TTY USER PASSWORD LOG
#       getty (busybox's or Debian's) on the line: a wrong password is
#       refused, the right one
#       gives a shell whose `id` is USER's and whose `tty` is TTY;
#       `exit` brings a new login prompt.
#   python3 console-dialog.py editors PTS LOG
#       a shell on the line: the window size set on the host pts reaches
#       the guest (at open and after a later change), line editing of
#       the guest's shell, canonical erase, vi (insert, ESC, :wq) and
#       less (space pages, q quits).
#
# Everything read from the line is appended to LOG.  Exit status 0, or
# 1 with one line saying what went wrong on stdout.
import fcntl
import os
import re
import select
import struct
import sys
import termios
import time
import tty


# A shell prompt; busybox sh may follow it with a cursor position query.
PROMPT = r"[$#] (\x1b\[6n)?$"


class Failure(Exception):
    pass


class Line:
    def __init__(self, path, log):
        # O_NOCTTY: the test must not take the pts as its own terminal.
        self.fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
        # A terminal emulator's side of the line: no echo, no processing.
        # TCSANOW: the default TCSAFLUSH would drop what the guest wrote
        # before we got here (seen under load: a lost SHELL-READY).
        tty.setraw(self.fd, termios.TCSANOW)
        self.log = open(log, "ab")
        self.buf = b""      # read, not yet consumed by expect()

    def set_size(self, rows, cols):
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ,
                    struct.pack("HHHH", rows, cols, 0, 0))

    def send(self, data, pause=0.0):
        if isinstance(data, str):
            data = data.encode()
        os.write(self.fd, data)
        if pause:
            time.sleep(pause)

    def type(self, text, delay=0.02):
        """Type text key by key, as a person (or screen) would."""
        for ch in text:
            self.send(ch)
            time.sleep(delay)

    def _fill(self, timeout):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return False
        try:
            data = os.read(self.fd, 4096)
        except OSError:
            raise Failure("the line was hung up (EIO on the host pts)")
        self.log.write(data)
        self.log.flush()
        self.buf += data
        return True

    def expect(self, pattern, timeout, what):
        """Consume input up to the first match of the regex pattern."""
        rx = re.compile(pattern.encode() if isinstance(pattern, str)
                        else pattern)
        deadline = time.monotonic() + timeout
        while True:
            m = rx.search(self.buf)
            if m:
                self.buf = self.buf[m.end():]
                return m
            left = deadline - time.monotonic()
            if left <= 0:
                tail = self.buf[-120:].decode("latin-1")
                raise Failure("%s: no /%s/ within %d s; last output %r"
                              % (what, rx.pattern.decode(), timeout, tail))
            self._fill(left)

    def drain(self, quiet=0.3, limit=5.0):
        """Read until the line has been quiet for a moment."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline and self._fill(quiet):
            pass
        self.buf = b""

    def run(self, cmd, timeout=20):
        """Run a shell command; return its output (between markers)."""
        tag = "%d" % (time.monotonic_ns() % 100000)
        # The markers are computed by the shell, so the echo of the
        # command line itself never matches them.
        self.send("echo B-$((%s+1)); %s; echo E-$((%s+1))\r"
                  % (tag, cmd, tag))
        n = int(tag) + 1
        self.expect(r"B-%d\r?\n" % n, timeout, "start of `%s`" % cmd)
        m = self.expect(r"(?s)(.*?)E-%d\r?\n" % n, timeout,
                        "output of `%s`" % cmd)
        return m.group(1).decode("latin-1").replace("\r", "")


def login(pts, ttyname, user, password, log):
    ln = Line(pts, log)
    ln.send("\r")
    ln.expect(r"login: ", 60, "getty's first prompt")
    # A wrong password must be refused.
    ln.send(user + "\r")
    ln.expect(r"[Pp]assword: ", 20, "password prompt")
    ln.send("not-" + password + "\r")
    ln.expect(r"Login incorrect", 20, "refusal of a wrong password")
    ln.expect(r"login: ", 30, "login prompt after a refusal")
    ln.send(user + "\r")
    ln.expect(r"[Pp]assword: ", 20, "password prompt")
    ln.send(password + "\r")
    ln.expect(PROMPT, 20, "the user's shell prompt")
    out = ln.run("id")
    if not re.search(r"uid=\d+\(%s\)" % re.escape(user), out):
        raise Failure("`id` in the login shell said %r" % out.strip())
    out = ln.run("tty")
    if out.strip() != ttyname:
        raise Failure("`tty` in the login shell said %r, expected %s"
                      % (out.strip(), ttyname))
    # The line is the shell's controlling terminal.
    out = ln.run("(: </dev/tty) && echo CTTY-OK")
    if "CTTY-OK" not in out:
        raise Failure("the login shell has no controlling tty: %r"
                      % out.strip())
    ln.send("exit\r")
    ln.expect(r"login: ", 30, "a new login prompt after logging out")


def editors(pts, log):
    ln = Line(pts, log)
    # Before the guest opens the line: it must see this size at open.
    ln.set_size(20, 70)
    ln.send("\r")
    ln.expect(r"SHELL-READY", 60, "the guest's shell")
    ln.drain()
    out = ln.run("stty size")
    if out.strip() != "20 70":
        raise Failure("the guest saw size %r, the host pts is 20x70"
                      % out.strip())
    # A later change on the host side reaches the guest by itself, as
    # when the window of a terminal emulator on the pts is resized.
    ln.set_size(30, 90)
    deadline = time.monotonic() + 10
    while True:
        out = ln.run("stty size").strip()
        if out == "30 90":
            break
        if time.monotonic() > deadline:
            raise Failure("after resizing the host pts to 30x90 the guest "
                          "still says %r" % out)
        time.sleep(0.5)
    ln.set_size(20, 70)
    time.sleep(1)

    # The shell's own line editing (raw mode): left arrow, insert,
    # backspace, Ctrl-A/Ctrl-E, then history (up arrow).
    ln.type("echo EDIT-helo")
    ln.send("\x1b[D", 0.1)          # left: before the final o
    ln.type("l")                    # EDIT-hello
    ln.send("\x05", 0.1)            # Ctrl-E: end of line
    ln.type("xx\x7f\x7f!")          # two typos rubbed out: EDIT-hello!
    ln.send("\x01", 0.1)            # Ctrl-A: start of line
    ln.send("\x1b[C" * 5, 0.1)      # past "echo "
    ln.type("WORD-")                # echo WORD-EDIT-hello!
    ln.send("\r")
    ln.expect(r"\nWORD-EDIT-hello!\r?\n", 10, "shell line editing")
    ln.expect(PROMPT, 10, "prompt after the edited line")
    ln.send("\x1b[A", 0.3)          # up: the same line again
    ln.send("\r")
    ln.expect(r"\nWORD-EDIT-hello!\r?\n", 10, "shell history (up arrow)")
    ln.drain()

    # Canonical mode of the guest's tty: erase and kill characters.
    ln.send("read -r v; echo \"CANON-[$v]\"\r", 0.5)
    ln.type("garbage\x15")          # Ctrl-U kills the line
    ln.type("abcx\x7fd\r")          # DEL erases the x
    ln.expect(r"CANON-\[abcd\]", 10, "canonical erase/kill of the tty")
    ln.drain()

    # vi: insert mode, ESC (alone: vi must see it as a key), :wq.
    ln.send("vi /tmp/vi.txt\r")
    ln.expect(r"vi\.txt", 15, "vi's screen")
    time.sleep(0.5)
    ln.type("ifirst line\rsecond")
    ln.send("\x1b", 0.5)
    ln.type("ox")                   # open a line below, type x
    ln.send("\x1b", 0.5)
    ln.type("kA!")                  # up, append at end of line
    ln.send("\x1b", 0.5)
    ln.type(":wq\r")
    ln.drain()
    out = ln.run("cat /tmp/vi.txt; echo VI-END")
    if out.replace("\r", "") != "first line\nsecond!\nx\nVI-END\n":
        raise Failure("vi wrote %r" % out)

    # less: a long file, space shows the next page, q quits.
    ln.run("awk 'BEGIN { for (i = 1; i <= 300; i++) "
           "printf \"row-%03d\\n\", i }' >/tmp/long")
    ln.send("less /tmp/long; echo LESS-DONE-$((1+1))\r")
    ln.expect(r"row-001", 15, "less's first page")
    ln.expect(r"row-010", 15, "less's first page")
    time.sleep(1)
    ln._fill(0.5)
    if b"row-025" in ln.buf:
        raise Failure("less showed more than one page of 20 rows")
    ln.buf = b""
    ln.send(" ")
    ln.expect(r"row-03[0-8]", 15, "less's second page after space")
    time.sleep(0.5)
    ln._fill(0.5)
    if b"row-060" in ln.buf:
        raise Failure("less jumped further than one page")
    ln.send("q")
    ln.expect(r"LESS-DONE-2", 15, "the shell after q in less")
    ln.expect(PROMPT, 10, "the prompt after less")
    ln.send("poweroff -f\r")


def main():
    try:
        if sys.argv[1] == "login":
            login(*sys.argv[2:7])
        elif sys.argv[1] == "editors":
            editors(*sys.argv[2:4])
        else:
            raise Failure("unknown scenario %s" % sys.argv[1])
    except Failure as e:
        print(e)
        sys.exit(1)


if __name__ == "__main__":
    main()
