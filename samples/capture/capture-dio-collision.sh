#!/bin/bash
# Captures iomap's "Direct I/O collision with buffered writes!" warning on the machine it runs on
# (root, tracefs, loop devices, gcc, libaio, xfsprogs). Used once to make
# src/test/resources/captured/xfs-dio-collision.trace.gz; kept so anyone can redo it.
#
#   sudo samples/capture/capture-dio-collision.sh OUTDIR
#
#  xfs-dio-collision.trace   synchronous O_DIRECT reads of [0, 1 MiB) in 256 KiB pieces while one
#                            thread stores a byte into every page of a shared mmap of that range
#                            (each store over a hole is a page_mkwrite that reserves a delalloc
#                            block) and another punches 256 KiB holes into it. A store that lands
#                            between a read's flush of its range and its iomap_iter() mapping leaves
#                            a DELALLOC mapping for iomap_dio_iter(): the kernel warns and the read
#                            fails with EIO. XFS only hits this on reads: for a direct write,
#                            xfs_direct_write_iomap_begin() allocates real blocks over delalloc ones.
#
# The program runs rounds of 150 ms; each round empties the ring buffer and writes
# "scenario dio-collision start", and the round in which a direct I/O fails with EIO runs 20 ms
# more, writes "scenario dio-collision end" and stops tracing. So the trace holds just that round.
set -euo pipefail
OUT=${1:?usage: capture-dio-collision.sh OUTDIR}
mkdir -p "$OUT"
. "$(dirname "$0")/scratch-fs.sh" dio-collision
PROG=$(mktemp /tmp/dioscope-dio-collision.XXXX)
cleanup_extra() { rm -f "$PROG" "$PROG.c"; }

cat > "$PROG.c" <<'EOF'
/* Races O_DIRECT I/O over [0, SIZE) of a file against stores into a shared mmap of that range
 * (page_mkwrite over holes reserves delalloc blocks) and hole punches that turn it back into
 * holes, until a direct I/O fails with EIO.
 *   PROG read|write|aioread|aiowrite FILE SIZE_KIB SECONDS [TRACEFS]
 * With TRACEFS, each round empties the trace buffer and is bracketed by "scenario dio-collision
 * start|end" markers; tracing stops after the round that saw EIO. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libaio.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static int fd, dfd, aio, rd;
static size_t size, pg = 4096;
static char *map;
static atomic_int stop, hit;
static atomic_long nio, neio;
static const char *tfs;

static void twrite(const char *f, const char *s)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", tfs, f);
    int t = open(p, O_WRONLY | (strcmp(f, "trace") ? 0 : O_TRUNC));
    if (t < 0) { perror(p); exit(1); }
    if (*s && write(t, s, strlen(s)) < 0) { perror(p); exit(1); }
    close(t);
}

static void note(ssize_t r, int err, off_t off, size_t len)
{
    atomic_fetch_add(&nio, 1);
    if (r < 0 && err == EIO) {
        atomic_fetch_add(&neio, 1);
        if (!atomic_exchange(&hit, 1))
            fprintf(stderr, "EIO: direct %s of [%lld, +%zu)\n", rd ? "read" : "write", (long long)off, len);
    } else if (r < 0)
        fprintf(stderr, "direct I/O: %s\n", strerror(err));
}

static void *dio_thread(void *a)
{
    size_t len = size / 4;                      /* four direct I/Os of SIZE/4 per pass */
    char *buf;
    io_context_t ctx = 0;
    if (posix_memalign((void **)&buf, 4096, size)) exit(1);
    memset(buf, 'd', size);
    if (aio && io_setup(8, &ctx)) { perror("io_setup"); exit(1); }
    while (!stop) {
        if (!aio) {
            for (int i = 0; i < 4 && !stop; i++) {
                off_t off = i * len;
                ssize_t r = rd ? pread(dfd, buf + off, len, off) : pwrite(dfd, buf + off, len, off);
                note(r, errno, off, len);
            }
            continue;
        }
        struct iocb cb[4], *cbs[4];
        struct io_event ev[4];
        for (int i = 0; i < 4; i++) {
            if (rd) io_prep_pread(&cb[i], dfd, buf + i * len, len, i * len);
            else io_prep_pwrite(&cb[i], dfd, buf + i * len, len, i * len);
            cbs[i] = &cb[i];
        }
        int n = io_submit(ctx, 4, cbs), got = 0;
        if (n < 0) { fprintf(stderr, "io_submit: %s\n", strerror(-n)); exit(1); }
        while (got < n) {
            int k = io_getevents(ctx, 1, n - got, ev, NULL);
            if (k == -EINTR) continue;
            if (k < 0) { fprintf(stderr, "io_getevents: %s\n", strerror(-k)); exit(1); }
            for (int j = 0; j < k; j++) {
                long res = (long)ev[j].res;
                note(res < 0 ? -1 : res, res < 0 ? (int)-res : 0, ev[j].obj->u.c.offset, ev[j].obj->u.c.nbytes);
            }
            got += k;
        }
    }
    if (aio) io_destroy(ctx);
    free(buf);
    return NULL;
}

static void *mmap_thread(void *a)
{
    unsigned s = 7919;
    while (!stop) {                             /* every page once per pass, from a random one */
        size_t n = size / pg, st = rand_r(&s) % n;
        for (size_t i = 0; i < n && !stop; i++)
            map[((st + i) % n) * pg + (i & 63)] ^= 1;
    }
    return NULL;
}

static void *punch_thread(void *a)
{
    unsigned s = 4711;
    while (!stop) {
        off_t off = (rand_r(&s) % 4) * (size / 4);
        if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off, size / 4))
            perror("punch");
        usleep(rand_r(&s) % 200);
    }
    return NULL;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: %s read|write|aioread|aiowrite FILE SIZE_KIB SECONDS [TRACEFS]\n", argv[0]);
        return 2;
    }
    rd = strstr(argv[1], "read") != NULL;
    aio = strncmp(argv[1], "aio", 3) == 0;
    size = (size_t)atol(argv[3]) * 1024;
    tfs = argc > 5 ? argv[5] : NULL;
    fd = open(argv[2], O_RDWR | O_CREAT, 0644);
    dfd = open(argv[2], O_RDWR | O_DIRECT);
    if (fd < 0 || dfd < 0 || ftruncate(fd, size)) { perror(argv[2]); return 1; }
    map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) { perror("mmap"); return 1; }
    double end = now() + atof(argv[4]);
    int rounds = 0;
    while (now() < end && !hit) {
        fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, size);
        if (tfs) { twrite("trace", ""); twrite("trace_marker", "scenario dio-collision start"); }
        stop = 0;
        pthread_t t[3];
        pthread_create(&t[0], NULL, dio_thread, NULL);
        pthread_create(&t[1], NULL, mmap_thread, NULL);
        pthread_create(&t[2], NULL, punch_thread, NULL);
        double round_end = now() + (tfs ? 0.15 : 1.0);
        while (now() < round_end && !hit) usleep(1000);
        if (hit) usleep(20000);                 /* a little more after the failure */
        stop = 1;
        for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
        if (tfs) twrite("trace_marker", "scenario dio-collision end");
        rounds++;
    }
    if (tfs) twrite("tracing_on", "0");
    printf("mode=%s rounds=%d direct-ios=%ld eio=%ld\n", argv[1], rounds, (long)nio, (long)neio);
    return hit ? 0 : 3;
}
EOF
gcc -O2 -Wall -pthread -o "$PROG" "$PROG.c" -laio

mkfs.xfs -q -f "$LOOP"; mount "$LOOP" "$MNT"
echo 0 > $T/tracing_on
echo nop > $T/current_tracer
echo > $T/set_event
for f in $T/events/*/*/filter; do echo 0 > "$f" 2>/dev/null || true; done
echo 1 > $T/options/irq-info
echo 65536 > $T/buffer_size_kb
for e in iomap:iomap_dio_rw_begin iomap:iomap_dio_rw_queued iomap:iomap_dio_complete \
         iomap:iomap_dio_invalidate_fail iomap:iomap_iter iomap:iomap_iter_dstmap iomap:iomap_release_folio \
         filemap:mm_filemap_add_to_page_cache filemap:mm_filemap_delete_from_page_cache \
         filemap:mm_filemap_fault filemap:mm_filemap_map_pages writeback:writeback_dirty_folio \
         xfs:xfs_file_direct_read xfs:xfs_file_direct_write xfs:xfs_end_io_direct_write \
         xfs:xfs_free_file_space printk:console; do
    echo "$e" >> $T/set_event
done
for e in mm_filemap_add_to_page_cache mm_filemap_delete_from_page_cache mm_filemap_fault mm_filemap_map_pages; do
    echo "s_dev == $DEVNUM" > $T/events/filemap/$e/filter
done
echo > $T/trace
echo 1 > $T/tracing_on
SEEN=$(dmesg | wc -l)
"$PROG" read "$MNT/f" 1024 60 $T
cat $T/trace > "$OUT/xfs-dio-collision.trace"
dmesg | tail -n +$((SEEN + 1)) | grep 'Direct I/O collision' > "$OUT/xfs-dio-collision.dmesg" || true
umount "$MNT"
uname -r > "$OUT/uname.txt"
ls -la "$OUT"
