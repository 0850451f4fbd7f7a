package io.heaplens.rules.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.rules.support.LibraryClasses.Role;
import org.junit.jupiter.api.Test;

/** What the support classes decide from names alone: library or application, patterns, known classes. */
class NamesTest {
  @Test
  void jdkAndLibrariesAreLibraryCodeWhereverTheyWereRelocated() {
    assertThat(ApplicationCode.isLibrary("java.util.Timer")).isTrue();
    assertThat(ApplicationCode.isLibrary("okhttp3.OkHttpClient")).isTrue();
    assertThat(ApplicationCode.isLibrary("org.apache.hc.client5.http.impl.classic.InternalHttpClient")).isTrue();
    assertThat(ApplicationCode.isLibrary("com.acme.shaded.okhttp3.OkHttpClient")).isTrue();
    assertThat(ApplicationCode.isLibrary("com.acme.deps.org.apache.hc.core5.pool.StrictConnPool")).isTrue();
    assertThat(ApplicationCode.isLibrary("byte[]")).isTrue();
    assertThat(ApplicationCode.isLibrary("java.lang.Object[]")).isTrue();
  }

  @Test
  void everythingElseIsApplicationCode() {
    assertThat(ApplicationCode.isApplication("com.example.search.SearchCache")).isTrue();
    assertThat(ApplicationCode.isApplication("com.example.search.SearchCache[]")).isTrue();
    // a package segment that merely resembles a library name is not a relocated library
    assertThat(ApplicationCode.isApplication("com.example.reactor.Orders")).isTrue();
    assertThat(ApplicationCode.isApplication("com.example.okhttp.Wrapper")).isTrue();
  }

  @Test
  void lambdasAndAnonymousClassesBelongToTheClassDeclaringThem() {
    assertThat(ApplicationCode.declaringClass("com.example.Cache$$Lambda$185+0x00007f5cd4006cd0"))
        .isEqualTo("com.example.Cache");
    assertThat(ApplicationCode.declaringClass("com.example.Cache$$Lambda$12/0x0000000800c0b2a8"))
        .isEqualTo("com.example.Cache");
    assertThat(ApplicationCode.declaringClass("com.example.Cache$1")).isEqualTo("com.example.Cache");
    assertThat(ApplicationCode.declaringClass("com.example.Cache$Entry")).isEqualTo("com.example.Cache$Entry");
    assertThat(ApplicationCode.declaringClass("com.example.Cache$Entry[]")).isEqualTo("com.example.Cache$Entry");
  }

  @Test
  void threadNamesAreReducedToTheirPattern() {
    assertThat(ThreadNames.pattern("pool-12-thread-3")).isEqualTo("pool-N-thread-M");
    assertThat(ThreadNames.pattern("Timer-118")).isEqualTo("Timer-N");
    assertThat(ThreadNames.pattern("OkHttp ConnectionPool")).isEqualTo("OkHttp ConnectionPool");
    assertThat(ThreadNames.pattern("HttpClient-7-SelectorManager")).isEqualTo("HttpClient-N-SelectorManager");
    assertThat(ThreadNames.pattern("worker-deadbeef01")).isEqualTo("worker-N");
    assertThat(ThreadNames.pattern(null)).isEqualTo("<unnamed>");
  }

  @Test
  void knownClassesMatchExactlyRelocatedOrByDistinctiveSimpleName() {
    LibraryClasses.Known okHttp = LibraryClasses.identify("okhttp3.OkHttpClient").orElseThrow();
    assertThat(okHttp.role()).isEqualTo(Role.HTTP_CLIENT);
    assertThat(LibraryClasses.matches("com.acme.shaded.okhttp3.OkHttpClient", okHttp)).isTrue();
    assertThat(LibraryClasses.matches("com.acme.http.OkHttpClient", okHttp)).isTrue();
    assertThat(LibraryClasses.matches("com.acme.http.MyOkHttpClient", okHttp)).isFalse();

    LibraryClasses.Known dispatcher = LibraryClasses.identify("okhttp3.Dispatcher").orElseThrow();
    assertThat(LibraryClasses.matches("com.acme.shaded.okhttp3.Dispatcher", dispatcher)).isTrue();
    assertThat(LibraryClasses.matches("com.acme.events.Dispatcher", dispatcher))
        .as("a generic simple name alone is not the library's class").isFalse();
    assertThat(LibraryClasses.identify("com.acme.events.Dispatcher")).isEmpty();
  }
}
