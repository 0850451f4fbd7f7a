package com.acme.reports;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A test program (not a sample): report jobs that each make a pool of 4 threads, run their parts on
 * it and keep it (never shut down) in a list of finished jobs. Arguments: {@code <heap dump file>
 * [--healthy]}; the healthy run gives every job one shared pool.
 */
public final class ReportJob {
  static final int JOBS = 80;
  private static final List<ReportJob> FINISHED = new ArrayList<>();

  private final ExecutorService parts;

  ReportJob(ExecutorService parts) {
    this.parts = parts;
  }

  void run() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(4);
    for (int i = 0; i < 4; i++) {
      parts.execute(done::countDown);
    }
    done.await();
  }

  public static void main(String[] args) throws Exception {
    boolean healthy = args.length > 1 && args[1].equals("--healthy");
    ExecutorService shared = healthy ? Executors.newFixedThreadPool(4) : null;
    for (int i = 0; i < JOBS; i++) {
      ReportJob job = new ReportJob(shared != null ? shared : Executors.newFixedThreadPool(4));
      job.run();
      FINISHED.add(job);
    }
    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(args[0], true);
    System.exit(0);
  }
}
