package io.heaplens.jfr;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Recordings made in the test JVM of known work: threads started from a known method, large
 * arrays allocated from another, a collection, an error, socket I/O with end of stream, and CPU
 * spent in a known method. Each recording is a recording of its own, so two of them are distinct
 * chunks that can be concatenated.
 */
final class TestRecordings {
  static final int STARTED_THREADS = 3;
  static final int BUFFER_BYTES = 1 << 20;
  static final int BUFFERS = 64;
  static final int THROWN_EXCEPTIONS = 25;

  /** Keeps some buffers alive to the end, so the old-object sampler reports them with their path. */
  static final List<byte[]> RETAINED = new ArrayList<>();
  private static volatile Object sink;

  /** What a recording's work did, to compare with what the reader finds. */
  record Workload(Path file, List<Long> threadIds, List<String> threadNames, String parentName, int serverPort) {}

  /** An error that is not an OutOfMemoryError: the JVM does not record those as thrown errors. */
  static final class ResourceExhaustedError extends Error {
    private static final long serialVersionUID = 1L;

    ResourceExhaustedError(String message) {
      super(message);
    }
  }

  private TestRecordings() {}

  /** Records the known work into {@code file}. */
  static Workload record(Path file, String threadPrefix) throws Exception {
    try (Recording recording = new Recording(Configuration.getConfiguration("default"))) {
      recording.enable("jdk.ThreadStart").withStackTrace();
      recording.enable("jdk.ThreadEnd");
      recording.enable("jdk.ObjectAllocationSample").with("throttle", "1000/s").withStackTrace();
      recording.enable("jdk.ObjectAllocationOutsideTLAB").withStackTrace();
      recording.enable("jdk.OldObjectSample").with("cutoff", "infinity").withStackTrace();
      recording.enable("jdk.GCHeapSummary");
      recording.enable("jdk.JavaThreadStatistics").with("period", "everyChunk");
      recording.enable("jdk.ExceptionStatistics").with("period", "everyChunk");
      recording.enable("jdk.JavaErrorThrow").withStackTrace();
      recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
      recording.enable("jdk.SocketRead").withThreshold(Duration.ZERO).withStackTrace();
      recording.enable("jdk.SocketWrite").withThreshold(Duration.ZERO).withStackTrace();
      recording.start();
      List<Thread> threads = startThreads(threadPrefix);
      allocateBuffers();
      System.gc();
      raiseError();
      throwExceptions();
      int port = talkToServer();
      spin();
      recording.stop();
      recording.dump(file);
      List<Long> ids = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (Thread thread : threads) {
        ids.add(thread.getId());
        names.add(thread.getName());
      }
      return new Workload(file, ids, names, Thread.currentThread().getName(), port);
    }
  }

  private static List<Thread> startThreads(String prefix) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < STARTED_THREADS; i++) {
      Thread thread = new Thread(() -> sink = new Object(), prefix + i);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    return threads;
  }

  private static void allocateBuffers() {
    RETAINED.clear();
    for (int i = 0; i < BUFFERS; i++) {
      byte[] buffer = new byte[BUFFER_BYTES];
      buffer[i] = 1;
      if (i % 4 == 0) {
        RETAINED.add(buffer);
      }
      sink = buffer;
    }
  }

  private static void raiseError() {
    sink = new ResourceExhaustedError("test");
  }

  private static void throwExceptions() {
    for (int i = 0; i < THROWN_EXCEPTIONS; i++) {
      try {
        throw new IllegalStateException("expected " + i);
      } catch (IllegalStateException e) {
        sink = e;
      }
    }
  }

  /**
   * The client writes a request and reads the reply until the server closes the connection: at
   * least one of its reads finds the end of the stream.
   *
   * @return the server's port
   */
  private static int talkToServer() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread serving = new Thread(() -> {
        try (Socket connection = server.accept()) {
          connection.getInputStream().readNBytes(64);
          connection.getOutputStream().write(new byte[128]);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, "test-server");
      serving.start();
      try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
        OutputStream out = client.getOutputStream();
        out.write(new byte[64]);
        out.flush();
        InputStream in = client.getInputStream();
        byte[] reply = new byte[32];
        while (in.read(reply) >= 0) {
          sink = reply;
        }
      }
      serving.join();
      return server.getLocalPort();
    }
  }

  /** Keeps the CPU busy for a while in this method, for the execution sampler. */
  private static void spin() {
    long end = System.nanoTime() + 400_000_000L;
    long hash = 0;
    while (System.nanoTime() < end) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 200; i++) {
        text.append(i * hash);
      }
      hash += text.toString().hashCode();
    }
    sink = hash;
  }

  /** The bytes of both files, one after the other: a recording of both files' chunks. */
  static Path concatenate(Path first, Path second, Path into) throws IOException {
    try (OutputStream out = Files.newOutputStream(into)) {
      Files.copy(first, out);
      Files.copy(second, out);
    }
    return into;
  }
}
