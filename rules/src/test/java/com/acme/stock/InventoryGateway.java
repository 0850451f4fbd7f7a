package com.acme.stock;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;

/**
 * A test program (not a sample): a gateway that builds a {@code java.net.http.HttpClient} for each
 * stock check and keeps each one with the check's audit record. Arguments: {@code <heap dump file>
 * [--healthy]}; the healthy run shares one client.
 */
public final class InventoryGateway {
  static final int CHECKS = 100;
  private static InventoryGateway instance;

  private final List<HttpClient> clients = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    boolean healthy = args.length > 1 && args[1].equals("--healthy");
    instance = new InventoryGateway();
    HttpClient shared = healthy ? HttpClient.newHttpClient() : null;
    for (int i = 0; i < CHECKS; i++) {
      instance.clients.add(shared != null ? shared : HttpClient.newHttpClient());
    }
    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(args[0], true);
    System.exit(0);
  }
}
