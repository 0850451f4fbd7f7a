package io.heaplens.samples;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a sample's working threads at the moment the problem is visible, so that the heap dump
 * sees them there: each of {@code parties} threads calls {@link #arriveAndAwaitCapture()} where it
 * holds what the sample is about; the driving thread waits for all of them with {@link
 * #awaitArrivals()}, captures, then calls {@link #release()}.
 *
 * <p>Every wait is bounded, so that a sample whose threads never arrive fails instead of hanging.
 */
public final class CapturePoint {
    /** How long any side waits for the other before the sample fails. */
    public static final long TIMEOUT_SECONDS = 30;

    private final CountDownLatch arrived;
    private final CountDownLatch released = new CountDownLatch(1);

    /** A point that {@code parties} threads must reach before the capture. */
    public CapturePoint(int parties) {
        this.arrived = new CountDownLatch(parties);
    }

    /** Called by a working thread: counts it in, then blocks until the capture is done. */
    public void arriveAndAwaitCapture() {
        arrived.countDown();
        await(released, "the capture");
    }

    /** Counts one party in without blocking, for work that is held somewhere other than a thread. */
    public void arrive() {
        arrived.countDown();
    }

    /** Blocks until the capture is done, for a thread that holds a party's work but is not a party itself. */
    public void awaitCapture() {
        await(released, "the capture");
    }

    /** Called by the driving thread: blocks until every party has arrived. */
    public void awaitArrivals() {
        await(arrived, arrived.getCount() + " more threads to reach the capture point");
    }

    /** Lets the working threads go on. */
    public void release() {
        released.countDown();
    }

    private static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("waited " + TIMEOUT_SECONDS + " s for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }
}
