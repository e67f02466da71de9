#!/bin/bash
# Captures real races the shared corpus has no positive case for, on the machine it runs on
# (root, tracefs, loop devices, fio, xfsprogs, e2fsprogs). Used once to make the *-race traces of
# src/test/resources/captured/; kept so anyone can redo it.
#
#   sudo samples/capture/capture-races.sh OUTDIR
#
#  xfs-dio-read-vs-mmap.trace    O_DIRECT reads of [0, 64 KiB) by fio while another fio job
#                                stores into a shared mmap of the same range (dio-read-of-dirty-range)
#  ext4-punch-vs-aio-write.trace async O_DIRECT writes (libaio, depth 4) to [0, 1 MiB) while a
#                                loop punches holes in it (ext4 logs the punch before waiting for
#                                in-flight direct I/O: space-op-during-dio-write, entry only)
set -euo pipefail
OUT=${1:?usage: capture-races.sh OUTDIR}
mkdir -p "$OUT"
. "$(dirname "$0")/scratch-fs.sh" races

start_tracing() {
    echo 0 > $T/tracing_on
    echo nop > $T/current_tracer
    echo > $T/set_event
    for f in $T/events/*/*/filter; do echo 0 > "$f" 2>/dev/null || true; done
    echo 1 > $T/options/irq-info
    echo 16384 > $T/buffer_size_kb
    for e in iomap:iomap_dio_rw_begin iomap:iomap_dio_rw_queued iomap:iomap_dio_complete \
             iomap:iomap_dio_invalidate_fail iomap:iomap_iter iomap:iomap_release_folio \
             filemap:mm_filemap_add_to_page_cache filemap:mm_filemap_delete_from_page_cache \
             filemap:mm_filemap_fault filemap:mm_filemap_map_pages writeback:writeback_dirty_folio \
             xfs:xfs_file_direct_read xfs:xfs_file_direct_write xfs:xfs_end_io_direct_write \
             xfs:xfs_free_file_space ext4:ext4_punch_hole ext4:ext4_truncate_enter printk:console; do
        echo "$e" >> $T/set_event 2>/dev/null || true
    done
    for e in mm_filemap_add_to_page_cache mm_filemap_delete_from_page_cache mm_filemap_fault mm_filemap_map_pages; do
        echo "s_dev == $DEVNUM" > $T/events/filemap/$e/filter
    done
    echo "dev == $DEVNUM" > $T/events/ext4/filter 2>/dev/null || true
    echo > $T/trace
    echo 1 > $T/tracing_on
}

# 1. XFS: direct reads vs an mmap writer
mkfs.xfs -q -f "$LOOP"; mount "$LOOP" "$MNT"
xfs_io -f -c "pwrite -q 0 1m" -c fsync "$MNT/f"
start_tracing
echo "scenario dio-read-vs-mmap start" > $T/trace_marker
fio --output=/dev/null --filename="$MNT/f" --size=64k --time_based --runtime=300ms \
    --name=dio-reader --ioengine=psync --direct=1 --rw=read --bs=64k \
    --name=mmap-writer --ioengine=mmap --rw=randwrite --bs=4k
echo "scenario dio-read-vs-mmap end" > $T/trace_marker
echo 0 > $T/tracing_on
cat $T/trace > "$OUT/xfs-dio-read-vs-mmap.trace"
umount "$MNT"

# 2. ext4: hole punches vs async direct writes
mkfs.ext4 -q -F "$LOOP"; mount "$LOOP" "$MNT"
xfs_io -f -c "pwrite -q 0 1m" -c fsync "$MNT/f"
start_tracing
echo "scenario punch-vs-aio-write start" > $T/trace_marker
( end=$((SECONDS + 1)); while [ $SECONDS -lt $end ]; do fallocate -p -o 0 -l 1m "$MNT/f"; done ) &
PUNCHER=$!
fio --output=/dev/null --filename="$MNT/f" --size=1m --time_based --runtime=500ms \
    --name=aio-writer --ioengine=libaio --iodepth=4 --direct=1 --rw=randwrite --bs=64k
wait $PUNCHER
echo "scenario punch-vs-aio-write end" > $T/trace_marker
echo 0 > $T/tracing_on
cat $T/trace > "$OUT/ext4-punch-vs-aio-write.trace"
umount "$MNT"
uname -r > "$OUT/uname.txt"
ls -la "$OUT"
