package io.heaplens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The upload page in a real browser (headless Chromium through Selenium) against a real {@code
 * heaplens serve} process: a sample's dump and recording chosen in the file inputs, upload and
 * analysis progress shown, the report opened and its culprit found, the history listing the
 * analysis, deleting it; hostile file names shown as text; the history searched by file name; a
 * dropped dump and recording landing in their fields. Leaves {@code
 * target/serve-page.png}.
 *
 * <p>Skipped when Chromium or its driver is not installed ({@code apt-get install -y chromium
 * chromium-driver}).
 */
@Tag("e2e")
@Timeout(300)
class ServeInBrowserTest {
  /** Records every text the status line shows, so that passing progress can be checked afterwards. */
  static final String WATCH_STATUS = "window.__statusTexts = [];"
      + "new MutationObserver(function () {"
      + "  window.__statusTexts.push(document.getElementById('status-text').textContent);"
      + "}).observe(document.getElementById('status-text'), {childList: true, characterData: true, subtree: true});";

  @TempDir
  static Path temp;
  static HeadlessChromium chromium;
  static ChromeDriver browser;
  static ServerProcess server;
  private static final String SAMPLE = "per-request-cache";
  static SampleCaptures.Capture sample;

  @BeforeAll
  static void start() throws Exception {
    HeadlessChromium.assumeInstalled("ServeInBrowserTest (the upload page in a browser)");
    sample = SampleCaptures.of(SAMPLE, false);
    server = ServerProcess.start(temp.resolve("data"), Map.of(), "--analysis-heap", "512m");
    chromium = HeadlessChromium.start(false);
    browser = chromium.driver();
  }

  @AfterAll
  static void stop() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void uploadWatchOpenTheReportThenFindAndDeleteItInTheHistory() throws Exception {
    chromium.forgetLogs();
    browser.get(server.uri("/").toString());
    browser.executeScript(WATCH_STATUS);
    browser.findElement(By.id("file-input")).sendKeys(sample.heapDump().toString());
    browser.findElement(By.id("recording-input")).sendKeys(sample.recording().toString());
    browser.findElement(By.id("upload-button")).click();

    WebElement reportLink = new WebDriverWait(browser, Duration.ofSeconds(150))
        .until(driver -> {
          WebElement link = driver.findElement(By.id("report-link"));
          return link.isDisplayed() ? link : null;
        });
    @SuppressWarnings("unchecked")
    List<String> statusTexts = (List<String>) browser.executeScript("return window.__statusTexts");
    assertThat(statusTexts).as("upload progress").anyMatch(text -> text.startsWith("Uploading: "));
    assertThat(statusTexts).as("analysis progress, phase and percent")
        .anyMatch(text -> text.matches("Analyzing: .+ \\d+%"));
    assertThat(browser.findElement(By.id("status-text")).getText()).matches("Done: \\d+ findings?, the worst \\w+\\.");
    assertThat(chromium.policyViolations()).as("the page breaks its own policy").isEmpty();
    assertThat(chromium.requestedUrls()).as("the page asks only its own server")
        .allMatch(url -> url.startsWith(server.base.toString()));
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target", "serve-page.png"), browser.getScreenshotAs(OutputType.BYTES));

    String reportUrl = reportLink.getAttribute("href");
    browser.get(reportUrl);
    assertThat(browser.getTitle()).startsWith("heaplens");
    assertThat(browser.findElement(By.cssSelector("#finding-1 .culprit")).getText())
        .contains(sample.culpritSimpleName());
    assertThat(chromium.severeConsoleMessages()).isEmpty();

    browser.get(server.uri("/").toString());
    WebElement row = historyRow(sample.heapDump().getFileName().toString());
    assertThat(row.findElement(By.cssSelector("td.status")).getText()).isEqualTo("done");
    assertThat(row.findElement(By.cssSelector("td.finding")).getText()).isNotBlank();
    String id = row.getAttribute("data-id");
    WebElement delete = row.findElement(By.cssSelector("button.delete"));
    delete.click();
    assertThat(delete.getText()).isEqualTo("Delete for good");
    delete.click();

    new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver ->
        driver.findElements(By.cssSelector("#history-table tr[data-id='" + id + "']")).isEmpty());
    assertThat(server.get("/api/analyses/" + id).statusCode()).isEqualTo(404);
    assertThat(temp.resolve("data").resolve("analyses").resolve(id)).doesNotExist();
    assertThat(chromium.severeConsoleMessages()).isEmpty();
  }

  @Test
  void hostileFileNamesAreShownAsTextAndNeverUsedAsPaths() throws Exception {
    List<String> hostile = List.of("<img src=x onerror=\"window.__pwned=1\">.hprof", "../../etc/passwd",
        "<script>window.__pwned=2</script>.hprof");
    for (String name : hostile) {
      HttpResponse<String> accepted = server.upload(sample.recording(), name, null);
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    }

    browser.get(server.uri("/").toString());
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver ->
        driver.findElements(By.cssSelector("#history-table td.file")).size() >= hostile.size());

    assertThat(browser.executeScript("return typeof window.__pwned")).as("injected code ran").isEqualTo("undefined");
    assertThat(browser.findElements(By.cssSelector("#history-table img, #history-table script"))).isEmpty();
    List<String> shown = browser.findElements(By.cssSelector("#history-table td.file")).stream()
        .map(WebElement::getText).collect(Collectors.toList());
    assertThat(shown).containsAll(hostile);
    try (var stored = Files.walk(temp.resolve("data"))) {
      assertThat(stored.map(path -> path.getFileName().toString()))
          .noneMatch(file -> file.contains("passwd") || file.contains("<") || file.contains("script"));
    }
    assertThat(temp.resolve("etc")).doesNotExist();

    browser.findElement(By.id("search")).sendKeys("PASSWD");
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver ->
        driver.findElements(By.cssSelector("#history-table td.file")).size() == 1);
    assertThat(browser.findElement(By.cssSelector("#history-table td.file")).getText()).isEqualTo("../../etc/passwd");
  }

  @Test
  void droppingADumpAndARecordingFillsBothFields() {
    browser.get(server.uri("/").toString());

    // What a drop from the file manager delivers: a DataTransfer of files, the recording first.
    browser.executeScript("var files = new DataTransfer();"
        + "files.items.add(new File(['FLR'], 'orders.jfr'));"
        + "files.items.add(new File(['JAVA PROFILE 1.0.2'], 'orders.hprof'));"
        + "var zone = document.getElementById('drop-zone');"
        + "zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: files, bubbles: true, cancelable: true}));"
        + "zone.dispatchEvent(new DragEvent('drop', {dataTransfer: files, bubbles: true, cancelable: true}));");

    assertThat(browser.executeScript("return document.getElementById('file-input').files[0].name"))
        .isEqualTo("orders.hprof");
    assertThat(browser.executeScript("return document.getElementById('recording-input').files[0].name"))
        .isEqualTo("orders.jfr");
    assertThat(browser.findElement(By.id("drop-zone")).getAttribute("class")).doesNotContain("over");
  }

  /** The history row whose file cell shows {@code name}, once the page has listed it. */
  static WebElement historyRow(String name) {
    return new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver ->
        driver.findElements(By.cssSelector("#history-table tbody tr")).stream()
            .filter(row -> row.findElement(By.cssSelector("td.file")).getText().startsWith(name))
            .findFirst().orElse(null));
  }
}
