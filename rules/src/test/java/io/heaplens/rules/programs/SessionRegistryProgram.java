package io.heaplens.rules.programs;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A login service whose session registry is never trimmed: every session ever created stays in a
 * static map ({@value #SESSIONS} of them, about 60 MB). {@code --healthy} removes each session at
 * logout, so only the {@value #ACTIVE} active ones remain. {@code --table} instead holds one large
 * lookup table (an 80 MB {@code long[]}): big, but one object, not an accumulation.
 */
public final class SessionRegistryProgram {
  static final int SESSIONS = 150_000;
  static final int ACTIVE = 200;

  /** One logged-in user's session. */
  static final class Session {
    final long id;
    final String user;
    final byte[] token;
    final long lastSeen;

    Session(long id, String user, byte[] token, long lastSeen) {
      this.id = id;
      this.user = user;
      this.token = token;
      this.lastSeen = lastSeen;
    }
  }

  /** Holds sessions by id. */
  static final class SessionRegistry {
    static final Map<Long, Session> SESSIONS_BY_ID = new HashMap<>();

    static void register(Session session) {
      SESSIONS_BY_ID.put(session.id, session);
    }

    static void logout(long id) {
      SESSIONS_BY_ID.remove(id);
    }
  }

  /** A precomputed table, held for the life of the process. */
  static final class RateTable {
    static long[] rates;
  }

  private SessionRegistryProgram() {}

  public static void main(String[] args) throws Exception {
    Path out = HeapDumpOnExit.outputDirectory(args);
    if (HeapDumpOnExit.has(args, "--table")) {
      RateTable.rates = new long[10 * 1024 * 1024];
      for (int i = 0; i < RateTable.rates.length; i++) {
        RateTable.rates[i] = i * 31L;
      }
    } else {
      boolean healthy = HeapDumpOnExit.has(args, "--healthy");
      for (long id = 0; id < SESSIONS; id++) {
        byte[] token = new byte[256];
        token[0] = (byte) id;
        SessionRegistry.register(new Session(id, "user-" + id, token, System.nanoTime()));
        if (healthy && id >= ACTIVE) {
          SessionRegistry.logout(id - ACTIVE);
        }
      }
    }
    HeapDumpOnExit.dump(out);
  }
}
