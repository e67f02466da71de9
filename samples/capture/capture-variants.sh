#!/bin/bash
# Captures real traces of the ftrace text variants that ../shared/corpus does not cover, on the
# machine it runs on (root, tracefs, loop devices, fio, mkfs.xfs). Used once to make
# src/test/resources/captured/; kept so anyone can redo it on another kernel.
#
#   sudo samples/capture/capture-variants.sh OUTDIR
#
# Variants: irq-info off + record-tgid on, trace_pipe output with [LOST n EVENTS], an overrun
# `trace` with "##### CPU n buffer started ####", block tracepoints, the blk tracer, a task whose
# comm has spaces and dashes, and perf script with pid/tid.
set -euo pipefail
OUT=${1:?usage: capture-variants.sh OUTDIR}
mkdir -p "$OUT"
cleanup_extra() { echo 0 > /sys/block/$DEVNAME/trace/enable 2>/dev/null; }
. "$(dirname "$0")/scratch-fs.sh" scratch
mkfs.xfs -q -f "$LOOP"
mount "$LOOP" "$MNT"
F=$MNT/f
xfs_io -f -c "pwrite -q 0 4m" -c fsync "$F"

reset_tracing() {
    echo 0 > $T/tracing_on
    echo nop > $T/current_tracer
    echo > $T/set_event
    for f in $T/events/*/*/filter; do echo 0 > "$f" 2>/dev/null || true; done
    echo 1 > $T/options/irq-info
    echo 0 > $T/options/record-tgid
    echo 1408 > $T/buffer_size_kb
    echo > $T/trace
}
enable_events() {
    for e in iomap:iomap_dio_rw_begin iomap:iomap_dio_rw_queued iomap:iomap_dio_complete iomap:iomap_iter \
             filemap:mm_filemap_add_to_page_cache filemap:mm_filemap_delete_from_page_cache \
             filemap:mm_filemap_fault writeback:writeback_dirty_folio \
             xfs:xfs_file_direct_write xfs:xfs_end_io_direct_write xfs:xfs_file_buffered_read \
             block:block_rq_issue block:block_rq_complete block:block_bio_queue block:block_bio_complete; do
        echo "$e" >> $T/set_event
    done
    # only the scratch device: the host's own page-cache traffic would drown the workload
    for e in mm_filemap_add_to_page_cache mm_filemap_delete_from_page_cache mm_filemap_fault; do
        echo "s_dev == $DEVNUM" > $T/events/filemap/$e/filter
    done
    for e in block_rq_issue block_rq_complete block_bio_queue block_bio_complete; do
        echo "dev == $DEVNUM" > $T/events/block/$e/filter
    done
}
# direct writes from a task whose comm has a space and a dash, buffered reads from another
ln -sf "$(command -v dd)" "/tmp/dio writer-1"
workload() {
    ( for i in $(seq 1 ${1:-16}); do
        "/tmp/dio writer-1" if=/dev/urandom of="$F" bs=64k count=1 seek=0 oflag=direct conv=notrunc status=none
      done ) &
    local writer=$!
    ( for i in $(seq 1 ${1:-16}); do
        dd if="$F" of=/dev/null bs=64k count=1 status=none iflag=nocache
      done ) &
    wait $writer $!
}

# 1. irq-info off, record-tgid on
reset_tracing; enable_events
echo 0 > $T/options/irq-info; echo 1 > $T/options/record-tgid
echo 1 > $T/tracing_on; echo "dioscope variant no-irq-info-tgid start" > $T/trace_marker
workload 8
echo "dioscope variant no-irq-info-tgid end" > $T/trace_marker; echo 0 > $T/tracing_on
cat $T/trace > "$OUT/xfs-noirq-tgid.trace"

# 2. trace_pipe read slowly through a tiny buffer: [LOST n EVENTS]
reset_tracing; enable_events
echo 8 > $T/buffer_size_kb
echo 1 > $T/tracing_on
timeout 6 sh -c "cat $T/trace_pipe | while IFS= read -r l; do printf '%s\n' \"\$l\"; sleep 0.002; done" > "$OUT/xfs-pipe-lost.trace" &
PIPE=$!
workload 24
sleep 1; echo 0 > $T/tracing_on; wait $PIPE || true

# 3. an overrun `trace`: the oldest events overwritten, "##### CPU n buffer started ####"
reset_tracing; enable_events
echo 16 > $T/buffer_size_kb
echo 1 > $T/tracing_on
workload 24
echo 0 > $T/tracing_on
cat $T/trace > "$OUT/xfs-overrun.trace"

# 4. the blk tracer on the loop device, with the block tracepoints
reset_tracing
if echo 1 > /sys/block/$DEVNAME/trace/enable 2>/dev/null; then
    echo blk > $T/current_tracer
    echo block:block_rq_issue >> $T/set_event; echo block:block_rq_complete >> $T/set_event
    echo 1 > $T/tracing_on
    workload 4
    echo 0 > $T/tracing_on
    cat $T/trace > "$OUT/xfs-blk-tracer.trace"
    echo 0 > /sys/block/$DEVNAME/trace/enable
fi

# 5. perf script with pid/tid
if command -v perf > /dev/null; then
    perf record -q -a -o /tmp/dioscope-perf.data -e iomap:iomap_dio_rw_begin -e iomap:iomap_dio_complete \
        -e filemap:mm_filemap_add_to_page_cache -e block:block_rq_issue -- bash -c "$(declare -f workload); F=$F; workload 4" \
        > /dev/null 2>&1 || true
    perf script -i /tmp/dioscope-perf.data -F comm,pid,tid,cpu,time,event,trace > "$OUT/xfs-pidtid.perfscript" 2>/dev/null || true
    rm -f /tmp/dioscope-perf.data
fi
# 6. events the scenarios above do not produce: fault-around (mm_filemap_map_pages), waiting on
#    writeback, and every XFS and ext4 space operation
space_ops() {
    xfs_io -f -c "pwrite -q 0 1m" -c "mmap -r 0 1m" -c "mread 0 1m" -c "munmap" "$1"
    xfs_io -c "pwrite -q 0 1m" -c "sync_range -w 0 1m" -c "pwrite -q 0 64k" -c fsync "$1"
    xfs_io -c "fzero 65536 65536" -c "fpunch 131072 65536" -c "fcollapse 196608 65536" \
           -c "finsert 196608 65536" -c "truncate 524288" -c fsync "$1"
}
reset_tracing
for e in filemap:mm_filemap_map_pages filemap:mm_filemap_fault writeback:folio_wait_writeback \
         xfs:xfs_free_file_space xfs:xfs_zero_file_space xfs:xfs_collapse_file_space xfs:xfs_insert_file_space \
         xfs:xfs_itruncate_extents_start ext4:ext4_punch_hole ext4:ext4_zero_range ext4:ext4_collapse_range \
         ext4:ext4_insert_range ext4:ext4_fallocate_enter ext4:ext4_truncate_enter ext4:ext4_truncate_exit; do
    echo "$e" >> $T/set_event
done
for e in mm_filemap_map_pages mm_filemap_fault; do echo "s_dev == $DEVNUM" > $T/events/filemap/$e/filter; done
echo "dev == $DEVNUM" > $T/events/ext4/filter 2>/dev/null || true
echo 1 > $T/tracing_on
space_ops "$MNT/g"
umount "$MNT"; mkfs.ext4 -q -F "$LOOP"; mount "$LOOP" "$MNT"
space_ops "$MNT/g"
echo 0 > $T/tracing_on
cat $T/trace > "$OUT/space-ops-and-faults.trace"

rm -f "/tmp/dio writer-1"
uname -r > "$OUT/uname.txt"
ls -la "$OUT"
