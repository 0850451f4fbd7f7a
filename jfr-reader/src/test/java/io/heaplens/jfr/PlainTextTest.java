package io.heaplens.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextTest {
  @Test
  void paragraphsAndListItemsBecomeLines() {
    String html = "<p>The most allocated type is likely <b>byte[]</b>, allocated by:<ul><li>void A.run()</li>"
        + "<li>void B.call()</li></ul></p><p>Consider   caching.</p>";

    assertThat(PlainText.of(html)).isEqualTo(
        "The most allocated type is likely byte[], allocated by:\n- void A.run()\n- void B.call()\nConsider caching.");
    assertThat(PlainText.oneLine(html)).isEqualTo(
        "The most allocated type is likely byte[], allocated by: - void A.run() - void B.call() Consider caching.");
  }

  @Test
  void entitiesAreDecodedAfterTheTagsAreGone() {
    assertThat(PlainText.of("List&lt;String&gt; &amp; Map&#60;K, V&#x3E; &quot;x&quot;&nbsp;y &bogus;"))
        .isEqualTo("List<String> & Map<K, V> \"x\" y &bogus;");
  }

  @Test
  void quotesDoubledByMessageFormatAreSingle() {
    assertThat(PlainText.of("The most allocated type is likely ''byte[]'', it''s &#39;quoted&#39;"))
        .isEqualTo("The most allocated type is likely 'byte[]', it's 'quoted'");
  }

  @Test
  void emptyTextIsNull() {
    assertThat(PlainText.of(null)).isNull();
    assertThat(PlainText.of("<p> </p>")).isNull();
  }
}
