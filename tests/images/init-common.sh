# shellcheck shell=sh
# Sourced by the test images' /init scripts (installed as /test/init-common.sh).
# Mount the pseudo filesystems every test expects; failures are reported
# on the console, because a missing /proc is itself a finding.
mount -t proc proc /proc || echo "INIT-WARN: mounting /proc failed"
mount -t sysfs sysfs /sys || echo "INIT-WARN: mounting /sys failed"
# devtmpfs may be auto-mounted already (CONFIG_DEVTMPFS_MOUNT): ignore.
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts
mount -t devpts devpts /dev/pts || echo "INIT-WARN: mounting /dev/pts failed"
mount -t tmpfs tmpfs /tmp || echo "INIT-WARN: mounting /tmp failed"
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
# The marker the host side waits for (boot-to-init time in bench.sh).
echo "INIT-READY"
