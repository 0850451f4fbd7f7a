package io.heaplens.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StackTracesTest {
  @Test
  void lambdaClassesLoseTheirRunSpecificNumberAndAddress() {
    assertThat(StackTraces.readable("com.acme.SearchService$$Lambda$98+0x00007f891000c228.603443293"))
        .isEqualTo("com.acme.SearchService$$Lambda");
    assertThat(StackTraces.readable("com.acme.SearchService$$Lambda$98/0x0000000800c01234"))
        .isEqualTo("com.acme.SearchService$$Lambda");
    assertThat(StackTraces.readable("com.acme.SearchService$$Lambda/0x000071b1c8003000"))
        .isEqualTo("com.acme.SearchService$$Lambda");
  }

  @Test
  void otherClassesKeepTheirNames() {
    assertThat(StackTraces.readable("com.acme.SearchService$1")).isEqualTo("com.acme.SearchService$1");
    assertThat(StackTraces.readable("com.acme.Lambda$Builder")).isEqualTo("com.acme.Lambda$Builder");
  }
}
