import org.graalvm.visualvm.lib.jfluid.heap.Heap;
import org.graalvm.visualvm.lib.jfluid.heap.HeapFactory;
import org.graalvm.visualvm.lib.jfluid.heap.HeapSummary;
import org.graalvm.visualvm.lib.jfluid.heap.Instance;

import java.io.File;
import java.util.List;
import java.util.Locale;

/**
 * Peer benchmark: open an HPROF dump with VisualVM's heap library (the engine behind VisualVM's
 * heap viewer) and compute retained sizes of the biggest objects, then exit.
 *
 * <p>Usage: {@code java -cp org-graalvm-visualvm-lib-jfluid-heap.jar:. VisualVmRetained <dump.hprof> [topN]}
 *
 * <p>API used (package {@code org.graalvm.visualvm.lib.jfluid.heap}):
 * {@code HeapFactory.createHeap(File)}, {@code Heap.getSummary()},
 * {@code Heap.getBiggestObjectsByRetainedSize(int)} (which builds the dominator tree and computes
 * all retained sizes), {@code Instance.getRetainedSize()}, {@code Instance.getSize()}.
 *
 * <p>Note: the library keeps its index in a {@code <dump>.hwcache} directory next to the dump and
 * reuses it on a later open; delete that directory for a cold measurement.
 */
public final class VisualVmRetained {

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: VisualVmRetained <dump.hprof> [topN]");
            System.exit(2);
        }
        File dump = new File(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 10;

        long t0 = System.nanoTime();
        Heap heap = HeapFactory.createHeap(dump);
        HeapSummary summary = heap.getSummary();
        long t1 = System.nanoTime();
        System.out.printf(Locale.ROOT, "open_seconds=%.2f%n", (t1 - t0) / 1e9);
        System.out.println("live_instances=" + summary.getTotalLiveInstances());
        System.out.println("live_bytes=" + summary.getTotalLiveBytes());

        List<Instance> biggest = heap.getBiggestObjectsByRetainedSize(top);
        long t2 = System.nanoTime();
        System.out.printf(Locale.ROOT, "retained_seconds=%.2f%n", (t2 - t1) / 1e9);
        System.out.println("retained_size_computed=" + heap.isRetainedSizeComputed());

        System.out.printf(Locale.ROOT, "%-4s %16s %14s %12s  %s%n", "#", "retained", "shallow", "id", "class");
        int i = 1;
        for (Instance inst : biggest) {
            System.out.printf(Locale.ROOT, "%-4d %16d %14d %12x  %s%n", i++, inst.getRetainedSize(), inst.getSize(),
                    inst.getInstanceId(), inst.getJavaClass().getName());
        }
        System.out.printf(Locale.ROOT, "total_seconds=%.2f%n", (System.nanoTime() - t0) / 1e9);
    }
}
