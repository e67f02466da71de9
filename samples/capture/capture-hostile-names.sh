#!/bin/bash
# Captures a real race whose task names and marker text are hostile to HTML: the direct writer
# names itself "<script>alert(1)</script>" (the kernel keeps the first 15 bytes as its comm), the
# racing buffered reader "\"'><b>&amp;", and "<script>alert(1)</script>" is written to trace_marker.
# The HTML report must show them as text. Used once for
# src/test/resources/captured/xfs-hostile-names.trace.gz. Needs root, tracefs, xfsprogs, python3.
#
#   sudo samples/capture/capture-hostile-names.sh OUTDIR
set -euo pipefail
OUT=${1:?usage: capture-hostile-names.sh OUTDIR}
mkdir -p "$OUT"
. "$(dirname "$0")/scratch-fs.sh" hostile
mkfs.xfs -q -f "$LOOP"; mount "$LOOP" "$MNT"
xfs_io -f -c "pwrite -q 0 1m" -c fsync "$MNT/f"

echo 0 > $T/tracing_on; echo nop > $T/current_tracer; echo > $T/set_event
for e in iomap:iomap_dio_rw_begin iomap:iomap_dio_complete iomap:iomap_iter filemap:mm_filemap_add_to_page_cache \
         filemap:mm_filemap_delete_from_page_cache xfs:xfs_file_direct_write xfs:xfs_end_io_direct_write; do
    echo "$e" >> $T/set_event
done
for e in mm_filemap_add_to_page_cache mm_filemap_delete_from_page_cache; do
    echo "s_dev == $DEVNUM" > $T/events/filemap/$e/filter
done
echo 4096 > $T/buffer_size_kb; echo > $T/trace; echo 1 > $T/tracing_on
echo "<script>alert(1)</script>" > $T/trace_marker
python3 - "$MNT/f" <<'PY' &
import mmap, os, sys
open('/proc/self/comm', 'w').write('<script>alert(1)</script>')
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_DIRECT)
buf = mmap.mmap(-1, 65536)  # page aligned, as O_DIRECT wants
for _ in range(300):
    os.pwrite(fd, buf, 0)
PY
WRITER=$!
python3 - "$MNT/f" <<'PY' &
import os, sys
open('/proc/self/comm', 'w').write("\"'><b>&amp;")
fd = os.open(sys.argv[1], os.O_RDONLY)
for _ in range(600):
    os.pread(fd, 65536, 0)
    os.posix_fadvise(fd, 0, 65536, os.POSIX_FADV_DONTNEED)
PY
wait $WRITER $!
echo 0 > $T/tracing_on
cat $T/trace > "$OUT/xfs-hostile-names.trace"
