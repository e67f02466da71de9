#!/bin/bash
# Records the corpus's mixed fio workload (corpus/README.md, fio/xfs-fio-mixed) with trace-cmd record
# instead of tracefs text, for the trace.dat benchmark (`dioscope bench --trace OUT/xfs-fio-mixed.dat`):
# one 64 MiB file on a fresh XFS, 2 s of an io_uring O_DIRECT writer (iodepth 8), a libaio O_DIRECT
# writer (iodepth 4), a buffered reader and an mmap writer. A 64 MiB per-CPU buffer, so that nothing
# is dropped (the report's "[EVENTS DROPPED]" lines are counted at the end).
#
#   sudo samples/capture/capture-trace-cmd-fio.sh OUTDIR
#
# trace-cmd 3.1.6 on a host whose function-tracer files are blocked needs -d and --no-filter (see
# capture-trace-cmd.sh); its own writes then go to OUTDIR, which should not be on the traced device.
set -euo pipefail
OUT=$(realpath "${1:?usage: capture-trace-cmd-fio.sh OUTDIR}")
mkdir -p "$OUT"
. "$(dirname "$0")/scratch-fs.sh" tcfio
cleanup_extra() { trace-cmd reset >/dev/null 2>&1 || true; echo 1408 > $T/buffer_size_kb || true; }
mkfs.xfs -q -f "$LOOP"
mount "$LOOP" "$MNT"
EVENTS=(-e iomap:iomap_dio_rw_begin -e iomap:iomap_dio_rw_queued -e iomap:iomap_dio_complete
        -e iomap:iomap_dio_invalidate_fail -e iomap:iomap_iter -e iomap:iomap_release_folio
        -e writeback:writeback_dirty_folio -e xfs:xfs_file_direct_write -e xfs:xfs_end_io_direct_write
        -e xfs:xfs_file_buffered_read -e xfs:xfs_file_buffered_write -e printk:console
        -e filemap:mm_filemap_add_to_page_cache -f "s_dev == $DEVNUM"
        -e filemap:mm_filemap_delete_from_page_cache -f "s_dev == $DEVNUM"
        -e filemap:mm_filemap_fault -f "s_dev == $DEVNUM" -e filemap:mm_filemap_map_pages -f "s_dev == $DEVNUM"
        -e filemap:mm_filemap_get_pages -f "s_dev == $DEVNUM")
cd "$OUT"
trace-cmd record -d --no-filter -b 65536 "${EVENTS[@]}" --file-version 7 --compression zstd -o xfs-fio-mixed.dat \
    fio --filename="$MNT/f" --size=64m --time_based --runtime=2s \
        --name=uring-dio --ioengine=io_uring --iodepth=8 --direct=1 --rw=randwrite --bs=16k \
        --name=aio-dio --ioengine=libaio --iodepth=4 --direct=1 --rw=randwrite --bs=64k \
        --name=buffered-reader --ioengine=psync --rw=randread --bs=16k \
        --name=mmap-writer --ioengine=mmap --rw=randwrite --bs=4k > fio.log 2>&1 || true
test -s xfs-fio-mixed.dat
trace-cmd report -t -i xfs-fio-mixed.dat > xfs-fio-mixed.report 2>/dev/null || true
echo "events: $(grep -c ': ' xfs-fio-mixed.report), dropped lines: $(grep -c 'EVENTS DROPPED\|LOST' xfs-fio-mixed.report || true)"
ls -l xfs-fio-mixed.dat
