package io.heaplens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.heaplens.analysis.rules.RuleEngine;
import io.heaplens.fixtures.Chromium;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The report of {@code heaplens demo} (the per-request-cache sample: 804 timer threads) as a
 * newcomer sees it, measured in headless Chromium 1,400 pixels wide: its findings and its heap
 * overview fit in 6,000 pixels (the whole page was 27,500 before tables were capped and threads
 * grouped), the timer threads are one row, and long tables show their top rows until asked.
 * Without Chromium it is skipped with a banner that says so (see {@link Chromium}).
 */
@Timeout(240)
class DemoReportInBrowserTest {
  static final int WIDTH = 1400;
  static final int FINDINGS_AND_HEAP_MAX_PIXELS = 6000;

  @TempDir
  static Path demo;
  static Path profile;
  static ChromeDriver browser;

  @BeforeAll
  static void runTheDemoAndOpenItsReport() throws IOException {
    requireChromium();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Heaplens.run(new String[] {"demo", "--out", demo.toString()},
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
        RuleEngine::discover);
    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();

    Logger.getLogger("org.openqa.selenium.devtools").setLevel(Level.SEVERE);
    profile = Files.createTempDirectory("heaplens-demo-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(Chromium.BROWSER.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--no-first-run", "--user-data-dir=" + profile, "--window-size=" + WIDTH + ",1000", "--hide-scrollbars");
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(Chromium.DRIVER.toFile())
        .usingAnyFreePort().build(), options);
    browser.get(demo.resolve("report.html").toUri().toString());
  }

  /**
   * Skips the test when Chromium is missing, with a banner in the build's output that names what to
   * install: never silently, and never failing a machine that has only Java and Maven.
   */
  static void requireChromium() {
    String missing = Chromium.missing();
    if (missing != null) {
      System.err.println(Chromium.skipBanner("DemoReportInBrowserTest"));
    }
    assumeTrue(missing == null, missing);
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void findingsAndHeapOverviewFitInSixThousandPixels() {
    assertThat(number("return document.documentElement.clientWidth")).isEqualTo(WIDTH);
    long heapBottom = number("var r = document.getElementById('heap').getBoundingClientRect();"
        + " return Math.round(r.bottom + window.scrollY)");
    System.out.printf("demo report: findings and heap overview end at %,d px; the page is %,d px tall%n",
        heapBottom, number("return document.documentElement.scrollHeight"));
    assertThat(heapBottom).isLessThanOrEqualTo(FINDINGS_AND_HEAP_MAX_PIXELS);
  }

  @Test
  void theTimerThreadsAreOneRowAndLongTablesShowTheirTop() {
    List<WebElement> groups = browser.findElements(By.cssSelector("#thread-table .group-count"));
    assertThat(groups).extracting(group -> Integer.parseInt(group.getAttribute("data-threads")))
        .as("804 Timer-N threads, one row").anyMatch(count -> count >= 600);
    assertThat(browser.findElement(By.cssSelector("#thread-table q.thread-name")).getText()).isEqualTo("Timer-N");
    for (String table : List.of("histogram", "thread-table")) {
      long visible = browser.findElements(By.cssSelector("#" + table + " > tbody > tr")).stream()
          .filter(WebElement::isDisplayed).count();
      assertThat(visible).as("rows of %s shown before 'Show all'", table).isLessThanOrEqualTo(10);
    }
    long rows = browser.findElements(By.cssSelector("#histogram > tbody > tr")).size();
    WebElement showAll = browser.findElement(By.cssSelector("button.show-all[data-table=histogram]"));
    browser.executeScript("arguments[0].click()", showAll);
    assertThat(browser.findElements(By.cssSelector("#histogram > tbody > tr")).stream()
        .filter(WebElement::isDisplayed).count()).isEqualTo(rows);
    browser.executeScript("arguments[0].click()", showAll);
  }

  /**
   * At half the width, where long class names must wrap, each piece between two break points
   * (after a dot or a dollar sign) stays on one line: a text node that spans two lines was cut
   * inside a name.
   */
  @Test
  void classNamesWrapOnlyAfterADotEvenInANarrowWindow() {
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(WIDTH / 2, 1000));
    try {
      browser.executeScript("document.getElementById('histogram').classList.add('all')");
      Object cut = browser.executeScript("var cut = [];"
          + "document.querySelectorAll('#histogram code.cls, #dominators code.cls').forEach(function (code) {"
          + "  var wraps = 0;"
          + "  code.childNodes.forEach(function (node) {"
          + "    if (node.nodeType !== Node.TEXT_NODE || !node.textContent) { return; }"
          + "    var range = document.createRange(); range.selectNodeContents(node);"
          + "    if (range.getClientRects().length > 1) { cut.push(node.textContent + ' in ' + code.textContent); }"
          + "  });"
          + "});"
          + "return cut;");
      assertThat((List<?>) cut).as("class names cut inside a word").isEmpty();
      long wrapped = number("var n = 0; document.querySelectorAll('#histogram code.cls').forEach(function (code) {"
          + " if (code.getClientRects().length > 1) { n++; } }); return n");
      assertThat(wrapped).as("some names are long enough to wrap at this width").isPositive();
    } finally {
      browser.executeScript("document.getElementById('histogram').classList.remove('all')");
      browser.manage().window().setSize(new org.openqa.selenium.Dimension(WIDTH, 1000));
    }
  }

  private static long number(String script) {
    return ((Number) browser.executeScript(script)).longValue();
  }
}
