#!/bin/bash
# timeout: 600
# A stock Debian bookworm with systemd, made by tools/mkdebian without
# root: it boots to multi-user.target with no failed unit; root logs in
# on con0, on the serial line ttyS0 and over ssh (on a tap device whose
# host side, in a network namespace of the test's own, gives eth0 its
# address by DHCP);
# apt-get installs a package from Debian's archive over slirp; reboot
# boots again; systemctl poweroff and halt end the kernel with status 0
# and leave a clean file system.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=debian-common.inc
. "$TESTS_DIR/cases/debian-common.inc"

deb_test systemd 'systemctl poweroff' tap
