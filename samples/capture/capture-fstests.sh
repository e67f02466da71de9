#!/bin/bash
# Traces the fstests (xfstests) helper programs of generic/095 208 209 240 247 418 451 465 647, each
# run the way its test runs it but scaled down, on XFS, ext4 and ext4 with 1 KiB blocks (a fresh
# mkfs of the same 512 MiB loop device before every run). Used once to make
# src/test/resources/fstests/; kept so anyone can redo it.
#
#   sudo XFSTESTS=DIR samples/capture/capture-fstests.sh OUTDIR [NNN...]
#
# DIR holds the helpers you built from your own xfstests checkout (fio, xfs_io, mkfs.xfs, mkfs.ext4
# come from the system): aio-dio-invalidate-failure aio-dio-invalidate-readahead aiodio_sparse2
# aio-dio-cycle-write aio-dio-append-write-read-race (these five may also sit in DIR/aio-dio-regress/),
# dio-invalidate-cache mmap-rw-fault min_dio_alignment. Nothing of xfstests is in this repository.
# FSES="xfs ext4 ext4-1k" picks the filesystems. For every run it writes
# OUTDIR/<fs>/generic-NNN.trace.gz and OUTDIR/<fs>/generic-NNN.truth (what ran, what was scaled,
# the helper's exit status and output, the ring buffer header, the kernel log lines of the run and
# the event counts). The scale knobs below can be overridden from the environment.
set -uo pipefail
OUT=${1:?usage: XFSTESTS=DIR capture-fstests.sh OUTDIR [NNN...]}
shift
: "${XFSTESTS:?set XFSTESTS to the directory holding the helpers built from your xfstests checkout}"
XFSTESTS=$(cd "$XFSTESTS" && pwd)
TESTS=${*:-095 208 209 240 247 418 451 465 647}
FSES=${FSES:-xfs ext4 ext4-1k}
BUFKB=${BUFKB:-131072}           # per CPU

# Scale (the real test's value in the comment)
SIZE_095=${SIZE_095:-256k}       # size=1m per job (9 jobs x numjobs=5, two files)
SECS_208=${SECS_208:-2}          # the helper's own alarm(200); we send it SIGALRM earlier
SECS_209=${SECS_209:-0.5}        # the helper stops itself after 30 s; we stop it with SIGTERM
LOOPS_247=${LOOPS_247:-32}       # loops=500 (1 MiB each)
LOOP1_418=${LOOP1_418:-2}        # 10 * LOAD_FACTOR runs of each case with -n 3 -i 1
LOOP2_418=${LOOP2_418:-1}        # 5 * LOAD_FACTOR runs of each case with -n 8 -i 4
TIMEOUT_451=${TIMEOUT_451:-1s}   # timeout -s TERM 30s
ALIGNS_465=${ALIGNS_465:-min}    # every power of two from min_dio_alignment to the page size ("all")

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
. "$(dirname "$0")/scratch-fs.sh" fstests
WORK=$(mktemp -d /tmp/dioscope-fstests-work.XXXX)
BGPIDS=""
ORIG_BUFKB=$(sed 's/.*expanded: \([0-9]*\).*/\1/; s/ .*//' $T/buffer_size_kb)
cleanup_extra() {
    [ -n "$BGPIDS" ] && kill $BGPIDS 2>/dev/null
    echo "$ORIG_BUFKB" > $T/buffer_size_kb
    rm -rf "$WORK"
}

helper() {   # path of a built helper
    local h
    for h in "$XFSTESTS/$1" "$XFSTESTS/aio-dio-regress/$1"; do
        [ -x "$h" ] && { echo "$h"; return 0; }
    done
    echo "capture-fstests: $1 not found in $XFSTESTS" >&2
    return 1
}
for h in aio-dio-invalidate-failure aio-dio-invalidate-readahead aiodio_sparse2 aio-dio-cycle-write \
         aio-dio-append-write-read-race dio-invalidate-cache mmap-rw-fault min_dio_alignment; do
    helper $h >/dev/null || exit 1
done
PAGESIZE=$(getconf PAGESIZE)     # what xfstests' src/feature -s prints
NCPU=$(getconf _NPROCESSORS_ONLN) # what xfstests' src/feature -o prints

EVENTS="iomap:iomap_dio_rw_begin iomap:iomap_dio_rw_queued iomap:iomap_dio_complete
 iomap:iomap_dio_invalidate_fail iomap:iomap_iter iomap:iomap_release_folio
 iomap:iomap_invalidate_folio filemap:mm_filemap_add_to_page_cache
 filemap:mm_filemap_delete_from_page_cache filemap:mm_filemap_fault filemap:mm_filemap_map_pages
 writeback:writeback_dirty_folio xfs:xfs_file_direct_write xfs:xfs_file_direct_read
 xfs:xfs_end_io_direct_write xfs:xfs_file_buffered_read xfs:xfs_file_buffered_write
 xfs:xfs_free_file_space ext4:ext4_punch_hole ext4:ext4_truncate_enter ext4:ext4_da_write_begin
 ext4:ext4_write_begin printk:console block:block_rq_issue block:block_rq_complete"

start_tracing() {
    echo 0 > $T/tracing_on
    echo nop > $T/current_tracer
    echo > $T/set_event
    for f in $T/events/*/*/filter $T/events/*/filter; do echo 0 > "$f" 2>/dev/null || true; done
    echo 1 > $T/options/irq-info
    echo $BUFKB > $T/buffer_size_kb
    for e in $EVENTS; do echo "$e" >> $T/set_event 2>/dev/null || true; done
    for e in mm_filemap_add_to_page_cache mm_filemap_delete_from_page_cache mm_filemap_fault mm_filemap_map_pages; do
        echo "s_dev == $DEVNUM" > $T/events/filemap/$e/filter 2>/dev/null || true
    done
    echo "dev == $DEVNUM" > $T/events/ext4/filter 2>/dev/null || true
    for e in block_rq_issue block_rq_complete; do
        echo "dev == $DEVNUM" > $T/events/block/$e/filter 2>/dev/null || true
    done
    # the loop device's bdi is named MAJOR:MINOR
    WB_FILTER="name == \"$(( DEVNUM >> 20 )):$(( DEVNUM & 0xfffff ))\""
    echo "$WB_FILTER" > $T/events/writeback/writeback_dirty_folio/filter 2>/dev/null || WB_FILTER=none
    echo > $T/trace
    echo 1 > $T/tracing_on
}

kmsg_seq() {   # sequence number of the newest kernel log record
    dd if=/dev/kmsg iflag=nonblock bs=65536 2>/dev/null | awk -F'[,;]' '/^[0-9]+,[0-9]+,/ { s = $2 } END { print s + 0 }'
}
kmsg_since() { # the kernel log records after sequence number $1, as "[seconds] text"
    dd if=/dev/kmsg iflag=nonblock bs=65536 2>/dev/null |
        awk -v from="$1" '/^[0-9]+,[0-9]+,/ { split($0, h, ";"); split(h[1], f, ",");
            if (f[2] + 0 > from + 0) { printf "[%12.6f] %s\n", f[3] / 1e6, substr($0, length(h[1]) + 2) } }'
}

mark() { echo "$*" > $T/trace_marker; }
truth() { printf '%s\n' "$*" >> "$TRUTH"; }

quoted() {   # the arguments as a shell command line
    local a line=""
    for a in "$@"; do
        if [[ $a =~ ^[A-Za-z0-9_/.,:=+%@-]+$ ]]; then line="$line $a"; else line="$line \"$a\""; fi
    done
    echo "${line# }"
}

# run LABEL CMD...: runs CMD with stdout and stderr into the truth file
run() {
    local label=$1; shift
    truth "command[$label]=$(quoted "$@")"
    "$@" > "$WORK/$label.out" 2>&1
    local st=$?
    truth "exit[$label]=$st"
    sed "s/^/output[$label]: /" "$WORK/$label.out" >> "$TRUTH"
    cat "$WORK/$label.out" >> "$WORK/all.out"
    return $st
}

# ---- the tests ---------------------------------------------------------------------------------

t095() {   # fio: 9 jobs x 5 (sync/libaio/posixaio/splice/mmap, direct and buffered) on two 1 MiB files
    local blksz; blksz=$($(helper min_dio_alignment) "$MNT" "$LOOP")
    truth "min_dio_alignment=$blksz"
    truth "scaled=fio size=$SIZE_095 per job instead of size=1m (LOAD_FACTOR=1: iodepth=16 iodepth_batch=8 numjobs=5 as in the test)"
    cat > "$WORK/095.fio" <<EOF
[global]
bs=8k
iodepth=16
iodepth_batch=8
randrepeat=1
size=$SIZE_095
directory=$MNT
numjobs=5
[job1]
ioengine=sync
bs=$blksz
direct=1
rw=randread
filename=file1:file2
[job2]
ioengine=libaio
rw=randwrite
direct=1
filename=file1:file2
[job3]
bs=$blksz
ioengine=posixaio
rw=randwrite
direct=1
filename=file1:file2
[job4]
ioengine=splice
direct=1
rw=randwrite
filename=file1:file2
[job5]
bs=1k
ioengine=sync
rw=randread
filename=file1:file2
[job6]
ioengine=posixaio
rw=randwrite
filename=file1:file2
[job7]
ioengine=splice
rw=randwrite
filename=file1:file2
[job8]
ioengine=mmap
rw=randwrite
bs=1k
filename=file1:file2
[job9]
ioengine=mmap
rw=randwrite
direct=1
filename=file1:file2
EOF
    echo 'bs=$pagesize' >> "$WORK/095.fio"
    sed 's/^/fio-job-file: /' "$WORK/095.fio" >> "$TRUTH"
    mark "scenario generic-095 start"
    run fio fio "$WORK/095.fio" --ignore_error=,EIO --output="$WORK/fio-out.txt"
    local st=$?
    sed 's/^/fio-output: /' "$WORK/fio-out.txt" >> "$TRUTH"
    truth "command[umount]=umount $MNT (the test's _scratch_unmount)"
    umount "$MNT"; truth "exit[umount]=$?"
    mark "scenario generic-095 end"
    VERDICT="fio exit $st (test passes when fio exits 0 and _check_dmesg finds nothing)"
}

t208() {   # one process loops 32 MiB AIO O_DIRECT writes at 0, another 32 MiB buffered pwrites at 0
    local f=$MNT/aio-testfile
    truth "scaled=the helper's own alarm(200) replaced by SIGALRM after ${SECS_208}s (timeout --foreground --preserve-status -s ALRM): the helper takes its own timeout path and prints its hard-coded 'ran for 200 seconds' line"
    mark "scenario generic-208 start"
    rm -f "$f"
    run helper timeout --foreground --preserve-status -s ALRM "${SECS_208}s" "$(helper aio-dio-invalidate-failure)" "$f"
    local st=$?
    rm -f "$f"
    mark "scenario generic-208 end"
    VERDICT="helper exit $st, output: $(tr '\n' ' ' < "$WORK/helper.out")(golden: 'ran for 200 seconds without error, passing')"
}

t209() {   # a thread rewrites an 8 MiB file with 4 KiB O_DIRECT pwrites, another pread()s behind it looking for stale bytes
    local f=$MNT/aio-testfile
    truth "scaled=the helper stops itself after 30 s; stopped here by SIGTERM after ${SECS_209}s (timeout -s TERM): exit 124 with no output means no stale data was found in that time (the helper prints and exits 1 on the first stale byte)"
    mark "scenario generic-209 start"
    rm -f "$f"
    run helper timeout -s TERM "${SECS_209}s" "$(helper aio-dio-invalidate-readahead)" "$f"
    local st=$?
    rm -f "$f"
    mark "scenario generic-209 end"
    if [ $st -eq 124 ] && [ ! -s "$WORK/helper.out" ]; then
        VERDICT="no stale data found in ${SECS_209}s (stopped by SIGTERM, exit 124, no output)"
    else
        VERDICT="helper exit $st, output: $(tr '\n' ' ' < "$WORK/helper.out")"
    fi
}

t240() {   # aiodio_sparse2: AIO O_DIRECT writes into holes of a sparse file while a child reads it
    local f=$MNT/aiodio_sparse lbs fbs
    lbs=$($(helper min_dio_alignment) "$MNT" "$LOOP")
    fbs=$(stat -f -c %S "$MNT")
    truth "min_dio_alignment=$lbs"; truth "fs_block_size=$fbs"
    truth "scaled=nothing (the test is already small)"
    if [ "$fbs" -le "$lbs" ]; then
        truth "notrun=fs block size $fbs not larger than the device block size $lbs"
        VERDICT="not run (the test would _notrun)"; return
    fi
    mark "scenario generic-240 start"
    rm -f "$f"
    run helper "$(helper aiodio_sparse2)" -i 2 -w $fbs -s $((8 * fbs)) -n $fbs -o $lbs "$f"
    local st=$?
    mark "scenario generic-240 end"
    VERDICT="helper exit $st, output: '$(tr '\n' ' ' < "$WORK/helper.out")' (passes with exit 0 and no output)"
}

t247() {   # dd oflag=direct over a file while xfs_io mmap-writes it 1 MiB at a time from the end
    local f=$MNT/247 loops=$LOOPS_247 iosize=1048576 i st fails=0
    truth "scaled=loops=$loops instead of 500 (file of $loops MiB, the same 1 MiB I/O size)"
    mark "scenario generic-247 start"
    rm -f "$f"
    run dd1 dd if=/dev/zero of="$f" bs=$iosize count=$loops
    run syncfs xfs_io -rxc syncfs "$MNT"
    truth "command[dd-direct]=dd if=/dev/zero of=$f oflag=direct bs=$iosize count=$loops conv=notrunc & (background)"
    dd if=/dev/zero of="$f" oflag=direct bs=$iosize count=$loops conv=notrunc > "$WORK/dd2.out" 2>&1 &
    local ddpid=$!; BGPIDS="$ddpid"
    for i in $(seq $((loops - 1)) -1 0); do
        run mwrite-$i xfs_io -f -c "mmap -w $((i * iosize)) $iosize" -c "mwrite $((i * iosize)) $iosize" "$f" || fails=$((fails + 1))
    done
    wait $ddpid; st=$?; BGPIDS=""
    truth "exit[dd-direct]=$st"; sed 's/^/output[dd-direct]: /' "$WORK/dd2.out" >> "$TRUTH"
    truth "command[umount]=umount $MNT (the test's _test_unmount)"
    umount "$MNT"; truth "exit[umount]=$?"
    mark "scenario generic-247 end"
    VERDICT="dd direct exit $st, $fails of $loops xfs_io mwrite runs failed (passes when all exit 0 and _check_dmesg finds nothing)"
}

t418() {   # dio-invalidate-cache: N children each write then read back their own block, direct/buffered mixes
    local f=$MNT/418-diotest sectorsize tc i runs=0 fails=0
    local cases="-w -wt -wp -wF -r -rt -rp -rF -rw -rwt -rwp -rwF"
    sectorsize=$($(helper min_dio_alignment) "$MNT" "$LOOP")
    truth "min_dio_alignment=$sectorsize"; truth "pagesize=$PAGESIZE"
    truth "scaled=each of the 12 cases run $LOOP1_418 time(s) with -n 3 -i 1 (test: 10) and $LOOP2_418 time(s) with -n 8 -i 4 (test: 5), for every sector size from min_dio_alignment to 2 x page size as in the test"
    mark "scenario generic-418 start"
    runtest() {
        local loop=$1; shift
        for tc in $cases; do
            i=0
            while [ $i -lt $loop ]; do
                runs=$((runs + 1))
                if ! run diotest-$runs "$(helper dio-invalidate-cache)" $tc "$@" -f "$f"; then
                    fails=$((fails + 1)); truth "diotest $tc $* failed at loop $i"; break
                fi
                i=$((i + 1))
            done
        done
    }
    while [ $sectorsize -le $((PAGESIZE * 2)) ]; do
        mark "generic-418 -b $sectorsize"
        runtest $LOOP1_418 -b $sectorsize -n 3 -i 1
        runtest $LOOP2_418 -b $sectorsize -n 8 -i 4
        sectorsize=$((sectorsize * 2))
    done
    mark "scenario generic-418 end"
    VERDICT="$fails of $runs dio-invalidate-cache runs failed"
}

t451() {   # AIO O_DIRECT rewrites of a 640 KiB file, each checked by a buffered and a direct read, while xfs_io preads it in loops
    local f=$MNT/tst-aio-dio-cycle-write.451 fsize=655360 loops i st readers=""
    loops=$((NCPU / 2)); [ $loops -lt 2 ] && loops=2; [ $loops -gt 20 ] && loops=20
    truth "nr_cpu=$NCPU reader_loops=$loops"
    truth "scaled=timeout -s TERM $TIMEOUT_451 instead of 30s around the helper (same -c 999999 -b $fsize)"
    mark "scenario generic-451 start"
    touch "$WORK/keep_reading"
    for ((i = 0; i < loops; i++)); do
        truth "command[reader-$i]=while [ -e keep_reading ]; do xfs_io -f -c \"pread 0 $fsize\" $f >/dev/null 2>&1; done & (background)"
        ( while [ -e "$WORK/keep_reading" ]; do xfs_io -f -c "pread 0 $fsize" "$f" > /dev/null 2>&1; done ) &
        readers="$readers $!"
    done
    BGPIDS=$readers
    truth "command[helper]=timeout -s TERM $TIMEOUT_451 $(helper aio-dio-cycle-write) -c 999999 -b $fsize $f >/dev/null (stderr kept)"
    timeout -s TERM $TIMEOUT_451 "$(helper aio-dio-cycle-write)" -c 999999 -b $fsize "$f" > /dev/null 2> "$WORK/helper.out"
    st=$?
    truth "exit[helper]=$st"; sed 's/^/stderr[helper]: /' "$WORK/helper.out" >> "$TRUTH"
    rm -f "$WORK/keep_reading"
    wait $readers; BGPIDS=""
    mark "scenario generic-451 end"
    if [ -s "$WORK/helper.out" ]; then
        VERDICT="FAILED: the helper printed to stderr (stale data or error), exit $st"
    else
        VERDICT="passed: nothing on stderr (the test's criterion), exit $st ($([ $st -eq 124 ] && echo stopped by the timeout))"
    fi
}

t465() {   # 128 x 1 MiB appending O_DIRECT writes, each raced by an O_DIRECT read of the block being appended
    local f=$MNT/465.$$ align min runs=0 fails=0 aligns
    min=$($(helper min_dio_alignment) "$MNT" "$LOOP")
    truth "min_dio_alignment=$min"; truth "pagesize=$PAGESIZE"
    aligns=""; align=$min
    while [ $align -le $PAGESIZE ]; do aligns="$aligns $align"; align=$((align * 2)); done
    if [ "$ALIGNS_465" = all ]; then
        truth "scaled=nothing"
    else
        local want=$ALIGNS_465
        [ "$want" = min ] && want=$min
        truth "scaled=each loop (non-aio, then aio) run for the buffer alignment(s) $want only instead of the test's$aligns (the helper's 128 x 1 MiB appends are fixed; its reader spins on O_DIRECT preads at EOF, up to 300k events per run; the test's four 128 MiB files also overflow this 512 MiB device: ENOSPC)"
        aligns=$want
    fi
    mark "scenario generic-465 start"
    mark "generic-465 non-aio dio test"
    for align in $aligns; do
        runs=$((runs + 1))
        if ! run non-aio-$align "$(helper aio-dio-append-write-read-race)" -a $align -d "$f.$align" ||
           [ -s "$WORK/non-aio-$align.out" ]; then fails=$((fails + 1)); fi
    done
    mark "generic-465 aio-dio test"
    for align in $aligns; do
        runs=$((runs + 1))
        if ! run aio-$align "$(helper aio-dio-append-write-read-race)" -a $align "$f.$align" ||
           [ -s "$WORK/aio-$align.out" ]; then fails=$((fails + 1)); fi
    done
    rm -f "$f".*
    mark "scenario generic-465 end"
    VERDICT="$fails failures (non-zero exit or any output) in $runs runs"
}

t647() {   # mmap-rw-fault: pread/pwrite (buffered and O_DIRECT) into a mapping of the same file
    local f=$MNT/mmap-rw-fault.tmp
    truth "scaled=nothing (the test is already small)"
    mark "scenario generic-647 start"
    run helper "$(helper mmap-rw-fault)" "$f"
    local st=$?
    rm -f "$f"
    mark "scenario generic-647 end"
    VERDICT="helper exit $st, output: '$(tr '\n' ' ' < "$WORK/helper.out")' (passes with exit 0 and no output)"
}

# ---- one run -----------------------------------------------------------------------------------

capture() {   # capture FS NNN
    local fs=$1 t=$2 mkfs trace seq header
    case $fs in
        xfs) mkfs="mkfs.xfs -f $LOOP"; FSTYPE=xfs ;;
        ext4) mkfs="mkfs.ext4 -F $LOOP"; FSTYPE=ext4 ;;
        ext4-1k) mkfs="mkfs.ext4 -F -b 1024 $LOOP"; FSTYPE=ext4 ;;
        *) echo "unknown fs $fs" >&2; return 1 ;;
    esac
    mkdir -p "$OUT/$fs"
    TRUTH=$OUT/$fs/generic-$t.truth
    trace=$OUT/$fs/generic-$t.trace
    : > "$TRUTH"; : > "$WORK/all.out"
    umount "$MNT" 2>/dev/null
    $mkfs > "$WORK/mkfs.out" 2>&1 || { cat "$WORK/mkfs.out" >&2; return 1; }
    mount "$LOOP" "$MNT" || return 1
    truth "test=generic/$t"
    truth "fs=$fs"
    truth "mkfs=$mkfs"
    truth "mount=mount $LOOP $MNT ($(findmnt -n -o FSTYPE,OPTIONS "$MNT"))"
    truth "device=$LOOP (512 MiB loop device on a sparse file) dev=$DEVNUM"
    truth "kernel=$(uname -r)"
    truth "machine=$(uname -m), $(getconf _NPROCESSORS_ONLN) CPUs, page size $PAGESIZE"
    truth "xfstests_helpers=$XFSTESTS"
    truth "fio=$(fio --version 2>/dev/null) xfs_io=$(xfs_io -V 2>/dev/null)"
    sed 's/^/mkfs-output: /' "$WORK/mkfs.out" >> "$TRUTH"
    seq=$(kmsg_seq)
    start_tracing
    truth "tracing=irq-info on, buffer_size_kb=$BUFKB, events: $(echo $EVENTS)"
    truth "filters=filemap s_dev == $DEVNUM; ext4 dev == $DEVNUM; block dev == $DEVNUM; writeback_dirty_folio $WB_FILTER"
    VERDICT=""
    t$t
    echo 0 > $T/tracing_on
    sleep 1   # let the console catch up before reading the kernel log
    cat $T/trace > "$trace"
    echo > $T/set_event
    kmsg_since "$seq" > "$WORK/kmsg"
    umount "$MNT" 2>/dev/null
    truth "verification=$VERDICT"
    header=$(grep -m1 'entries-in-buffer/entries-written' "$trace")
    truth "ring_buffer=${header#\# }"
    truth "lost_lines=$(grep -c 'LOST' "$trace")"
    local a b; a=$(sed -n 's/.*entries-written: \([0-9]*\)\/\([0-9]*\).*/\1/p' <<< "$header")
    b=$(sed -n 's/.*entries-written: \([0-9]*\)\/\([0-9]*\).*/\2/p' <<< "$header")
    if [ "$a" = "$b" ] && ! grep -q LOST "$trace"; then truth "complete=yes"; else truth "complete=NO (overrun: scale down)"; fi
    truth "kernel_log_lines=$(wc -l < "$WORK/kmsg")"
    truth "kernel_log_invalidation_failure=$(grep -c 'Page cache invalidation failure on direct I/O' "$WORK/kmsg")"
    truth "kernel_log_dio_collision=$(grep -c 'Direct I/O collision with buffered writes' "$WORK/kmsg")"
    truth "kernel_log_check_dmesg_hits=$(grep -E -c -e 'kernel BUG at' -e 'WARNING:' -e '\bBUG:' -e 'Oops:' -e 'general protection fault:' -e 'oom-kill' -e 'UBSAN:' "$WORK/kmsg")"
    sed 's/^/kernel-log: /' "$WORK/kmsg" >> "$TRUTH"
    truth "trace_lines=$(wc -l < "$trace")"
    awk '!/^#/ { for (i = 1; i < NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) { n[substr($(i + 1), 1, length($(i + 1)) - 1)]++; break } }
         END { for (e in n) printf "events[%s]=%d\n", e, n[e] }' "$trace" | sort >> "$TRUTH"
    gzip -9f "$trace"
    truth "trace_gz_bytes=$(stat -c %s "$trace.gz")"
    echo "$fs generic/$t: $VERDICT; ${header#\# }; $(stat -c %s "$trace.gz") bytes gz"
}

for fs in $FSES; do
    for t in $TESTS; do
        capture "$fs" "$t"
    done
done
