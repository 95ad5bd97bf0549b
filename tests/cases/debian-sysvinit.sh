#!/bin/bash
# timeout: 600
# A stock Debian bookworm with sysvinit-core, made by tools/mkdebian
# without root: it boots to runlevel 2 with udev, dbus and sshd; root
# logs in on con0, on the serial line ttyS0 and over ssh (slirp's port
# forward); apt-get installs a package over slirp; reboot boots again;
# shutdown -h now and halt end the kernel with status 0 and leave a
# clean file system.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=debian-common.inc
. "$TESTS_DIR/cases/debian-common.inc"

# exec: the login shell would ignore the SIGTERM of sendsigs and hold the
# shutdown up for ten seconds.
deb_test sysvinit 'exec shutdown -h now' slirp
