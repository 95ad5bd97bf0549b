#!/bin/bash
# timeout: 60
# Bad images: a missing file, a missing COW backing file, an unreadable
# image and a malformed option each give one line on stderr and exit 1,
# quickly, without a panic.
# shellcheck source=ubd-common.inc
. "$(dirname "$0")/ubd-common.inc"

missing=$TEST_TMP/no-such-disk.img
ubd_run_bad "ubd0=$missing" root=/dev/ubda
ubd_expect_bad "^linux: ubd0: cannot open '$missing': No such file or directory$"

ubd_run_bad "ubd3=$TEST_TMP/new.cow,$missing"
ubd_expect_bad "^linux: ubd3: cannot open '$missing': No such file or directory$"
[ ! -e "$TEST_TMP/new.cow" ] || fail "a COW file was created over a missing backing file"

ubd_run_bad ubd0x=/dev/null
ubd_expect_bad "bad block device option 'ubd0x=/dev/null'"
ubd_run_bad ubd16=/dev/null
ubd_expect_bad "bad block device option 'ubd16=/dev/null'"

if [ "$(id -u)" -ne 0 ]; then
	head -c 1M /dev/zero >"$TEST_TMP/secret.img"
	chmod 000 "$TEST_TMP/secret.img"
	ubd_run_bad "ubd0=$TEST_TMP/secret.img"
	ubd_expect_bad "ubd0: cannot open '.*secret\\.img': Permission denied"
fi
pass
