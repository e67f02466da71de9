package io.dioscope.report.chart;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Direct-I/O windows laid out in lanes, as a Gantt chart lays out tasks: two windows that are in flight
 * at the same time over some of the same bytes never share a lane, so each keeps a rectangle of its
 * own and a marker inside one belongs to that window alone. Windows that follow each other, or touch
 * other bytes, share the first lane: most files need one or two.
 */
final class Lanes {
    private Lanes() {}

    /** The lane of each window (index for index), lowest first: greedy, in order of begin. */
    static int[] assign(List<ChartData.WindowBox> windows) {
        int[] lane = new int[windows.size()];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) order.add(i);
        order.sort(Comparator.comparingLong((Integer i) -> windows.get(i).beginTs()).thenComparingLong(i -> windows.get(i).pos()));
        // per lane, the windows placed in it that may still be in flight
        List<List<ChartData.WindowBox>> active = new ArrayList<>();
        for (int i : order) {
            ChartData.WindowBox w = windows.get(i);
            int l = 0;
            for (; l < active.size(); l++) {
                List<ChartData.WindowBox> inLane = active.get(l);
                inLane.removeIf(o -> o.endTs() < w.beginTs());
                if (inLane.stream().noneMatch(o -> overlap(o, w))) break;
            }
            if (l == active.size()) active.add(new ArrayList<>());
            active.get(l).add(w);
            lane[i] = l;
        }
        return lane;
    }

    /** In flight at a common instant (ends included: the trace clock cannot order events closer) over a common byte. */
    static boolean overlap(ChartData.WindowBox a, ChartData.WindowBox b) {
        return a.beginTs() <= b.endTs() && b.beginTs() <= a.endTs() && a.pos() < b.endPos() && b.pos() < a.endPos();
    }
}
