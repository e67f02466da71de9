#!/bin/bash
# Records real trace-cmd trace.dat files (with `trace-cmd record`, not from tracefs text) of the
# corpus scenarios, for the tests of dioscope's trace.dat reader, on the machine it runs on (root,
# tracefs, loop devices, trace-cmd, gcc, libaio, fio, xfsprogs, e2fsprogs, perl). Used once to make
# src/test/resources/trace-cmd/; kept so anyone can redo it.
#
#   sudo samples/capture/capture-trace-cmd.sh OUTDIR
#   sudo ONLY="read-disjoint ext4-punch-overlap" samples/capture/capture-trace-cmd.sh OUTDIR
#
# ONLY="WORD..." makes only the recordings its words name and skips the others: a scenario (below;
# both filesystems) or FS-SCENARIO (one), `variants` (the v6 / v7-none / v6-converted files),
# `instance`, `lost`, `mono`, `zlib`. Then capture.log is appended to (not started afresh) and
# uname.txt is left as it is. `variants` and `zlib` convert OUTDIR/xfs-dio-overlap.v7-zstd.dat when
# this run did not record it.
#
# For every recording it writes OUTDIR/NAME.dat and OUTDIR/NAME.report.gz (`trace-cmd report -t`,
# gzip -9), and appends to OUTDIR/capture.log the exact `trace-cmd record` command line, the
# workload's own output, `trace-cmd dump --summary`, `trace-cmd report --stat` and a rough count of
# what the report shows (direct-write windows, page-cache events inside them). A .dat bigger than
# 1 MiB that is not compressed inside (v6, v7 --compression none) is gzip -9'd (NAME.dat.gz).
# A recording whose report does not show what its scenario is for (the races depend on timing) is
# made again, up to 5 times; capture.log keeps the rejected attempts too.
#
#  {xfs,ext4}-{read-overlap,dio-overlap,mmap-overlap,clean,read-disjoint,punch-overlap}.v7-zstd.dat
#        the corpus scenarios (../shared/corpus/README.md), run by the C program below: 64 async
#        (libaio) O_DIRECT writes of 64 KiB to a 4 MiB file, on a fresh filesystem each time
#  xfs-dio-overlap.{v6,v7-none}.dat   the same scenario recorded with --file-version 6 and with
#        --compression none; xfs-dio-overlap.v6-converted.dat is `trace-cmd convert --file-version 6`
#        of xfs-dio-overlap.v7-zstd.dat. --compression zlib is tried and logged (this build of
#        trace-cmd may only have zstd: `trace-cmd list -c`)
#  xfs-read-overlap.instance.v7-zstd.dat   a second buffer: -B dioscope-inst with its own events;
#        NAME.dioscope-inst.report.gz is the instance's lines of the report (trace-cmd 3.1.6 has no
#        option to report one buffer: it prints every buffer, each line led by the buffer's name)
#  xfs-fio-lost.v7-zstd.dat   -b 4 (asks for 4 KiB per CPU; 6.18 makes it 7) under 30 ms of a busy
#        fio job (libaio O_DIRECT random 4 KiB writes, depth 8, and buffered random 4 KiB reads of the
#        same file): the ring buffer overruns between reads, so the report has
#        "CPU:N [n EVENTS DROPPED]" lines
#  xfs-dio-overlap.mono.v7-zstd.dat   -C mono (CLOCK_MONOTONIC timestamps instead of "local")
#
# On the 6.18 host this was made on, /proc/sys/kernel/ftrace_enabled, set_ftrace_pid and
# set_ftrace_filter are not writable (the function tracer is blocked). So every recording needs
#   -d           without it trace-cmd dies at once: "Can't enable ftrace"
#   --no-filter  without it the forked command crashes reading set_ftrace_pid (SIGSEGV) and the
#                recording is empty; with it trace-cmd's own threads are not filtered out, so the
#                output goes to a tmpfs (/dev/shm), whose writes trace no writeback_dirty_folio
# and trace-cmd record (and trace-cmd reset) still exit 1 at the very end, after the file is
# complete, failing to clear set_ftrace_filter; that skips its removal of instances, so this
# script removes the instance, restores the buffer size, clock and tracing_on it found, and
# checks that tracing is left as it was.
set -euo pipefail
OUT=${1:?usage: capture-trace-cmd.sh OUTDIR}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
SCENARIOS="read-overlap dio-overlap mmap-overlap clean read-disjoint punch-overlap"
ONLY=${ONLY:-}
VALID="variants instance lost mono zlib"
for sc in $SCENARIOS; do VALID+=" $sc xfs-$sc ext4-$sc"; done
for w in $ONLY; do
    [[ " $VALID " == *" $w "* ]] || { echo "ONLY: no recording is called $w (known: $VALID)" >&2; exit 2; }
done
want() {   # want WORD...: whether ONLY is empty or names one of the words
    local w
    [ -z "$ONLY" ] && return 0
    for w in "$@"; do [[ " $ONLY " == *" $w "* ]] && return 0; done
    return 1
}
T=/sys/kernel/tracing
[ -e $T/trace ] || mount -t tracefs nodev $T
INST=dioscope-inst
if [ -n "$(cat $T/set_event)" ] || [ "$(cat $T/current_tracer)" != nop ] || [ -e $T/instances/$INST ]; then
    echo "tracing is in use (set_event, current_tracer or instances/$INST): not touching it" >&2
    exit 1
fi
tracing_state() {
    for f in tracing_on current_tracer buffer_size_kb trace_clock set_event set_event_pid tracing_cpumask; do
        printf '%s: %s\n' "$f" "$(tr '\n' ' ' < $T/$f)"
    done
    echo "instances: $(ls $T/instances | tr '\n' ' ')"
    echo "options on: $(grep -l '^1' $T/options/* | xargs -n1 basename | tr '\n' ' ')"
    echo "events enabled: $(grep -l '^1' $T/events/*/*/enable | wc -l)"
    echo "event filters set: $(grep -L '^none' $T/events/*/*/filter | wc -l)"
}
STATE0=$(tracing_state)
ON0=$(cat $T/tracing_on)
BUFKB0=$(cat $T/buffer_size_kb)
CLOCK0=$(sed 's/.*\[\(.*\)\].*/\1/' $T/trace_clock)
WORK=$(mktemp -d /dev/shm/dioscope-trace-cmd.XXXX)
restore_tracing() {
    echo 0 > $T/tracing_on
    if [ -d $T/instances/$INST ]; then rmdir $T/instances/$INST; fi
    echo "$BUFKB0" > $T/buffer_size_kb
    echo "$CLOCK0" > $T/trace_clock
}
cleanup_extra() {
    trace-cmd reset > /dev/null 2>&1 || true      # exits 1 on set_ftrace_filter, see above
    restore_tracing || true
    echo "$ON0" > $T/tracing_on
    rm -rf "$WORK"
    if [ "$(tracing_state)" != "$STATE0" ]; then
        echo "WARNING: tracing is not as it was:" >&2
        diff <(echo "$STATE0") <(tracing_state) >&2 || true
    else
        echo "tracing left as it was found"
    fi
}
. "$(dirname "$0")/scratch-fs.sh" trace-cmd
# trace-cmd stops on SIGINT and exits normally, so bash would go on with the next recording
trap 'exit 130' INT TERM
MAJMIN=$(( DEVNUM >> 20 )):$(( DEVNUM & 0xfffff ))
LOG=$OUT/capture.log
if [ -z "$ONLY" ]; then
    : > "$LOG"
else
    { echo; echo "=== ONLY=\"$ONLY\": a later run of this script, appended to the log"; } >> "$LOG"
fi
{ echo "uname -r: $(uname -r)"; echo "trace-cmd --version: $(trace-cmd --version 2>&1 | grep -m1 version)"
  echo "compression algorithms (trace-cmd list -c): $(trace-cmd list -c 2>&1 | tr '\n\t' '  ')"
  echo "scratch device: $LOOP ($MAJMIN, dev_t $DEVNUM)"; echo "tracing before:"; echo "$STATE0"; } >> "$LOG"

# The workload: the corpus scenarios as one program (the corpus's own program is not available)
PROG=$WORK/dioscope-wl
cat > "$PROG.c" <<'EOF'
/* The corpus scenarios (../shared/corpus/README.md), as one program.
 *   PROG clean|read-overlap|read-disjoint|mmap-overlap|dio-overlap|punch-overlap FILE [TRACEFS]
 * FILE must already hold 4 MiB. Every scenario does 64 async (libaio) O_DIRECT writes of 64 KiB:
 *   clean          at distinct offsets (0, 64 KiB, ... 4 MiB - 64 KiB), queue depth 4
 *   read-overlap   to [0, 64 KiB) one at a time, while a thread does buffered pread of [0, 64 KiB)
 *                  followed by POSIX_FADV_DONTNEED, in a loop
 *   read-disjoint  as read-overlap, but the thread reads [2 MiB, 2 MiB + 64 KiB), far from the
 *                  written range (the negative control)
 *   mmap-overlap   to [0, 64 KiB) one at a time, while a thread stores into every page of a shared
 *                  mmap of [0, 64 KiB) and calls msync(MS_ASYNC), in a loop
 *   dio-overlap    all at offset 0, queue depth 4
 *   punch-overlap  all at offset 0, queue depth 2, while a thread punches a hole over [0, 64 KiB)
 *                  (fallocate PUNCH_HOLE|KEEP_SIZE), in a loop
 * The helper thread sleeps PACE_US microseconds between rounds (default: 0 for the readers; 300 for
 * the mmap writer, which otherwise makes nearly every direct write fail its invalidation; 20 for the
 * puncher, which otherwise punches the already empty hole 10000 times and more in bursts of a few
 * microseconds each, burying the 64 writes).
 * With TRACEFS, "scenario NAME start|end" is written to its trace_marker around the run. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <libaio.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define N 64
#define LEN 65536

static int fd, dfd;
static atomic_int stop;
static long pace = -1, rounds;
static off_t roff;                              /* where the reader reads */
static const char *tfs, *name;

static void mark(const char *what)
{
    char p[256], s[128];
    if (!tfs) return;
    snprintf(p, sizeof p, "%s/trace_marker", tfs);
    int t = open(p, O_WRONLY);
    if (t < 0) { perror(p); exit(1); }
    int n = snprintf(s, sizeof s, "scenario %s %s", name, what);
    if (write(t, s, n) != n) { perror(p); exit(1); }
    close(t);
}

static void *reader(void *a)
{
    char *buf = malloc(LEN);
    while (!stop) {
        if (pread(fd, buf, LEN, roff) != LEN) { perror("pread"); exit(1); }
        posix_fadvise(fd, roff, LEN, POSIX_FADV_DONTNEED);
        rounds++;
        if (pace) usleep(pace);
    }
    free(buf);
    return NULL;
}

static void *mapper(void *a)
{
    char *map = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) { perror("mmap"); exit(1); }
    while (!stop) {
        for (int i = 0; i < LEN; i += 4096) map[i + (rounds & 63)] ^= 1;
        msync(map, LEN, MS_ASYNC);
        rounds++;
        if (pace) usleep(pace);
    }
    munmap(map, LEN);
    return NULL;
}

static void *puncher(void *a)
{
    while (!stop) {
        if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, LEN)) { perror("fallocate"); exit(1); }
        rounds++;
        if (pace) usleep(pace);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s clean|read-overlap|read-disjoint|mmap-overlap|dio-overlap|punch-overlap FILE [TRACEFS]\n",
                argv[0]);
        return 2;
    }
    name = argv[1];
    tfs = argc > 3 ? argv[3] : NULL;
    if (getenv("PACE_US")) pace = atol(getenv("PACE_US"));
    int depth = 1, distinct = 0;
    void *(*helper)(void *) = NULL;
    if (!strcmp(name, "clean")) depth = 4, distinct = 1;
    else if (!strcmp(name, "read-overlap")) helper = reader;
    else if (!strcmp(name, "read-disjoint")) helper = reader, roff = 2 << 20;
    else if (!strcmp(name, "mmap-overlap")) helper = mapper;
    else if (!strcmp(name, "dio-overlap")) depth = 4;
    else if (!strcmp(name, "punch-overlap")) depth = 2, helper = puncher;
    else { fprintf(stderr, "unknown scenario %s\n", name); return 2; }
    if (pace < 0) pace = helper == mapper ? 300 : helper == puncher ? 20 : 0;

    fd = open(argv[2], O_RDWR);
    dfd = open(argv[2], O_RDWR | O_DIRECT);
    if (fd < 0 || dfd < 0) { perror(argv[2]); return 1; }
    char *buf;
    if (posix_memalign((void **)&buf, 4096, (size_t)LEN * depth)) return 1;
    io_context_t ctx = 0;
    if (io_setup(depth, &ctx)) { perror("io_setup"); return 1; }

    mark("start");
    pthread_t th;
    if (helper && pthread_create(&th, NULL, helper, NULL)) return 1;
    if (helper) usleep(2000);                   /* let the helper get going */
    int submitted = 0, done = 0, inflight = 0, bad = 0;
    struct iocb cb[4], *cbp;
    struct io_event ev[4];
    while (done < N) {
        while (inflight < depth && submitted < N) {
            /* a never-used iocb, or one whose completion has been reaped */
            int slot = submitted < depth ? submitted : -1;
            for (int i = 0; slot < 0 && i < depth; i++)
                if (cb[i].data == NULL) slot = i;
            char *b = buf + (size_t)slot * LEN;
            memset(b, 'a' + submitted % 26, LEN);
            io_prep_pwrite(&cb[slot], dfd, b, LEN, distinct ? (long long)submitted * LEN : 0);
            cb[slot].data = &cb[slot];
            cbp = &cb[slot];
            int r = io_submit(ctx, 1, &cbp);
            if (r != 1) { fprintf(stderr, "io_submit: %s\n", strerror(-r)); return 1; }
            submitted++, inflight++;
        }
        int k = io_getevents(ctx, 1, inflight, ev, NULL);
        if (k < 0) { fprintf(stderr, "io_getevents: %s\n", strerror(-k)); return 1; }
        for (int j = 0; j < k; j++) {
            if ((long)ev[j].res != LEN) bad++, fprintf(stderr, "write: res %ld\n", (long)ev[j].res);
            ev[j].obj->data = NULL;
        }
        done += k, inflight -= k;
    }
    stop = 1;
    if (helper) pthread_join(th, NULL);
    mark("end");
    printf("%s: %d direct writes of %d bytes (%d short or failed), queue depth %d, %s; %ld %s rounds%s, pace %ld us\n",
           name, N, LEN, bad, depth, distinct ? "distinct offsets" : "all at offset 0", rounds,
           helper == reader ? "pread+fadvise" : helper == mapper ? "mmap store+msync" :
           helper == puncher ? "fallocate punch-hole" : "helper", roff ? " at 2 MiB" : "", pace);
    io_destroy(ctx);
    return 0;
}
EOF
gcc -O2 -Wall -o "$PROG" "$PROG.c" -laio -lpthread

# The events of the other capture scripts; filemap and ext4 only on the scratch device
EVENTS=()
for e in iomap:iomap_dio_rw_begin iomap:iomap_dio_rw_queued iomap:iomap_dio_complete \
         iomap:iomap_dio_invalidate_fail iomap:iomap_iter iomap:iomap_release_folio \
         iomap:iomap_invalidate_folio iomap:iomap_readahead iomap:iomap_readpage \
         writeback:writeback_dirty_folio \
         xfs:xfs_file_direct_read xfs:xfs_file_direct_write xfs:xfs_file_buffered_read \
         xfs:xfs_file_buffered_write xfs:xfs_end_io_direct_write xfs:xfs_free_file_space printk:console; do
    EVENTS+=(-e "$e")
done
for e in mm_filemap_add_to_page_cache mm_filemap_delete_from_page_cache mm_filemap_fault \
         mm_filemap_map_pages mm_filemap_get_pages; do
    EVENTS+=(-e "filemap:$e" -f "s_dev == $DEVNUM")
done
for e in ext4_punch_hole ext4_fallocate_enter ext4_truncate_enter; do
    EVENTS+=(-e "ext4:$e" -f "dev == $DEVNUM")
done
# the instance: the direct-write windows and the page-cache fills only
INST_EVENTS=(-e iomap:iomap_dio_rw_begin -e iomap:iomap_dio_complete -e xfs:xfs_file_direct_write
             -e filemap:mm_filemap_add_to_page_cache -f "s_dev == $DEVNUM")

fresh_fs() {   # fresh_fs xfs|ext4: a new filesystem with a 4 MiB file, written and flushed
    umount "$MNT" 2>/dev/null || true
    if [ "$1" = xfs ]; then mkfs.xfs -q -f "$LOOP"; else mkfs.ext4 -q -F "$LOOP"; fi
    mount "$LOOP" "$MNT"
    xfs_io -f -c "pwrite -q 0 4m" -c fsync -c "fadvise -d 0 4m" "$MNT/f"
    sync -f "$MNT"
}

# A rough reading of a report (only a sanity check, not dioscope's analysis): direct-write windows
# on the scratch device, from an iomap_dio_rw_begin with WRITE to the iomap_dio_complete with WRITE
# or the iomap_dio_invalidate_fail that ends it (oldest open window of the inode first), the most
# open at once, how many windows saw a page-cache event of their inode (a page added, a fault, a
# fault-around, a folio dirtied), and the drop markers; then how many windows saw such events inside
# their own byte range (pages of 4 KiB; a fill's folio is 4 KiB << order), and the space operations
# on the scratch device (xfs_free_file_space, whole file; ext4_punch_hole, its range): how many, how
# many while a direct write of their inode and range was in flight (ended by its complete, which the
# kernel traces a little after it lets a waiting punch go), and how many came after the first direct
# write began and before the last one ended. summarize [BUFFER] < REPORT reads the lines of that
# buffer instance only (default: the top buffer's).
summarize() {
    perl -ne '
        BEGIN { $dev = shift @ARGV; $buf = shift @ARGV; ($cdev = $dev) =~ tr/:/,/; }
        if (/\[(\d+ )?EVENTS DROPPED\]/) { $drop++; $dropn += $1 if $1; next; }
        if ($buf ne "") { next unless s/^\Q$buf\E:\s+//; } else { next if /^[^\s:]+:\s/; }
        next unless /\[\d+\]\s+[\d.]+: (\w+):\s+(.*)$/;
        ($ev, $f) = ($1, $2); $n++; $count{$ev}++;
        $i = undef;
        if ($ev =~ /^iomap_dio_(rw_begin|complete|invalidate_fail)$/ && $f =~ /^dev \Q$dev\E ino 0x([0-9a-f]+) /) {
            $i = hex $1;
            if ($ev eq "iomap_dio_rw_begin") {
                next unless $f =~ /flags \S*WRITE/;
                $win++; push @{$open{$i}}, $win;
                $max = @{$open{$i}} if @{$open{$i}} > $max;
                ($wpos{$win}, $wend{$win}) = (hex $1, hex($1) + hex $2) if $f =~ / offset 0x([0-9a-f]+) length 0x([0-9a-f]+) /;
            } elsif ($ev eq "iomap_dio_complete" && $f !~ /flags \S*WRITE/) {
                next;
            } else {
                $ev eq "iomap_dio_complete" ? $done++ : $aborted++;
                shift @{$open{$i}};
            }
            next;
        }
        if (($ev eq "xfs_free_file_space" && $f =~ /^dev \Q$dev\E ino 0x([0-9a-f]+) /)
            || ($ev eq "ext4_punch_hole" && $f =~ /^dev \Q$cdev\E ino (\d+) offset (\d+) len (\d+) /)) {
            $i = $ev eq "ext4_punch_hole" ? $1 : hex $1;
            my ($s, $e) = $ev eq "ext4_punch_hole" ? ($2, $2 + $3) : (0, 1 << 62);
            $ops++; $opcount{$ev}++;
            push @opat, [$win, $done + $aborted];
            my @in = grep { $wpos{$_} < $e && $s < $wend{$_} } @{$open{$i} || []};
            $opin++ if @in;
            next;
        }
        if ($ev =~ /^mm_filemap_(add_to_page_cache|fault|map_pages)$/ && $f =~ /^dev[ =]\Q$dev\E ino[ =]([0-9a-f]+) /) {
            $i = hex $1;                    # "dev 7:0 ino 83", or "dev=7:0 ino=83" in faults
        } elsif ($ev eq "writeback_dirty_folio" && $f =~ /^bdi \Q$dev\E: ino=(\d+)/) {
            $i = $1;
        }
        next unless defined $i && $open{$i} && @{$open{$i}};
        $inside{$ev}++;
        $hit{$_} = 1 for @{$open{$i}};
        my ($s, $e);
        if ($f =~ / ofs=(\d+)-(\d+)/) { ($s, $e) = ($1, $2 + 1); }                 # map_pages
        elsif ($f =~ / ofs=(\d+) order=(\d+)/) { ($s, $e) = ($1, $1 + (4096 << $2)); } # a fill
        elsif ($f =~ / ofs=(\d+)/) { ($s, $e) = ($1, $1 + 4096); }                  # a fault
        elsif ($f =~ / index=(\d+)/) { ($s, $e) = ($1 * 4096, ($1 + 1) * 4096); }    # a dirtied folio
        my @in = grep { $wpos{$_} < $e && $s < $wend{$_} } @{$open{$i}};
        next unless @in;
        $inrange{$ev}++;
        $rhit{$_} = 1 for @in;
        END {
            my $total = $done + $aborted;
            my $between = grep { $_->[0] > 0 && $_->[1] < $total } @opat;
            printf "%d events; %d direct-write windows (%d completed, %d ended by iomap_dio_invalidate_fail), " .
                   "at most %d open on one inode; %d windows saw page-cache events of their inode (%s); " .
                   "console %d; EVENTS DROPPED lines %d (%d events); " .
                   "in range: %d windows had page-cache events inside their own bytes (%s); " .
                   "space ops %d (%s), %d while a write of their range was in flight, %d after the first write began and before the last ended\n",
                   $n, $win, $done, $aborted, $max,
                   scalar(keys %hit), join(", ", map { "$_ $inside{$_}" } sort keys %inside) || "none",
                   $count{console}, $drop, $dropn,
                   scalar(keys %rhit), join(", ", map { "$_ $inrange{$_}" } sort keys %inrange) || "none",
                   $ops, join(", ", map { "$_ $opcount{$_}" } sort keys %opcount) || "none", $opin, $between;
        }' "$MAJMIN" "${1:-}"
}

quote() {   # the arguments as a shell would need them, quoted only where needed
    local a
    for a in "$@"; do
        case $a in *[\ \"\'\$]*) printf " '%s'" "$a" ;; *) printf ' %s' "$a" ;; esac
    done
}
# record NAME trace-cmd-record-args... -- command...: records WORK/NAME.dat, reports it into OUT
record() {
    local name=$1; shift
    local dat=$WORK/$name.dat rc=0
    { echo; echo "=== $name"; echo "trace-cmd record$(quote "$@")"; } | sed "s#$MNT/#MNT/#g" >> "$LOG"
    (cd "$WORK" && trace-cmd record "$@") > "$WORK/$name.log" 2>&1 || rc=$?
    if [ $rc -ne 0 ] && ! grep -q "opening to '$T/set_ftrace_filter'" "$WORK/$name.log"; then
        cat "$WORK/$name.log" >&2; echo "trace-cmd record failed ($rc)" >&2; exit 1
    fi
    { echo "exit status $rc (1 is the set_ftrace_filter failure at the end, after the file is written)"
      echo "buffer_size_kb it left: $(cat $T/buffer_size_kb); trace_clock: $(cat $T/trace_clock)"
      echo "--- its output:"; cat "$WORK/$name.log"; } >> "$LOG"
    restore_tracing
    finish "$name"
}
finish() {   # finish NAME: summary, stats and report of WORK/NAME.dat, into OUT
    local name=$1 dat=$WORK/$1.dat
    trace-cmd report -t -i "$dat" > "$WORK/$name.report"
    { echo "--- trace-cmd dump --summary:"; trace-cmd dump --summary -i "$dat" 2>&1
      echo "--- trace-cmd report --stat:"; trace-cmd report --stat -i "$dat" 2>&1
      echo "--- size $(stat -c %s "$dat") bytes; report lines $(wc -l < "$WORK/$name.report")"
      echo "--- rough reading: $(summarize < "$WORK/$name.report")"; } >> "$LOG"
    local summary
    summary=$(trace-cmd dump --summary -i "$dat" 2>&1 || true)
    gzip -9 -c "$WORK/$name.report" > "$OUT/$name.report.gz"
    if [ "$(stat -c %s "$dat")" -gt 1048576 ] && grep -q -E '^\s*6\s+\[Version\]|none\s+\[Compression' <<< "$summary"; then
        gzip -9 -c "$dat" > "$OUT/$name.dat.gz"
    else
        cp "$dat" "$OUT/$name.dat"
    fi
}
# The races are timing-dependent (2 CPUs, shared with whatever else runs), so a recording whose
# report does not show what the scenario is for is made again, up to 5 times; capture.log keeps
# every attempt. These read the rough reading above:
reading() {   # reading LINE: sets W DONE ABORT MAX HIT DROP INRANGE OPS OPSIN OPSBETWEEN
    local re='([0-9]+) direct-write windows \(([0-9]+) completed, ([0-9]+) ended .* at most ([0-9]+) open .*; ([0-9]+) windows saw .* DROPPED lines ([0-9]+) '
    [[ $1 =~ $re ]] || { echo "cannot read: $1" >&2; return 1; }
    W=${BASH_REMATCH[1]} DONE=${BASH_REMATCH[2]} ABORT=${BASH_REMATCH[3]} MAX=${BASH_REMATCH[4]}
    HIT=${BASH_REMATCH[5]} DROP=${BASH_REMATCH[6]}
    re='in range: ([0-9]+) windows had .*; space ops ([0-9]+) \(.*\), ([0-9]+) while .* flight, ([0-9]+) after '
    [[ $1 =~ $re ]] || { echo "cannot read: $1" >&2; return 1; }
    INRANGE=${BASH_REMATCH[1]} OPS=${BASH_REMATCH[2]} OPSIN=${BASH_REMATCH[3]} OPSBETWEEN=${BASH_REMATCH[4]}
}
shows_read-overlap() { reading "$1" && (( W == 64 && HIT * 2 > W )); }          # fills on most windows
# the negative control: all 64 completed, the reader's fills (of the same inode) inside at least a
# quarter of the windows, none inside a window's own bytes
shows_read-disjoint() { reading "$1" && (( W == 64 && DONE == 64 && HIT * 4 >= W && INRANGE == 0 )); }
# overlapping writes, and punches between the first write and the last (the filesystem waits for
# in-flight direct I/O before punching, so punches inside a window are counted, not demanded)
shows_punch-overlap() { reading "$1" && (( W == 64 && DONE == 64 && MAX >= 2 && OPS >= 1 && OPSBETWEEN >= 1 )); }
shows_mmap-overlap() { reading "$1" && (( W == 64 && ABORT >= 1 && HIT * 4 >= W )); }
shows_dio-overlap()  { reading "$1" && (( W == 64 && DONE == 64 && MAX >= 2 )); }  # overlapping writes
shows_clean()        { reading "$1" && (( W == 64 && DONE == 64 && HIT == 0 )); }  # nothing else
shows_lost()         { reading "$1" && (( DROP >= 1 )); }

# attempt NAME FS WHAT trace-cmd-record-args...: on a fresh FS, until shows_WHAT accepts the report
attempt() {
    local name=$1 fs=$2 what=$3 a line; shift 3
    for a in 1 2 3 4 5; do
        fresh_fs "$fs"
        record "$name" "$@"
        line=$(summarize < "$WORK/$name.report")
        if "shows_$what" "$line"; then return 0; fi
        echo "--- attempt $a rejected: the report does not show $what; again" >> "$LOG"
    done
    echo "WARNING: $name never showed $what in 5 attempts; kept the last" | tee -a "$LOG" >&2
}
scenario() {   # scenario FS SCENARIO NAME [record options...]: the scenario under trace-cmd record
    local fs=$1 sc=$2 name=$3; shift 3
    attempt "$name" "$fs" "$sc" -d --no-filter -b 16384 "${EVENTS[@]}" "$@" -o "$name.dat" \
        ./dioscope-wl "$sc" "$MNT/f" "$T"
}

need_dat() {   # need_dat NAME: WORK/NAME.dat, from this run or else from OUT
    if [ ! -e "$WORK/$1.dat" ]; then
        [ -e "$OUT/$1.dat" ] || { echo "$1.dat was not recorded in this run nor is in $OUT" >&2; exit 1; }
        cp "$OUT/$1.dat" "$WORK/"
        echo "--- $1.dat: not recorded in this run, the one in the output directory" >> "$LOG"
    fi
}

# 1. the scenarios, v7 zstd
for fs in xfs ext4; do
    for sc in $SCENARIOS; do
        want "$sc" "$fs-$sc" || continue
        scenario $fs $sc "$fs-$sc.v7-zstd" --file-version 7 --compression zstd
    done
done

# 2. the format variants of xfs-dio-overlap
if want variants; then
scenario xfs dio-overlap xfs-dio-overlap.v6 --file-version 6
scenario xfs dio-overlap xfs-dio-overlap.v7-none --file-version 7 --compression none
{ echo; echo "=== xfs-dio-overlap.v7-zlib (not made)"
  echo "trace-cmd record -d --no-filter --file-version 7 --compression zlib -e xfs:xfs_file_direct_write -o zlib.dat true"
  (cd "$WORK" && trace-cmd record -d --no-filter --file-version 7 --compression zlib \
       -e xfs:xfs_file_direct_write -o zlib.dat true) 2>&1 || echo "exit status $?"
  rm -f "$WORK/zlib.dat"; } >> "$LOG"
restore_tracing
{ echo; echo "=== xfs-dio-overlap.v6-converted"
  echo "trace-cmd convert -i xfs-dio-overlap.v7-zstd.dat --file-version 6 -o xfs-dio-overlap.v6-converted.dat"; } >> "$LOG"
need_dat xfs-dio-overlap.v7-zstd
(cd "$WORK" && trace-cmd convert -i xfs-dio-overlap.v7-zstd.dat --file-version 6 \
     -o xfs-dio-overlap.v6-converted.dat) >> "$LOG" 2>&1
finish xfs-dio-overlap.v6-converted
fi

# 3. a second buffer instance
if want instance; then
attempt xfs-read-overlap.instance.v7-zstd xfs read-overlap -d --no-filter -b 16384 "${EVENTS[@]}" \
    -B "$INST" -b 4096 "${INST_EVENTS[@]}" --file-version 7 --compression zstd \
    -o xfs-read-overlap.instance.v7-zstd.dat ./dioscope-wl read-overlap "$MNT/f" "$T"
grep "^ *$INST: " "$WORK/xfs-read-overlap.instance.v7-zstd.report" | gzip -9 > "$OUT/xfs-read-overlap.instance.v7-zstd.$INST.report.gz"
echo "--- rough reading of the $INST lines: $(summarize "$INST" < "$WORK/xfs-read-overlap.instance.v7-zstd.report")" >> "$LOG"
fi

# 4. lost events: 4 KiB per CPU under a busy buffered + direct fio job
if want lost; then
attempt xfs-fio-lost.v7-zstd xfs lost -d --no-filter -b 4 "${EVENTS[@]}" --file-version 7 --compression zstd \
    -o xfs-fio-lost.v7-zstd.dat fio --filename="$MNT/f" --size=4m --time_based --runtime=30ms \
    --name=dio-writer --ioengine=libaio --iodepth=8 --direct=1 --rw=randwrite --bs=4k \
    --name=buffered-reader --ioengine=psync --rw=randread --bs=4k
fi

# 5. another clock
if want mono; then
scenario xfs dio-overlap xfs-dio-overlap.mono.v7-zstd -C mono --file-version 7 --compression zstd
fi

# 6. zlib: Debian's trace-cmd 3.1.6 is built without it ("Compression algorithm zlib is not
#    supported"); a trace-cmd 3.1.6 built from source with zlib1g-dev installed (git 0a68daed,
#    `make trace-cmd`; `trace-cmd list -c` then shows zlib) converts the recorded v7 zstd file.
if [ -n "${TRACE_CMD_ZLIB:-}" ] && want zlib; then
    { echo; echo "=== xfs-dio-overlap.v7-zlib-converted"
      echo "$TRACE_CMD_ZLIB convert -i xfs-dio-overlap.v7-zstd.dat --file-version 7 --compression zlib -o xfs-dio-overlap.v7-zlib-converted.dat"; } >> "$LOG"
    need_dat xfs-dio-overlap.v7-zstd
    (cd "$WORK" && "$TRACE_CMD_ZLIB" convert -i xfs-dio-overlap.v7-zstd.dat --file-version 7 --compression zlib \
         -o xfs-dio-overlap.v7-zlib-converted.dat) >> "$LOG" 2>&1
    "$TRACE_CMD_ZLIB" report -t -i "$WORK/xfs-dio-overlap.v7-zlib-converted.dat" 2>/dev/null \
        | gzip -9 > "$OUT/xfs-dio-overlap.v7-zlib-converted.report.gz"
    cp "$WORK/xfs-dio-overlap.v7-zlib-converted.dat" "$OUT/"
fi

if mountpoint -q "$MNT"; then umount "$MNT"; fi
if [ -z "$ONLY" ]; then
    uname -r > "$OUT/uname.txt"
    { trace-cmd --version 2>&1 || true; } | grep -m1 'trace-cmd version' >> "$OUT/uname.txt"
elif [ -e "$OUT/uname.txt" ] && [ "$(uname -r)" != "$(head -1 "$OUT/uname.txt")" ]; then
    echo "WARNING: this kernel ($(uname -r)) is not the one in $OUT/uname.txt" | tee -a "$LOG" >&2
fi
ls -la "$OUT"
