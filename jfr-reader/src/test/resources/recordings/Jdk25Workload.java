import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;

/**
 * The known work of the committed JDK 25 recording, run by make-jdk25.sh with a JDK 25 launcher:
 * three threads started from startWorkers(), 1 MB buffers allocated in allocate() and partly
 * kept, a System.gc(), an error thrown from fail(), and a socket exchange whose client reads to
 * the end of the stream.
 */
public class Jdk25Workload {
  static final List<byte[]> KEPT = new ArrayList<>();
  static volatile Object sink;

  static final class WorkloadError extends Error {
    WorkloadError(String message) {
      super(message);
    }
  }

  public static void main(String[] args) throws Exception {
    try (Recording recording = new Recording()) {
      recording.enable("jdk.JVMInformation");
      recording.enable("jdk.GCHeapConfiguration");
      recording.enable("jdk.GCConfiguration");
      recording.enable("jdk.ThreadStart").withStackTrace();
      recording.enable("jdk.ThreadEnd");
      recording.enable("jdk.ObjectAllocationSample").with("throttle", "1000/s").withStackTrace();
      recording.enable("jdk.OldObjectSample").with("cutoff", "infinity").withStackTrace();
      recording.enable("jdk.GCHeapSummary");
      recording.enable("jdk.GarbageCollection");
      recording.enable("jdk.JavaErrorThrow").withStackTrace();
      recording.enable("jdk.SocketRead").withThreshold(Duration.ZERO);
      recording.enable("jdk.SocketWrite").withThreshold(Duration.ZERO);
      recording.start();
      startWorkers();
      allocate();
      System.gc();
      fail();
      exchange();
      recording.stop();
      recording.dump(Path.of(args[0]));
    }
  }

  static void startWorkers() throws InterruptedException {
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Thread worker = new Thread(() -> sink = new Object(), "jdk25-worker-" + i);
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
  }

  static void allocate() {
    for (int i = 0; i < 32; i++) {
      byte[] buffer = new byte[1 << 20];
      if (i % 4 == 0) {
        KEPT.add(buffer);
      }
      sink = buffer;
    }
  }

  static void fail() {
    sink = new WorkloadError("jdk25");
  }

  static void exchange() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread serving = new Thread(() -> {
        try (Socket connection = server.accept()) {
          connection.getInputStream().readNBytes(16);
          connection.getOutputStream().write(new byte[48]);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      serving.start();
      try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
        client.getOutputStream().write(new byte[16]);
        InputStream in = client.getInputStream();
        byte[] reply = new byte[16];
        while (in.read(reply) >= 0) {
          sink = reply;
        }
      }
      serving.join();
    }
  }
}
