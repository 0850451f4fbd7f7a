package io.heaplens.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultKeysTest {
  private static final List<String> HOSTILE = List.of("../../etc/passwd", "..", ".", "/abs/path.hprof",
      "<img src=x onerror=alert(1)>.hprof", "a\\..\\b.hprof", "dir/./x", ".heaplens/skipped-all.json",
      "name with spaces & \"quotes\".hprof", "ünïcödé.hprof", "", "//", "a/%2e%2e/b");

  @Test
  void keepsOrdinaryKeysAsTheyAre() {
    assertThat(ResultKeys.of("team-a/app-7.hprof")).isEqualTo("team-a/app-7.hprof");
    assertThat(ResultKeys.of("app_1.hprof.gz")).isEqualTo("app_1.hprof.gz");
  }

  @Test
  void hostileKeysBecomeSafeRelativePathsInsideTheRoot() {
    Path root = Path.of("/results");
    for (String key : HOSTILE) {
      String safe = ResultKeys.of(key);
      assertThat(safe).as(key).matches("[A-Za-z0-9._/-]+");
      for (String segment : safe.split("/")) {
        assertThat(segment).as(key).isNotEmpty().doesNotStartWith(".");
      }
      assertThat(root.resolve(safe).normalize().startsWith(root)).as(key).isTrue();
    }
  }

  @Test
  void keysThatDifferOnlyInUnsafeCharactersStayApart() {
    assertThat(ResultKeys.of("a b.hprof")).isNotEqualTo(ResultKeys.of("a_b.hprof"))
        .isNotEqualTo(ResultKeys.of("a?b.hprof"));
    assertThat(ResultKeys.of("a b.hprof")).isEqualTo(ResultKeys.of("a b.hprof"));
  }
}
