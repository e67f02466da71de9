#!/bin/bash
# Captures the block layer's side of three scenarios on XFS (the corpus's read-overlap, mmap-overlap
# and clean, made here with fio and xfs_io), in the forms dioscope reads block traces in:
#
#   sudo samples/capture/capture-blk.sh [--partition] [--block-only] OUTDIR
#
# --block-only: what a production post-mortem has, the block layer alone: the instance traces only
# the block_* tracepoints and the top level only the blk tracer (no iomap, filemap, writeback or
# xfs event anywhere), and the files are named NAME-blockonly.*
# --partition: XFS on a partition of the loop device (an MBR partition from sector 2048, made with
# sfdisk and added with partx), the tracing still of the whole disk: every bio of the filesystem is
# remapped from the partition to the disk (block_bio_remap, the blk tracer's A: '7,0 A WS 403648 + 8
# <- (259,0) 192'), and the extent maps give the partition's sectors. The files are named
# NAME-partition*, and .truth says the partition's device and start.
#
#  NAME.trace        raw ftrace text of a tracing instance: iomap/filemap/writeback events and the
#                    block_* tracepoints (bio queue, getrq, merges, insert, issue, complete, split,
#                    remap)
#  NAME.extents      `filefrag -v -b512` of the file after the run; NAME.bmap: `xfs_bmap -v`
#  NAME.truth        scenario, device number, inode, kernel
# Scenarios: read-overlap, mmap-overlap, clean (random direct writes, nothing else on the file) and
# clean-reader (sequential direct writes to f while a buffered reader reads another file g: page-
# cache reads at the device, none of them of f's sectors).
# and, only when the top-level tracer is free (a running `trace-cmd record` holds it: then these are
# skipped, and the script says so), the same run through the `blk` tracer:
#  NAME.blk.trace    raw ftrace text with the blk tracer's lines
#  NAME.blktrace.N   its records as the kernel writes them in binary (struct blk_io_trace, one file per
#                    CPU): the blk tracer's `bin` output (options/bin, context-info off), read from
#                    trace_pipe and split by each record's own cpu field: blktrace's layout
#  NAME.blkparse     `blkparse -i NAME`: blkparse's default text, with its summary blocks
#  NAME.btt          btt's averages (`blkparse -d` then `btt`): its latency table, to check ours against
#
# blktrace itself needs debugfs's block/ files, which this kind of machine blocks; the kernel's blk
# tracer writes the same struct blk_io_trace records (blk_trace_synthesize_old_trace), without
# sequence numbers and without the notify records that name processes (blkparse prints "[(null)]").
set -euo pipefail
PARTITION= BLOCK_ONLY=
while [ "${1:-}" = --block-only ] || [ "${1:-}" = --partition ]; do
    if [ "$1" = --partition ]; then PARTITION=1; else BLOCK_ONLY=1; fi
    shift
done
SUFFIX=${PARTITION:+-partition}${BLOCK_ONLY:+-blockonly}
OUT=${1:?usage: capture-blk.sh [--partition] [--block-only] OUTDIR}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
. "$(dirname "$0")/scratch-fs.sh" blk
I=$T/instances/dioscope-blk
# the filesystem's device: the loop device itself, or its partition (whose node this script makes:
# nothing here runs udev)
FSDEV=$LOOP FSDEVNUM=$DEVNUM PART_START=0
EXPIRE=$(cat /proc/sys/vm/dirty_expire_centisecs)
WRITEBACK=$(cat /proc/sys/vm/dirty_writeback_centisecs)
BLK=0
cleanup_extra() {
    if [ $BLK = 1 ]; then
        echo 0 > $T/options/bin; echo 1 > $T/options/context-info
        echo 0 > /sys/block/$DEVNAME/trace/enable
    fi
    [ -d $I ] && rmdir $I
    if [ -n "$PARTITION" ]; then umount "$MNT" 2>/dev/null; rm -f "$FSDEV"; partx -d "$LOOP"; fi
    echo "$EXPIRE" > /proc/sys/vm/dirty_expire_centisecs
    echo "$WRITEBACK" > /proc/sys/vm/dirty_writeback_centisecs
}
if [ -n "$PARTITION" ]; then
    command -v sfdisk >/dev/null || { echo "capture-blk: --partition needs sfdisk (util-linux's fdisk package)" >&2; exit 1; }
    echo 'start=2048, type=83' | sfdisk -q --no-reread --no-tell-kernel "$LOOP"
    partx -d "$LOOP" 2>/dev/null || true  # a partition left by an earlier user of this loop device
    partx -a "$LOOP"
    FSDEV=${LOOP}p1
    PART_START=$(cat /sys/block/$DEVNAME/${DEVNAME}p1/start)
    IFS=: read -r MAJOR MINOR < /sys/block/$DEVNAME/${DEVNAME}p1/dev
    rm -f "$FSDEV"; mknod "$FSDEV" b "$MAJOR" "$MINOR"
    FSDEVNUM=$(( MAJOR << 20 | MINOR ))
fi
EVENTS="iomap:iomap_dio_rw_begin iomap:iomap_dio_rw_queued iomap:iomap_dio_complete
    iomap:iomap_dio_invalidate_fail iomap:iomap_iter iomap:iomap_readahead iomap:iomap_readpage
    filemap:mm_filemap_add_to_page_cache filemap:mm_filemap_delete_from_page_cache filemap:mm_filemap_fault
    writeback:writeback_dirty_folio xfs:xfs_file_direct_write xfs:xfs_file_buffered_read
    xfs:xfs_end_io_direct_write printk:console"
[ -z "$BLOCK_ONLY" ] || EVENTS=
BLOCK="block:block_bio_queue block:block_getrq block:block_bio_backmerge block:block_bio_frontmerge
    block:block_rq_insert block:block_rq_issue block:block_rq_complete block:block_rq_requeue block:block_split
    block:block_bio_remap block:block_rq_remap"

# $1: a tracefs directory; $2...: events
enable() {
    local dir=$1; shift
    echo > $dir/set_event
    for e in "$@"; do echo "$e" >> $dir/set_event; done
    for e in mm_filemap_add_to_page_cache mm_filemap_delete_from_page_cache mm_filemap_fault; do
        echo "s_dev == $FSDEVNUM" > $dir/events/filemap/$e/filter
    done
    echo "dev == $DEVNUM" > $dir/events/block/filter
    echo 1 > $dir/options/irq-info
    echo 16384 > $dir/buffer_size_kb
    echo > $dir/trace
}

start_tracing() {
    mkdir -p $I
    echo 0 > $I/tracing_on
    enable $I $EVENTS $BLOCK
    if [ $BLK = 1 ]; then
        echo 0 > $T/tracing_on
        enable $T $EVENTS
        echo 1 > $T/tracing_on
    fi
    echo 1 > $I/tracing_on
}

# the blk tracer when the top-level tracer can be had
echo 1 > /sys/block/$DEVNAME/trace/enable
if echo blk > $T/current_tracer 2>/dev/null; then
    BLK=1
else
    echo 0 > /sys/block/$DEVNAME/trace/enable
    echo "capture-blk: the top-level tracer is in use (current_tracer busy): blk tracer forms skipped" >&2
fi

save() {
    local name=$1$SUFFIX files=("$MNT/f")
    [ -e "$MNT/g" ] && files+=("$MNT/g")
    echo 0 > $I/tracing_on
    cat $I/trace > "$OUT/$name.trace"
    filefrag -v -b512 "${files[@]}" > "$OUT/$name.extents"
    xfs_bmap -v "${files[@]}" > "$OUT/$name.bmap"
    echo "scenario=$name devnum=$DEVNUM device=$LOOP ino=$(stat -c %i "$MNT/f") kernel=$(uname -r)" > "$OUT/$name.truth"
    [ -z "$PARTITION" ] || echo "filesystem on $FSDEV ($MAJOR:$MINOR), from sector $PART_START of $LOOP" >> "$OUT/$name.truth"
    [ $BLK = 1 ] || return 0
    # the text first (reading `trace` consumes nothing), then the same buffer's blk records in binary
    echo 0 > $T/tracing_on
    cat $T/trace > "$OUT/$name.blk.trace"
    echo 0 > $T/options/context-info
    echo 1 > $T/options/bin
    timeout 5 cat $T/trace_pipe > "$OUT/$name.bin" || true
    echo 0 > $T/options/bin
    echo 1 > $T/options/context-info
    # split by the record's cpu field (offset 40; pdu_len at 46) into DEV.blktrace.CPU
    perl -e '
        my ($in, $base) = @ARGV; open(my $f, "<:raw", $in) or die; my %out;
        while (read($f, my $h, 48) == 48) {
            my ($cpu, $pdu) = unpack("x40 V x2 v", $h);
            read($f, my $p, $pdu) == $pdu or die "cut record";
            unless ($out{$cpu}) { open($out{$cpu}, ">:raw", "$base.blktrace.$cpu") or die; }
            print { $out{$cpu} } $h, $p;
        }' "$OUT/$name.bin" "$OUT/$name"
    rm "$OUT/$name.bin"
    # (btt leaves its per-device *_fp.dat files in the working directory: they go)
    (cd "$OUT" && blkparse -i "$name" -d "/tmp/$name.btt.bin" > "$name.blkparse" \
        && btt -i "/tmp/$name.btt.bin" -o "/tmp/$name.btt" > /dev/null && cp "/tmp/$name.btt.avg" "$name.btt"; \
        rm -f /tmp/$name.btt* ./*_iops_fp.dat ./*_mbps_fp.dat)
}

# page-cache writeback by the flusher within the run, not 30 s later
echo 20 > /proc/sys/vm/dirty_expire_centisecs
echo 10 > /proc/sys/vm/dirty_writeback_centisecs

mkfs.xfs -q -f "$FSDEV"; mount "$FSDEV" "$MNT"
xfs_io -f -c "pwrite -q 0 1m" -c fsync "$MNT/f"

# $1 bytes of f written by async 64 KiB direct writes, one at a time, for 300 ms, while an xfs_io
# loop reads $3 bytes of the file $2 and drops them from the page cache, $4 times per xfs_io run
writes_while_reading() {
    local reads=()
    for i in $(seq $4); do reads+=(-c "pread -q 0 $3" -c "fadvise -d 0 $3"); done
    fio --output=/dev/null --filename="$MNT/f" --size=$1 --time_based --runtime=300ms \
        --name=dio-writer --ioengine=libaio --iodepth=1 --direct=1 --rw=write --bs=64k &
    local writer=$!
    while kill -0 $writer 2>/dev/null; do xfs_io "${reads[@]}" "$2"; done
    wait $writer
}

# read-overlap: async direct writes of [0, 64 KiB) one at a time; buffered reads of the same range,
# each after dropping it from the page cache
start_tracing
echo "scenario read-overlap start" > $I/trace_marker
writes_while_reading 64k "$MNT/f" 64k 50
echo "scenario read-overlap end" > $I/trace_marker
save xfs-read-overlap

# mmap-overlap: the same direct writes while another job stores into a shared mapping of the range
# (sequentially: its faults read ahead); the flusher writes the dirty pages back
start_tracing
echo "scenario mmap-overlap start" > $I/trace_marker
fio --output=/dev/null --filename="$MNT/f" --size=64k --time_based --runtime=300ms \
    --name=dio-writer --ioengine=libaio --iodepth=1 --direct=1 --rw=write --bs=64k \
    --name=mmap-writer --ioengine=mmap --rw=write --bs=4k
sleep 0.5
echo "scenario mmap-overlap end" > $I/trace_marker
save xfs-mmap-overlap

# clean: async direct writes at distinct offsets, queue depth 4, nothing else on the file
start_tracing
echo "scenario clean start" > $I/trace_marker
fio --output=/dev/null --filename="$MNT/f" --size=1m --time_based --runtime=200ms \
    --name=dio-writer --ioengine=libaio --iodepth=4 --direct=1 --rw=randwrite --bs=64k --norandommap
echo "scenario clean end" > $I/trace_marker
save xfs-clean

# clean-reader: sequential direct writes to f while a buffered reader reads g (dropped from the page
# cache between passes, so every pass reads ahead at the device): the device sees direct writes and
# page-cache reads together, of different files
xfs_io -f -c "pwrite -q 0 1m" -c fsync "$MNT/g"
start_tracing
echo "scenario clean-reader start" > $I/trace_marker
writes_while_reading 1m "$MNT/g" 1m 20
echo "scenario clean-reader end" > $I/trace_marker
save xfs-clean-reader
umount "$MNT"
ls -la "$OUT"
