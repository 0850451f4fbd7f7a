package io.heaplens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.heaplens.fixtures.HeadlessChromium;
import io.heaplens.samples.SampleCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * {@code heaplens scan <folder>} as the README shows it, with no S3 anywhere, then its index page in
 * a real headless Chromium: nothing loaded from the network, no console error, hostile file names
 * shown as text and never run, each dump's culprit on the page, and the report one click away.
 */
@Tag("e2e")
@Timeout(600)
class ScanFolderEndToEndTest {
  private static final String SAMPLE = "per-request-cache";
  private static final String HOSTILE = "<img src=x onerror=alert(1)>'\".hprof";

  @TempDir
  Path temp;

  @Test
  void aFolderScanWritesAnIndexThatABrowserShowsSafelyAndLinksToTheReports() throws Exception {
    SampleCaptures.Capture problem = SampleCaptures.of(SAMPLE, false);
    Path source = Files.createDirectories(temp.resolve("dumps"));
    Files.copy(problem.heapDump(), source.resolve("checkout-7.hprof"));
    Files.copy(problem.recording(), source.resolve("checkout-7.jfr"));
    Files.copy(problem.heapDump(), source.resolve(HOSTILE));
    Files.writeString(source.resolve("<script>alert(2)<script>.txt"), "a note, not a dump");
    Path out = temp.resolve("results");

    HeaplensProcess scan = HeaplensProcess.start(temp.resolve("logs"), "scan", Map.of(), "scan", source.toString(),
        "--out", out.toString(), "--analysis-heap", "512m", "--parallel", "2");
    assertThat(scan.waitFor(400)).as(scan.err()).isZero();
    assertThat(scan.out()).contains("2 analyzed now, 0 failed now, 0 already done, 0 failed before, 1 skipped");
    assertThat(scan.err()).contains("2/2 analyzed, 0 failed, 0 running");
    assertThat(out.resolve("checkout-7.hprof/report.html")).isRegularFile();

    String unavailable = HeadlessChromium.unavailableReason();
    if (unavailable != null) {
      System.err.println(unavailable);
    }
    assumeTrue(unavailable == null, unavailable);
    try (HeadlessChromium chromium = HeadlessChromium.start(true)) {
      ChromeDriver browser = chromium.driver();
      String url = out.resolve("index.html").toUri().toString();
      chromium.forgetLogs();
      browser.get(url);

      assertThat(browser.findElements(By.cssSelector("#analyses-table img"))).isEmpty();
      assertThat(browser.findElements(By.tagName("script"))).isEmpty();
      assertThat(browser.findElement(By.id("analyses-table")).getText()).contains(HOSTILE)
          .contains(SampleCatalog.byId(SAMPLE).variants().get(0).culpritClass());
      browser.findElement(By.cssSelector("#skipped summary")).click();
      assertThat(browser.findElement(By.id("skipped-table")).getText()).contains("<script>alert(2)<script>.txt");
      assertThat(chromium.requestedUrls()).as("requests").allMatch(requested -> requested.equals(url));
      assertThat(chromium.severeConsoleMessages()).isEmpty();
      assertThat(chromium.policyViolations()).isEmpty();

      List<WebElement> rows = browser.findElements(By.cssSelector("#analyses-table tbody tr"));
      WebElement checkout = rows.stream().filter(row -> row.getText().contains("checkout-7.hprof")).findFirst()
          .orElseThrow();
      assertThat(checkout.getText()).contains("checkout-7.jfr").contains("CRITICAL");
      checkout.findElement(By.cssSelector("a.report-link")).click();
      assertThat(browser.getCurrentUrl()).isEqualTo(out.resolve("checkout-7.hprof/report.html").toUri().toString());
      assertThat(browser.findElement(By.tagName("body")).getText())
          .contains(SampleCatalog.byId(SAMPLE).expectedRule());
    }
  }
}
