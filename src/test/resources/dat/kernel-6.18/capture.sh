#!/bin/bash
# Captures records of this kernel three ways, for KernelTextTest: the ring-buffer pages as trace-cmd
# stores them in a trace.dat, the text trace-cmd report prints for them, and the kernel's own text of
# the same records. Runs as root, in a tracing instance of its own (the top-level buffer and other
# instances are left alone), on two small loop-mounted filesystems.
#
#   capture.sh OUT_DIR EVENTS...   (EVENTS as in set_event: "xfs:*", "!xfs:xfs_ilock"; "all" for every event)
#
# BUFFER_KB (default 1024) is the per-CPU buffer: when the workload writes more, only the last records are
# kept, in all three forms alike. Steps: per_cpu/cpuN/trace (the kernel's text; reading it does not
# consume), then trace-cmd extract (which does, and removes the instance), trace-cmd convert to an
# uncompressed version-6 file whose per-CPU page data trace-cmd dump --flyrecord locates, and
# trace-cmd report -N (no plugins: every event through its print fmt; all CPUs merged by time).
# Writes OUT_DIR/cpuN.raw.gz (pages), cpuN.trace.gz (kernel), report.gz (trace-cmd), printk_formats, versions.txt.
set -euo pipefail
out=$1; shift
T=/sys/kernel/tracing
I=$T/instances/dioscope-fmt-$$
work=$(mktemp -d /tmp/dioscope-fmt.XXXXXX)
loops=()

cleanup() {
    set +e
    if [ -d "$I" ]; then echo 0 > "$I/tracing_on"; echo > "$I/set_event"; echo 0 > "$I/events/enable"; rmdir "$I"; fi
    for m in "$work"/mnt-*; do mountpoint -q "$m" && umount "$m"; done
    for l in "${loops[@]}"; do losetup -d "$l"; done
    rm -rf "$work"
}
trap cleanup EXIT

mkfs_loop() { # name mkfs-command...
    local name=$1; shift
    truncate -s 320M "$work/$name.img"
    local l; l=$(losetup -f --show "$work/$name.img"); loops+=("$l")
    "$@" "$l" > /dev/null
    mkdir "$work/mnt-$name"; mount "$l" "$work/mnt-$name"
}
mkfs_loop xfs mkfs.xfs -q -f
mkfs_loop ext4 mkfs.ext4 -q -F

mkdir "$I"
echo 0 > "$I/tracing_on"
echo "${BUFFER_KB:-1024}" > "$I/buffer_size_kb"
echo 0 > "$I/options/hash-ptr"       # %p as the address, not a hash
for e in "$@"; do
    if [ "$e" = all ]; then echo 1 > "$I/events/enable"; else echo "$e" >> "$I/set_event"; fi
done
echo 1 > "$I/tracing_on"
echo -n "capture start" > "$I/trace_marker"
for fs in xfs ext4; do
    d=$work/mnt-$fs
    xfs_io -f -c "pwrite -q 0 1m" -c fsync -c "pread -q 0 256k" "$d/f" 
    xfs_io -d -c "pwrite -q 0 64k" -c "pread -q 64k 64k" "$d/f" > /dev/null
    xfs_io -c "fpunch 128k 64k" -c "fzero 256k 64k" -c "fcollapse 512k 64k" -c "falloc 2m 64k" -c "truncate 100k" "$d/f" > /dev/null
    xfs_io -c "mmap -r 0 64k" -c "mread 0 64k" "$d/f" > /dev/null
done
ls -la / > /dev/null
echo -n "capture end" > "$I/trace_marker"
echo 0 > "$I/tracing_on"

mkdir -p "$out"
cpus=$(ls -d "$I"/per_cpu/cpu* | wc -l)
for ((n = 0; n < cpus; n++)); do
    cat "$I/per_cpu/cpu$n/trace" | gzip -9 -n > "$out/cpu$n.trace.gz"
done
cp $T/printk_formats "$out/printk_formats"
(cd "$work" && trace-cmd extract -B "${I##*/}" -o "$work/x.dat" > /dev/null 2>&1)
trace-cmd convert --file-version 6 --compression none -i "$work/x.dat" -o "$work/x6.dat" > /dev/null 2>&1
trace-cmd dump --flyrecord -i "$work/x6.dat" 2>/dev/null | awk '/offset, size of cpu/ && $1 ~ /^[0-9]+$/ {print $1, $2}' > "$work/fly"
[ "$(wc -l < "$work/fly")" = "$cpus" ] || { echo "trace-cmd dump found no page data for $cpus CPUs" >&2; exit 1; }
n=0
while read -r offset size; do
    dd if="$work/x6.dat" bs=4096 skip=$((offset / 4096)) count=$((size / 4096)) status=none | gzip -9 -n > "$out/cpu$n.raw.gz"
    n=$((n + 1))
done < "$work/fly"
trace-cmd report -N -i "$work/x6.dat" 2>/dev/null | gzip -9 -n > "$out/report.gz"
{ uname -r; (trace-cmd --version 2>&1 || true) | grep 'trace-cmd version'; dpkg -l | awk '/^ii/ && /libtraceevent/ {print $2, $3}'; } > "$out/versions.txt"
