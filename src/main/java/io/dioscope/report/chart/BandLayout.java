package io.dioscope.report.chart;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each window goes on a race map. The file's offsets are cut into bands, and inside each band the
 * windows are laid out in lanes, as a Gantt chart lays out tasks: each lane of a band is a copy of the
 * band's offsets, and two windows whose rectangles as drawn would cover each other (a window with a
 * finding is never drawn smaller than a few pixels) never share a lane. So every rectangle is one
 * window's, and a marker inside it belongs to that window alone. Windows that follow each other, or
 * touch other bytes, share the first lane: most bands need one or two.
 *
 * <p>The vertical coordinate counts lanes: band b holds [y0, y0 + lanes), its lane l [y0 + l, y0 + l + 1),
 * and an offset maps linearly into a lane, with a margin left at its top and bottom to tell lanes apart.
 */
final class BandLayout {
    /** Share of a lane left empty above and below its windows. */
    static final double MARGIN = 0.1;

    /** Offsets [from, to), the lanes it holds from {@code y0} up. */
    record Band(long from, long to, double y0, int lanes) {
        /** Where {@code offset} (brought into the band) is drawn in lane {@code lane}. */
        double y(int lane, long offset) {
            long o = Math.max(from, Math.min(to, offset));
            return y0 + lane + MARGIN + (1 - 2 * MARGIN) * (o - from) / (double) (to - from);
        }
    }

    /** The part of a window inside one band, in its lane there. */
    record Piece(ChartData.WindowBox window, Band band, int lane) {
        double y0() {
            return band.y(lane, window.pos());
        }

        double y1() {
            return band.y(lane, window.endPos());
        }

        /** The bottom and top of this piece's lane. */
        double laneBottom() {
            return band.y0() + lane;
        }
    }

    /**
     * How big a window is drawn: the smallest width (in the time axis' units) and height (in lanes) of a
     * window drawn enlarged, and which windows are.
     */
    record Sizes(RaceMapChart.Clock clock, double minWidth, double minHeight, java.util.function.Predicate<ChartData.WindowBox> enlarged) {
        /** [x0, x1] of a window as drawn. */
        double[] x(ChartData.WindowBox w) {
            return grow(clock.x(w.beginTs()), clock.x(w.endTs()), enlarged.test(w) ? minWidth : 0, Double.NEGATIVE_INFINITY,
                    Double.POSITIVE_INFINITY);
        }

        /** [y0, y1] of a piece as drawn: enlarged about its middle, never out of its lane. */
        double[] y(Piece p) {
            return grow(p.y0(), p.y1(), enlarged.test(p.window()) ? minHeight : 0, p.laneBottom(), p.laneBottom() + 1);
        }
    }

    final List<Band> bands;
    final List<Piece> pieces;
    /** The most lanes any band needed; more than {@link #lanes} when some band was capped. */
    final int needed;
    /** Lanes in all: the height of the layout. */
    final int lanes;
    /** Each window's piece (its first, for a window over several bands), and all pieces of those that are. */
    private final Map<Long, Piece> byWindow = new HashMap<>();
    private final Map<Long, List<Piece>> spanning = new HashMap<>();

    private BandLayout(List<Band> bands, List<Piece> pieces, int needed) {
        this.bands = bands;
        this.pieces = pieces;
        this.needed = needed;
        this.lanes = bands.stream().mapToInt(Band::lanes).sum();
        for (Piece p : pieces) {
            // a window's pieces come in order of band
            Piece before = byWindow.putIfAbsent(p.window().windowId(), p);
            if (before != null) spanning.computeIfAbsent(p.window().windowId(), k -> new ArrayList<>(List.of(before))).add(p);
        }
    }

    /** The piece of a window that holds {@code offset}, else its nearest; null for a window not laid out. */
    Piece piece(long windowId, long offset) {
        Piece one = byWindow.get(windowId);
        List<Piece> ps = spanning.get(windowId);
        if (ps == null) return one;
        for (Piece p : ps) if (offset >= p.band().from() && offset < p.band().to()) return p;
        return offset < ps.get(0).band().from() ? ps.get(0) : ps.get(ps.size() - 1);
    }

    /** Where an access at {@code offset} to a window is drawn: inside that window's rectangle. */
    double y(ChartData.WindowBox w, long offset) {
        long inside = Math.max(w.pos(), Math.min(w.endPos() - 1, offset));
        Piece p;
        if (w.windowId() == lastWindow && lastOnly != null) {
            p = lastOnly;
        } else {
            p = piece(w.windowId(), inside);
            lastWindow = w.windowId();
            lastOnly = spanning.containsKey(w.windowId()) ? null : p;
        }
        return p.band().y(p.lane(), inside);
    }

    /**
     * The last window {@link #y} placed, and its piece when it has only one: a race map places a window's
     * accesses one after another (38,145 of them on the captured read-vs-mmap race), each lookup boxing its id.
     * A layout is read by one thread.
     */
    private long lastWindow = Long.MIN_VALUE;
    private Piece lastOnly;

    /**
     * Bands of {@code bandBytes} (aligned to it) over the windows' bytes, those with no window left out;
     * in each, the windows in lanes. {@code first}, when not null, is the window drawn in the first lane
     * whatever else is there (a zoom's own window).
     */
    static BandLayout of(List<ChartData.WindowBox> windows, long bandBytes, Sizes sizes, int maxLanes, Long first) {
        TreeMap<Long, List<ChartData.WindowBox>> byBand = new TreeMap<>();
        for (ChartData.WindowBox w : windows) {
            for (long b = Math.floorDiv(w.pos(), bandBytes); b * bandBytes < w.endPos(); b++) {
                byBand.computeIfAbsent(b, k -> new ArrayList<>()).add(w);
            }
        }
        return lay(byBand, bandBytes, 0, sizes, maxLanes, first);
    }

    /** One band of offsets [from, to), which need not be aligned (a zoom's window and its margin). */
    static BandLayout of(List<ChartData.WindowBox> windows, long from, long to, Sizes sizes, int maxLanes, Long first) {
        TreeMap<Long, List<ChartData.WindowBox>> one = new TreeMap<>();
        one.put(0L, windows.stream().filter(w -> w.pos() < to && w.endPos() > from).toList());
        return lay(one, to - from, from, sizes, maxLanes, first);
    }

    private static BandLayout lay(TreeMap<Long, List<ChartData.WindowBox>> byBand, long bandBytes, long origin, Sizes sizes,
            int maxLanes, Long first) {
        List<Band> bands = new ArrayList<>();
        List<Piece> pieces = new ArrayList<>();
        int needed = 0;
        double y0 = 0;
        for (Map.Entry<Long, List<ChartData.WindowBox>> e : byBand.entrySet()) {
            long from = origin + e.getKey() * bandBytes;
            // the lanes are found in a band of this size at y 0; the band is then placed at y0
            Band probe = new Band(from, from + bandBytes, 0, 1);
            int[] lane = lanes(e.getValue(), probe, sizes, first);
            int n = 0;
            for (int l : lane) n = Math.max(n, l + 1);
            needed = Math.max(needed, n);
            Band band = new Band(from, from + bandBytes, y0, Math.min(n, maxLanes));
            for (int i = 0; i < lane.length; i++) pieces.add(new Piece(e.getValue().get(i), band, Math.min(lane[i], maxLanes - 1)));
            bands.add(band);
            y0 += band.lanes();
        }
        return new BandLayout(bands, pieces, Math.max(needed, 1));
    }

    /**
     * The lane of each window of a band (index for index), lowest first: greedy, in order of begin; a
     * window goes to the first lane where its rectangle as drawn covers no other's. On primitive arrays,
     * without an object per window: this is most of laying out the fio trace's 40,747 windows.
     */
    private static int[] lanes(List<ChartData.WindowBox> windows, Band band, Sizes sizes, Long first) {
        int n = windows.size();
        int[] lane = new int[n];
        // as drawn ([x0, x1] and [y0, y1] of each), and as they are (a window drawn enlarged covers
        // others only as drawn where both are)
        double[] x = new double[2 * n];
        double[] y = new double[2 * n];
        double[] trueX = new double[2 * n];
        double[] trueY = new double[2 * n];
        boolean[] enlarged = new boolean[n];
        boolean[] isFirst = new boolean[n];
        long[] pos = new long[n];
        Integer[] order = new Integer[n];
        double[] grown = new double[2];
        for (int i = 0; i < n; i++) {
            ChartData.WindowBox w = windows.get(i);
            order[i] = i;
            enlarged[i] = sizes.enlarged().test(w);
            isFirst[i] = first != null && w.windowId() == first;
            pos[i] = w.pos();
            // a method of its own, as free() below: compiled after a few hundred windows
            measure(i, w, band, sizes, enlarged[i], x, y, trueX, trueY, grown);
        }
        // the first window first, then in order of begin as drawn, then of offset
        Arrays.sort(order, (a, b) -> {
            if (isFirst[a] != isFirst[b]) return isFirst[a] ? -1 : 1;
            int byBegin = Double.compare(x[2 * a], x[2 * b]);
            return byBegin != 0 ? byBegin : Long.compare(pos[a], pos[b]);
        });
        // per lane, the windows placed in it whose rectangles may still reach the next one's
        int[][] active = new int[4][];
        int[] activeCount = new int[4];
        int lanesUsed = 0;
        for (Integer boxed : order) {
            int i = boxed;
            int l = 0;
            // a method of its own, called once per window: this loop runs once per band, interpreted until
            // the JIT replaces it, and the method is compiled after a few hundred calls
            while (l < lanesUsed && !free(i, active[l], activeCount, l, x, y, trueX, trueY, enlarged)) l++;
            if (l == lanesUsed) {
                if (l == active.length) {
                    active = Arrays.copyOf(active, 2 * l);
                    activeCount = Arrays.copyOf(activeCount, 2 * l);
                }
                active[l] = new int[8];
                lanesUsed++;
            }
            if (activeCount[l] == active[l].length) active[l] = Arrays.copyOf(active[l], 2 * activeCount[l]);
            active[l][activeCount[l]++] = i;
            lane[i] = l;
        }
        return lane;
    }

    /** Window {@code i}'s rectangle [x0, x1] and [y0, y1], as it is (trueX, trueY) and as drawn (x, y). */
    private static void measure(int i, ChartData.WindowBox w, Band band, Sizes sizes, boolean enlarged, double[] x, double[] y,
            double[] trueX, double[] trueY, double[] grown) {
        trueX[2 * i] = sizes.clock().x(w.beginTs());
        trueX[2 * i + 1] = sizes.clock().x(w.endTs());
        trueY[2 * i] = band.y(0, w.pos());
        trueY[2 * i + 1] = band.y(0, w.endPos());
        grow(trueX[2 * i], trueX[2 * i + 1], enlarged ? sizes.minWidth() : 0, Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY, grown);
        x[2 * i] = grown[0];
        x[2 * i + 1] = grown[1];
        grow(trueY[2 * i], trueY[2 * i + 1], enlarged ? sizes.minHeight() : 0, band.y0(), band.y0() + 1, grown);
        y[2 * i] = grown[0];
        y[2 * i + 1] = grown[1];
    }

    /**
     * Whether window {@code i} may go to lane {@code l}, whose windows placed so far are {@code inLane} (the
     * first {@code activeCount[l]}): dropping those that end before it begins (the rest come in order of begin,
     * so they reach none of them), none of the others covers it.
     */
    private static boolean free(int i, int[] inLane, int[] activeCount, int l, double[] x, double[] y, double[] trueX,
            double[] trueY, boolean[] enlarged) {
        int kept = 0;
        for (int k = 0; k < activeCount[l]; k++) if (x[2 * inLane[k] + 1] >= x[2 * i]) inLane[kept++] = inLane[k];
        activeCount[l] = kept;
        for (int k = 0; k < kept; k++) {
            int o = inLane[k];
            double[] bx = enlarged[o] && enlarged[i] ? x : trueX;
            double[] by = enlarged[o] && enlarged[i] ? y : trueY;
            if (bx[2 * o] <= bx[2 * i + 1] && bx[2 * i] <= bx[2 * o + 1] && by[2 * o] < by[2 * i + 1] && by[2 * i] < by[2 * o + 1]) {
                return false;
            }
        }
        return true;
    }

    /**
     * [lo, hi] made at least {@code min} long about its middle, then moved (not shrunk) to lie inside
     * [floor, ceiling] when it can.
     */
    static double[] grow(double lo, double hi, double min, double floor, double ceiling) {
        double[] out = new double[2];
        grow(lo, hi, min, floor, ceiling, out);
        return out;
    }

    /** {@link #grow(double, double, double, double, double)} into {@code out}. */
    private static void grow(double lo, double hi, double min, double floor, double ceiling, double[] out) {
        if (hi - lo < min) {
            double c = (lo + hi) / 2;
            lo = c - min / 2;
            hi = c + min / 2;
        }
        if (lo < floor) {
            hi = Math.min(ceiling, hi + floor - lo);
            lo = floor;
        }
        if (hi > ceiling) {
            lo = Math.max(floor, lo - (hi - ceiling));
            hi = ceiling;
        }
        out[0] = lo;
        out[1] = hi;
    }
}
