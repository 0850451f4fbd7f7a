package com.acme.pricing;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;

/**
 * A test program (not a sample): a quote service that keeps one {@link QuoteCache} per customer,
 * each with its own {@link Timer}, in a map it never cleans. Names and packages differ from the
 * samples on purpose: rules must find the pattern by structure. Arguments: {@code <heap dump file>
 * [--healthy]}; the healthy run shares one cache.
 */
public final class QuoteService {
  static final int CUSTOMERS = 60;
  private static QuoteService instance;

  private final Map<String, QuoteCache> cachesByCustomer = new HashMap<>();

  /** Prices with a purge timer of their own. */
  static final class QuoteCache {
    private final Map<String, double[]> quotes = new HashMap<>();
    private final Timer purge = new Timer();

    QuoteCache() {
      purge.schedule(new TimerTask() {
        @Override
        public void run() {
          quotes.clear();
        }
      }, 600_000, 600_000);
      for (int i = 0; i < 50; i++) {
        quotes.put("SKU-" + i, new double[64]);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    boolean healthy = args.length > 1 && args[1].equals("--healthy");
    instance = new QuoteService();
    QuoteCache shared = healthy ? new QuoteCache() : null;
    for (int i = 0; i < CUSTOMERS; i++) {
      instance.cachesByCustomer.put("customer-" + i, shared != null ? shared : new QuoteCache());
    }
    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(args[0], true);
    System.exit(0);
  }
}
