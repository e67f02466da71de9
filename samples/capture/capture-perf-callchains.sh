#!/bin/bash
# Captures a real `perf record -g` trace: every event followed by its call chain, as `perf script`
# prints it. Used once to make src/test/resources/captured/xfs-read-overlap-callchains.perfscript.gz;
# kept so anyone can redo it (root, perf, loop devices, mkfs.xfs, fio).
#
#   sudo samples/capture/capture-perf-callchains.sh OUTDIR
#
# Workload: XFS on a loop device; async O_DIRECT writes (libaio, depth 4) of 64 KiB to [0, 1 MiB)
# while another fio job reads the same file through the page cache, 4 KiB at a time.
#
# It does not source scratch-fs.sh: perf record needs no tracefs setup, and that helper's cleanup
# resets the global tracefs state (set_event, filters, tracing_on), which would break an ftrace
# capture someone else runs on the machine at the same time. Only what this script made is undone.
set -euo pipefail
OUT=${1:?usage: capture-perf-callchains.sh OUTDIR}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

IMG=$(mktemp /tmp/dioscope-callchains.XXXX.img)
MNT=$(mktemp -d /tmp/dioscope-callchains-mnt.XXXX)
WORK=$(mktemp -d /tmp/dioscope-callchains-perf.XXXX)
LOOP=
cleanup() {
    umount "$MNT" 2>/dev/null || true
    [ -n "$LOOP" ] && losetup -d "$LOOP" 2>/dev/null || true
    rm -f "$IMG"
    rmdir "$MNT" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

truncate -s 512M "$IMG"
LOOP=$(losetup -f --show "$IMG")
# the kernel's dev_t as the tracepoints store it: major << 20 | minor
DEVNUM=$(( $(stat -c '0x%t' "$LOOP") << 20 | $(stat -c '0x%T' "$LOOP") ))
mkfs.xfs -q -f "$LOOP"
mount "$LOOP" "$MNT"
xfs_io -f -c "pwrite -q 0 1m" -c fsync "$MNT/f"
echo 3 > /proc/sys/vm/drop_caches

# each --filter applies to the -e before it: only the scratch device, not the host's own traffic
perf record -q -g -a -o "$WORK/perf.data" \
    -e iomap:iomap_dio_rw_begin --filter "dev == $DEVNUM" \
    -e iomap:iomap_dio_rw_queued --filter "dev == $DEVNUM" \
    -e iomap:iomap_dio_complete --filter "dev == $DEVNUM" \
    -e filemap:mm_filemap_add_to_page_cache --filter "s_dev == $DEVNUM" \
    -e filemap:mm_filemap_delete_from_page_cache --filter "s_dev == $DEVNUM" \
    -e filemap:mm_filemap_get_pages --filter "s_dev == $DEVNUM" \
    -- fio --output=/dev/null --filename="$MNT/f" --size=1m --time_based --runtime=${RUNTIME_MS:-60}ms \
        --name=aio-writer --ioengine=libaio --iodepth=4 --direct=1 --rw=randwrite --bs=64k \
        --name=reader --ioengine=psync --rw=read --bs=4k

perf script -i "$WORK/perf.data" > "$OUT/xfs-read-overlap-callchains.perfscript"
perf version > "$OUT/perf-version.txt"
uname -r > "$OUT/uname.txt"
ls -la "$OUT"
