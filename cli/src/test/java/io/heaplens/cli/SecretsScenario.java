package io.heaplens.cli;

import io.heaplens.fixtures.HeapCapture;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM whose heap holds secrets a report must not leak under {@code --redact}: a password, a
 * bearer token and an e-mail address, each in {@value #COPIES} separate copies, so that the
 * duplicate-strings rule quotes them. Argument: the directory for the dump.
 */
public final class SecretsScenario {
  static final String PASSWORD = "hunter2-Correct-Horse-Battery";
  static final String BEARER_TOKEN = "Bearer eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.sig-4f9a";
  static final String EMAIL = "alice.secret@example.com";
  static final int COPIES = 3000;

  /** The copies, held while the dump is written. */
  static volatile List<String> held;

  private SecretsScenario() {}

  public static void main(String[] args) throws Exception {
    List<String> copies = new ArrayList<>();
    for (int i = 0; i < COPIES; i++) {
      for (String secret : new String[] {PASSWORD, BEARER_TOKEN, EMAIL}) {
        copies.add(new String(secret.toCharArray()));
      }
    }
    held = copies;
    HeapCapture.captureAsArgumentsSay(args);
    held = null;
  }
}
