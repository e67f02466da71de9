package io.dioscope.store;

import java.util.BitSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The order in which the loads of one batch finish: each parses and stores its events while the others
 * do, but commits only once every input before it has committed or failed. The batch then ends as a
 * one-at-a-time load would have left it: which of two inputs with the same bytes is refused (or replaced)
 * does not depend on which thread was faster, and the loads are reported in input order.
 */
public final class LoadTurns {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition moved = lock.newCondition();
    private final BitSet finished = new BitSet();
    private int next;

    /** Waits until every input before {@code index} has finished. */
    public void await(int index) throws InterruptedException {
        lock.lock();
        try {
            while (next < index) moved.await();
        } finally {
            lock.unlock();
        }
    }

    /** Input {@code index} has committed or failed (called once for every index, whatever happened). */
    public void finish(int index) {
        lock.lock();
        try {
            finished.set(index);
            while (finished.get(next)) next++;
            moved.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
