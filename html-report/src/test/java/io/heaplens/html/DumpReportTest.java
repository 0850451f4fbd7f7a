package io.heaplens.html;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.analysis.AnalysisReport;
import io.heaplens.hprof.HprofFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a real analysis of a synthetic dump ({@link HostileDump}) whose class names, thread
 * name, frame and string contents are attacks on the page: every one is shown as text, where it
 * belongs, and none becomes markup.
 */
@Timeout(60)
class DumpReportTest {
  @TempDir
  static Path temp;

  static AnalysisReport report;
  static String html;
  static Document page;

  @BeforeAll
  static void analyzeAndRender() throws Exception {
    report = HostileDump.analyze(temp.resolve("hostile.hprof"));
    html = HtmlReportTest.render(report);
    page = HtmlReportTest.parse(html);
  }

  @Test
  void nothingFromTheDumpBecomesMarkup() {
    for (String hostile : List.of(HostileDump.HOLDER_CLASS, HostileDump.BUFFER_CLASS, HostileDump.THREAD_NAME,
        HostileDump.METHOD, HostileDump.STRING_CONTENT)) {
      assertThat(html).as("raw in the page").doesNotContain(hostile);
    }
    assertThat(html.toLowerCase()).containsOnlyOnce("<script").containsOnlyOnce("</script");
    assertThat(page.select("script")).hasSize(1);
    assertThat(page.select("img, iframe, object, embed, [src]")).isEmpty();
    assertThat(page.select("svg")).allMatch(svg -> svg.hasClass("chart"));
    for (Element element : page.getAllElements()) {
      for (Attribute attribute : element.attributes()) {
        assertThat(attribute.getKey()).as("attribute of <%s>", element.tagName()).doesNotStartWith("on");
      }
    }
  }

  @Test
  void findingQuotesTheDumpAsText() {
    Element finding = page.getElementById("finding-1");

    assertThat(finding.selectFirst(".claim").text()).isEqualTo("One " + HostileDump.HOLDER_CLASS + " holds \""
        + HostileDump.STRING_CONTENT + "\" and retains " + report.findings().get(0).evidence().retainedBytes() + " bytes");
    assertThat(finding.selectFirst(".culprit-class").text()).isEqualTo(HostileDump.HOLDER_CLASS);
    assertThat(finding.selectFirst(".culprit-method").text()).isEqualTo(HostileDump.METHOD);
    assertThat(finding.selectFirst(".facts-list dd").text()).isEqualTo(HostileDump.STRING_CONTENT);
    assertThat(finding.selectFirst(".held .thread").text()).isEqualTo(HostileDump.THREAD_NAME);
    assertThat(finding.select("ol.chain li").last().selectFirst("code.cls").text()).isEqualTo(HostileDump.HOLDER_CLASS);
    assertThat(finding.selectFirst(".fix .text").text()).isEqualTo("Stop holding " + HostileDump.STRING_CONTENT + ".");
    assertThat(page.select("#verdict-headlines .claim").text()).contains(HostileDump.STRING_CONTENT);
  }

  @Test
  void heapOverviewShowsHostileNamesAsText() {
    assertThat(page.select("#histogram tbody td.name").eachText())
        .contains(HostileDump.HOLDER_CLASS, HostileDump.BUFFER_CLASS);
    assertThat(page.select("#class-chart g > title").eachText())
        .anyMatch(title -> title.startsWith(HostileDump.HOLDER_CLASS + ": "));
    assertThat(page.select("#dominators summary code.cls").eachText()).contains(HostileDump.HOLDER_CLASS);

    Element thread = page.selectFirst("#thread-table tbody tr");
    assertThat(thread.selectFirst(".thread-name").text()).isEqualTo(HostileDump.THREAD_NAME);
    assertThat(thread.selectFirst("code.frame").text())
        .isEqualTo(HostileDump.HOLDER_CLASS + "." + HostileDump.METHOD + "(Holder.java:42)");
    assertThat(thread.selectFirst(".locals code.cls").text()).isEqualTo(HostileDump.BUFFER_CLASS);
    assertThat(page.selectFirst("title").text()).isEqualTo("heaplens: hostile.hprof");
    assertThat(page.select("table.inputs td").eachText()).anyMatch(text -> text.matches("[0-9a-f]{64}"));
  }
}
