#!/bin/bash
# timeout: 300
# ubd-crash.sh with the root on a COW file over a read-only backing
# image: acknowledged writes survive a SIGKILL of the kernel, in the
# image uml-cow merges from the COW (data and bitmap ordering).
export TEST_NAME=${TEST_NAME:-ubd-crash-cow}
UBD_CRASH_MODE=cow exec "$(dirname "$0")/ubd-crash.sh"
