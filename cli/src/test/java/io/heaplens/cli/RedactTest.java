package io.heaplens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.fixtures.ScenarioRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --redact} on a real dump seeded with secrets ({@link SecretsScenario}): without it the
 * duplicate-strings finding quotes them (so this test can see a leak), with it no part of any
 * secret is in the text, the JSON or the HTML, while class names still are.
 */
@Timeout(180)
class RedactTest {
  /** The secrets, and distinctive pieces of them that a partial leak would show. */
  private static final List<String> SECRET_PIECES = List.of(SecretsScenario.PASSWORD, "hunter2",
      SecretsScenario.BEARER_TOKEN, "eyJhbGciOi", "c2VjcmV0", SecretsScenario.EMAIL, "alice.secret", "secret@");

  @TempDir
  static Path temp;
  static Path dump;
  static Path config;

  @BeforeAll
  static void dumpTheSecrets() throws IOException {
    dump = ScenarioRunner.dump(SecretsScenario.class).heapDump();
    // The copies waste about 1 MB, under the default thresholds of a real service's heap.
    config = Files.writeString(temp.resolve("strings.properties"),
        "strings.duplicates.minWasteShare=0.01\nstrings.duplicates.minWasteBytes=65536\n");
  }

  @Test
  void withoutRedactTheSecretsAreQuoted() throws IOException {
    String all = outputs("plain");
    assertThat(all).contains(SecretsScenario.PASSWORD, SecretsScenario.BEARER_TOKEN, SecretsScenario.EMAIL);
  }

  @Test
  void withRedactNoPartOfASecretIsInTheTextJsonOrHtml() throws IOException {
    String all = outputs("redacted", "--redact");
    assertThat(all).contains("strings.duplicates").contains("[redacted: ")
        .as("class names stay").contains(SecretsScenario.class.getName());
    for (String piece : SECRET_PIECES) {
      assertThat(all).as("the redacted outputs contain %s", piece).doesNotContain(piece);
    }
  }

  /** Text, JSON and HTML of one run, one after the other. */
  private static String outputs(String name, String... options) throws IOException {
    Path json = temp.resolve(name + ".json");
    Path html = temp.resolve(name + ".html");
    List<String> args = new java.util.ArrayList<>(List.of("analyze", dump.toString(), "--config", config.toString(),
        "--json", json.toString(), "-o", html.toString()));
    args.addAll(List.of(options));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run.out() + Files.readString(json) + Files.readString(html);
  }
}
