package io.heaplens.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.heaplens.analysis.AnalysisReport;
import io.heaplens.fixtures.Chromium;
import io.heaplens.hprof.HprofFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The report in a real browser: headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}) driven by Selenium, with the network cut off for the page. The page must load
 * nothing but itself, log no error, show the findings and their culprits, sort the class histogram
 * and expand dominators and threads, draw the recording's charts and zoom its flame graphs; a
 * report made of hostile names must run no injected code and show the names as text. Leaves {@code
 * target/report-screenshot.png} (the first screen), {@code target/report-full-page.png}, {@code
 * target/report-recording-screenshot.png} (the recording overview), {@code
 * target/report-sample.html} and {@code target/report-recording-sample.html} for people to look at.
 *
 * <p>Without Chromium or its driver ({@code apt-get install -y chromium chromium-driver}) it fails,
 * it is skipped with a banner that says so (see {@link Chromium}).
 */
@Timeout(180)
class ReportInBrowserTest {
  static final Path TARGET = Path.of("target");
  /** Records every Content-Security-Policy violation (a blocked load or script) before the page runs. */
  static final String WATCH_VIOLATIONS = "window.__violations = [];"
      + "document.addEventListener('securitypolicyviolation', function (e) {"
      + "  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI); });";

  /** How the page's script compares text: lower-cased, by UTF-16 code unit. */
  static final Comparator<String> BY_LOWER_CASE = Comparator.comparing(text -> text.toLowerCase(Locale.ROOT));

  /** Selenium warns that it knows no newer DevTools protocol than 153; the test uses none of it. */
  static final Logger DEVTOOLS_LOG = Logger.getLogger("org.openqa.selenium.devtools");

  static ChromeDriver browser;
  static Path profile;
  static Path pages;

  @BeforeAll
  static void startBrowser() throws IOException {
    requireChromium();
    DEVTOOLS_LOG.setLevel(Level.SEVERE);
    profile = Files.createTempDirectory("heaplens-chromium-profile-");
    pages = Files.createTempDirectory("heaplens-report-pages-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(Chromium.BROWSER.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=1280,1600", "--hide-scrollbars");
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    logging.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability("goog:loggingPrefs", logging);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Chromium.DRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    // The network is cut off for the page: every URL blocked, and the connection emulated offline.
    browser.executeCdpCommand("Network.enable", Map.of());
    browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("http://*", "https://*",
        "ws://*", "wss://*", "ftp://*")));
    browser.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", true, "latency", 0,
        "downloadThroughput", -1, "uploadThroughput", -1));
    browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WATCH_VIOLATIONS));
  }

  /**
   * Skips the test when Chromium is missing, with a banner in the build's output that names what to
   * install: never silently, and never failing a machine that has only Java and Maven.
   */
  static void requireChromium() {
    String missing = Chromium.missing();
    if (missing != null) {
      System.err.println(Chromium.skipBanner("ReportInBrowserTest"));
    }
    assumeTrue(missing == null, missing);
  }

  @AfterAll
  static void stopBrowser() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    for (Path directory : new Path[] {profile, pages}) {
      if (directory != null) {
        try (Stream<Path> files = Files.walk(directory)) {
          for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(file);
          }
        }
      }
    }
  }

  @BeforeEach
  void forgetEarlierLogs() {
    browser.manage().logs().get(LogType.BROWSER);
    browser.manage().logs().get(LogType.PERFORMANCE);
  }

  /** Writes the report and opens it; returns its URL. */
  static String open(AnalysisReport report, String name) throws IOException {
    Path file = pages.resolve(name);
    HtmlReport.write(report, file);
    String url = file.toUri().toString();
    browser.get(url);
    assertThat(browser.executeScript("return document.readyState")).isEqualTo("complete");
    return url;
  }

  @Test
  void reportLoadsNothingLogsNoErrorAndShowsTheFindings() throws IOException {
    String url = open(SampleReports.typical(), "report.html");
    Files.createDirectories(TARGET);
    HtmlReport.write(SampleReports.typical(), TARGET.resolve("report-sample.html"));

    assertThat(browser.getTitle()).isEqualTo("heaplens: search-7f9c.hprof");
    assertNothingLoadedButThePage(url);
    assertThat(severeConsoleMessages()).isEmpty();

    WebElement first = browser.findElement(By.id("finding-1"));
    assertThat(first.isDisplayed()).isTrue();
    assertThat(first.findElement(By.className("claim")).getText())
        .startsWith("1,843 java.util.Timer threads, each created by com.example.search.SearchLogic.<init>");
    assertThat(first.findElement(By.className("culprit")).isDisplayed()).isTrue();
    assertThat(first.findElement(By.className("culprit")).getText())
        .isEqualTo("CULPRIT com.example.search.SearchLogic.<init> line 57");
    assertThat(browser.findElement(By.cssSelector("#finding-2 .culprit")).getText())
        .isEqualTo("CULPRIT com.example.quotes.QuoteFetcher.fetch line 31");
    assertThat(first.findElement(By.cssSelector("details.example ol.chain")).isDisplayed()).isTrue();
    assertThat(browser.findElements(By.cssSelector("#verdict-headlines li"))).hasSize(3)
        .allMatch(WebElement::isDisplayed);
    assertThat(browser.findElement(By.cssSelector("#class-chart svg rect.bar")).getSize().getWidth())
        .as("the chart is drawn").isGreaterThan(100);

    Files.write(TARGET.resolve("report-screenshot.png"), screenshot(false));
    Files.write(TARGET.resolve("report-full-page.png"), screenshot(true));
  }

  @Test
  void reportOfAHostileDumpRunsNothing() throws Exception {
    String url = open(HostileDump.analyze(pages.resolve("hostile.hprof")), "hostile-dump.html");
    click(browser.findElement(By.cssSelector("button[data-expand=threads]")));
    click(browser.findElement(By.cssSelector("button[data-expand=dominators]")));

    assertThat(browser.executeScript("return typeof window.__pwned")).as("injected code ran").isEqualTo("undefined");
    assertThat(browser.findElement(By.cssSelector("#finding-1 .claim")).getText())
        .contains(HostileDump.HOLDER_CLASS, HostileDump.STRING_CONTENT);
    assertThat(browser.findElement(By.cssSelector("#thread-table .thread-name")).getText())
        .isEqualTo(HostileDump.THREAD_NAME);
    assertThat(browser.findElement(By.cssSelector("#thread-table code.frame")).getText()).contains(HostileDump.METHOD);
    assertNothingLoadedButThePage(url);
    assertThat(severeConsoleMessages()).isEmpty();
  }

  /** The checks above would see a load, a blocked load or injected code: tried on pages made to fail them. */
  @Test
  void theChecksSeeLoadsAndInjectedCode() throws IOException {
    Path unprotected = pages.resolve("control-unprotected.html");
    Files.writeString(unprotected, "<!DOCTYPE html><html><head><title>control</title></head><body>"
        + "<img src=\"https://example.invalid/pixel.png\"><img src=\"missing.png\" onerror=\"window.__pwned = true\">"
        + "</body></html>");
    browser.get(unprotected.toUri().toString());
    assertThat(requestedUrls()).contains("https://example.invalid/pixel.png");
    assertThat(resourcesLoaded()).isNotEmpty();
    assertThat(browser.executeScript("return typeof window.__pwned")).isEqualTo("boolean");

    Path protectedPage = pages.resolve("control-protected.html");
    Files.writeString(protectedPage, "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" "
        + "content=\"" + HtmlReport.CONTENT_SECURITY_POLICY + "\"><title>control</title></head><body>"
        + "<img src=\"https://example.invalid/pixel.png\"><img src=\"missing.png\" onerror=\"window.__pwned = true\">"
        + "</body></html>");
    browser.get(protectedPage.toUri().toString());
    assertThat(policyViolations()).as("the report's policy blocks loads and inline handlers")
        .anyMatch(violation -> violation.startsWith("img-src"))
        .anyMatch(violation -> violation.startsWith("script-src"));
    assertThat(browser.executeScript("return typeof window.__pwned")).isEqualTo("undefined");
    assertThat(severeConsoleMessages()).isNotEmpty();
  }

  @Test
  void clickingAColumnHeaderSortsTheHistogram() throws IOException {
    open(SampleReports.typical(), "sorting.html");
    WebElement table = browser.findElement(By.id("histogram"));
    assertThat(column(3)).as("retained, largest first").isSortedAccordingTo(Comparator.reverseOrder());

    click(header(table, "Class"));
    List<String> names = names();
    assertThat(names).hasSize(200).isSortedAccordingTo(BY_LOWER_CASE);
    assertThat(header(table, "Class").findElement(By.xpath("..")).getAttribute("aria-sort")).isEqualTo("ascending");

    click(header(table, "Class"));
    assertThat(names()).isSortedAccordingTo(BY_LOWER_CASE.reversed());

    click(header(table, "Instances"));
    assertThat(column(1)).as("instances, most first").isSortedAccordingTo(Comparator.reverseOrder());
    click(header(table, "Instances"));
    assertThat(column(1)).as("instances, fewest first").isSorted();
    assertThat(header(table, "Class").findElement(By.xpath("..")).getAttribute("aria-sort")).isNull();

    click(header(table, "Shallow"));
    assertThat(column(2)).isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(table.findElements(By.cssSelector("tfoot tr"))).as("the sums stay below").hasSize(2);
    assertThat(severeConsoleMessages()).isEmpty();
  }

  @Test
  void dominatorsAndThreadsExpand() throws IOException {
    open(SampleReports.typical(), "expanding.html");

    WebElement dominator = browser.findElement(By.cssSelector("#dominators ul.tree.top > li > details.dom"));
    WebElement children = dominator.findElement(By.cssSelector(":scope > ul.tree"));
    assertThat(children.isDisplayed()).isFalse();
    click(dominator.findElement(By.tagName("summary")));
    assertThat(dominator.getAttribute("open")).isNotNull();
    assertThat(children.isDisplayed()).isTrue();
    assertThat(dominator.findElement(By.cssSelector(":scope > .dom-path ol.chain")).isDisplayed()).isTrue();
    WebElement grandchild = children.findElement(By.cssSelector(":scope > li > details.dom"));
    click(grandchild.findElement(By.tagName("summary")));
    assertThat(grandchild.findElement(By.cssSelector(":scope > ul.tree")).isDisplayed()).isTrue();

    WebElement thread = browser.findElement(By.cssSelector("#thread-table tbody tr:nth-child(2) details.thread"));
    WebElement frames = thread.findElement(By.cssSelector("ol.frames"));
    assertThat(frames.isDisplayed()).isFalse();
    click(thread.findElement(By.tagName("summary")));
    assertThat(frames.isDisplayed()).isTrue();
    assertThat(frames.findElements(By.cssSelector(":scope > li"))).hasSize(50);
    assertThat(frames.findElement(By.cssSelector("li code.frame")).getText())
        .isEqualTo("com.example.search.SearchHandler.handle(SearchHandler.java:40)");

    click(browser.findElement(By.cssSelector("button[data-expand=threads]")));
    assertThat(browser.findElements(By.cssSelector("#threads details"))).allMatch(d -> d.getAttribute("open") != null);
    click(browser.findElement(By.cssSelector("button[data-collapse=threads]")));
    assertThat(browser.findElements(By.cssSelector("#threads details"))).allMatch(d -> d.getAttribute("open") == null);
    click(browser.findElement(By.cssSelector("button[data-expand=dominators]")));
    assertThat(browser.findElements(By.cssSelector("#dominators details"))).allMatch(WebElement::isDisplayed);
    assertThat(severeConsoleMessages()).isEmpty();
  }

  @Test
  void hostileNamesRunNothingAndShowAsText() throws IOException {
    String url = open(SampleReports.hostile(), "hostile.html");
    click(browser.findElement(By.cssSelector("button[data-expand=threads]")));
    click(browser.findElement(By.cssSelector("button[data-expand=dominators]")));
    for (WebElement name : browser.findElements(By.cssSelector("#findings .culprit-class, .thread-name")).subList(0, 5)) {
      browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", name);
      new Actions(browser).moveToElement(name).perform();
    }
    click(browser.findElement(By.cssSelector("#thread-table th button")));

    assertThat(browser.executeScript("return typeof window.__pwned")).as("injected code ran").isEqualTo("undefined");
    assertThatThrownBy(() -> browser.switchTo().alert()).as("an alert() opened").isInstanceOf(NoAlertPresentException.class);
    assertThat(browser.findElements(By.cssSelector("img, iframe, object, embed"))).isEmpty();
    assertThat(browser.executeScript("return document.scripts.length")).isEqualTo(1L);
    String text = browser.findElement(By.tagName("body")).getText();
    for (String hostile : SampleReports.HOSTILE) {
      assertThat(text).as("shown literally").contains(hostile.strip());
    }
    assertThat(browser.findElement(By.cssSelector("#finding-1 .culprit-class")).getText())
        .isEqualTo(SampleReports.HOSTILE.get(0) + " com.example.search.SearchLogic");
    assertNothingLoadedButThePage(url);
    assertThat(severeConsoleMessages()).isEmpty();
  }

  @Test
  void reportWithARecordingDrawsItsChartsAndZoomsItsFlameGraphs() throws IOException {
    AnalysisReport report = SampleReports.withRecording(SampleReports.typical());
    String url = open(report, "recording.html");
    Files.createDirectories(TARGET);
    HtmlReport.write(report, TARGET.resolve("report-recording-sample.html"));

    assertNothingLoadedButThePage(url);
    assertThat(severeConsoleMessages()).isEmpty();
    click(browser.findElement(By.cssSelector("#finding-1 details.stack > summary")));
    assertThat(browser.findElement(By.cssSelector("#finding-1 details.stack li.app")).getText())
        .startsWith("com.example.search.SearchLogic.<init>:57");
    assertThat(browser.findElement(By.id("live-set-trend")).getText()).startsWith("Live set grows +12.0 MB/min");
    for (String chart : List.of("#heap-after-gc-chart svg", "#gc-pause-chart svg", "#thread-count-chart svg")) {
      assertThat(browser.findElement(By.cssSelector(chart)).getSize().getWidth()).as(chart).isGreaterThan(400);
    }
    WebElement flame = browser.findElement(By.cssSelector("#allocation-flame svg.flame"));
    browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", flame);
    assertThat(flame.isDisplayed()).isTrue();
    assertThat(flame.getSize().getWidth()).as("the flame graph spans the page").isGreaterThan(1000);
    assertThat(flame.getSize().getHeight()).isGreaterThan(100);
    WebElement root = flame.findElement(By.cssSelector(":scope > g rect"));
    assertThat(root.getSize().getWidth()).as("the root is drawn across").isGreaterThan(1000);
    Files.write(TARGET.resolve("report-recording-screenshot.png"), screenshotOf(browser.findElement(By.id("recording"))));

    WebElement handler = frame(flame, "com.example.search.SearchHandler.handle");
    WebElement quotes = frame(flame, "com.example.quotes.QuoteService.refresh");
    double handlerWidth = boxWidth(handler);
    new Actions(browser).moveToElement(handler.findElement(By.tagName("rect"))).click().perform();
    assertThat(boxWidth(handler)).as("zoomed to the whole width").isEqualTo(1160.0);
    assertThat(classes(handler)).doesNotContain("context");
    assertThat(classes(quotes)).as("a sibling leaves the view").contains("hidden");
    assertThat(boxWidth(frame(flame, "java.lang.Thread.run"))).as("callers stay as context").isEqualTo(1160.0);
    assertThat(classes(frame(flame, "java.lang.Thread.run"))).contains("context");
    WebElement resize = frame(flame, "java.util.HashMap.resize");
    assertThat(boxWidth(resize)).as("callees widen with it").isGreaterThan(1160.0 * 3_900 / 5_600 - 0.5);
    assertThat(resize.findElement(By.tagName("text")).isDisplayed()).isTrue();

    click(browser.findElement(By.cssSelector("button[data-flame-reset=allocation-flame]")));
    assertThat(boxWidth(handler)).isEqualTo(handlerWidth);
    assertThat(classes(quotes)).doesNotContain("hidden");

    WebElement jmc = browser.findElement(By.id("jmc-table"));
    WebElement details = jmc.findElement(By.cssSelector("details.jmc-more"));
    click(details.findElement(By.tagName("summary")));
    assertThat(details.findElement(By.cssSelector("p.text")).isDisplayed()).isTrue();
    click(header(jmc, "Score"));
    assertThat(jmc.findElement(By.cssSelector("tbody tr td")).getText()).as("lowest score first").isEqualTo("\u2013");
    assertThat(severeConsoleMessages()).isEmpty();
  }

  @Test
  void reportOfAHostileRecordingRunsNothing() throws IOException {
    String url = open(SampleReports.hostileWithRecording(), "hostile-recording.html");
    WebElement flame = browser.findElement(By.cssSelector("#cpu-flame svg.flame"));
    List<WebElement> frames = flame.findElements(By.cssSelector(":scope > g"));
    for (WebElement frame : frames.subList(0, 6)) {
      browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", frame);
      new Actions(browser).moveToElement(frame.findElement(By.tagName("rect"))).perform();
    }
    new Actions(browser).moveToElement(frames.get(3).findElement(By.tagName("rect"))).click().perform();
    for (WebElement details : browser.findElements(By.cssSelector("#recording details, #findings details.stack"))) {
      browser.executeScript("arguments[0].open = true", details);
    }
    for (WebElement bar : browser.findElements(By.cssSelector("#gc-pause-chart rect")).subList(0, 5)) {
      browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", bar);
      new Actions(browser).moveToElement(bar).perform();
    }

    assertThat(browser.executeScript("return typeof window.__pwned")).as("injected code ran").isEqualTo("undefined");
    assertThatThrownBy(() -> browser.switchTo().alert()).as("an alert() opened").isInstanceOf(NoAlertPresentException.class);
    assertThat(browser.findElements(By.cssSelector("img, iframe, object, embed"))).isEmpty();
    assertThat(browser.executeScript("return document.scripts.length")).isEqualTo(1L);
    String text = browser.findElement(By.id("recording")).getText();
    for (String hostile : SampleReports.HOSTILE) {
      assertThat(text).as("shown literally").contains(hostile.strip());
    }
    click(browser.findElement(By.cssSelector("#about-inputs > summary")));
    assertThat(browser.findElement(By.cssSelector("#recording-facts code")).getText()).startsWith("/var/recordings/<");
    assertNothingLoadedButThePage(url);
    assertThat(severeConsoleMessages()).isEmpty();
  }

  /** The frame of a flame graph whose tooltip names {@code frame}. */
  static WebElement frame(WebElement flame, String frame) {
    return flame.findElements(By.cssSelector(":scope > g")).stream()
        .filter(g -> g.findElement(By.tagName("title")).getAttribute("textContent").startsWith(frame + " \u2014"))
        .findFirst().orElseThrow();
  }

  /** The element's classes; none when it has no class attribute. */
  static List<String> classes(WebElement element) {
    String classes = element.getDomAttribute("class");
    return classes == null ? List.of() : List.of(classes.trim().split("\\s+"));
  }

  /** A flame graph frame's width in the graph's units, as the script left it. */
  static double boxWidth(WebElement frame) {
    return Double.parseDouble(frame.findElement(By.tagName("svg")).getAttribute("width"));
  }

  /**
   * No resource but the page itself: the page's own resource timing list is empty, the DevTools
   * network log shows no request for any other URL, and no Content-Security-Policy violation
   * (which every blocked load attempt would raise) was seen.
   */
  static void assertNothingLoadedButThePage(String url) {
    assertThat(browser.executeScript("return performance.getEntriesByType('navigation')[0].name")).isEqualTo(url);
    assertThat(resourcesLoaded()).as("resource timing entries").isEmpty();
    assertThat(policyViolations()).as("Content-Security-Policy violations").isEmpty();
    assertThat(requestedUrls()).as("requests in the network log").allMatch(requested -> requested.equals(url));
  }

  /** The page's resource timing entries: everything it fetched after the document itself. */
  @SuppressWarnings("unchecked")
  static List<String> resourcesLoaded() {
    return (List<String>) browser.executeScript("return performance.getEntriesByType('resource').map(e => e.name)");
  }

  @SuppressWarnings("unchecked")
  static List<String> policyViolations() {
    return (List<String>) browser.executeScript("return window.__violations");
  }

  /** The URL of every request in the DevTools network log since it was last read. */
  static List<String> requestedUrls() {
    List<String> requested = new ArrayList<>();
    for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
      Map<String, Object> message = new Json().toType(entry.getMessage(), Json.MAP_TYPE);
      @SuppressWarnings("unchecked")
      Map<String, Object> event = (Map<String, Object>) message.get("message");
      if ("Network.requestWillBeSent".equals(event.get("method"))) {
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) event.get("params");
        @SuppressWarnings("unchecked")
        Map<String, Object> request = (Map<String, Object>) params.get("request");
        requested.add(String.valueOf(request.get("url")));
      }
    }
    return requested;
  }

  static List<String> severeConsoleMessages() {
    List<String> severe = new ArrayList<>();
    for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.WARNING.intValue()) {
        severe.add(entry.getLevel() + " " + entry.getMessage());
      }
    }
    return severe;
  }

  /** Clicks like a person: the element scrolled to the middle of the screen, clear of the sticky menu. */
  static void click(WebElement element) {
    browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
    element.click();
  }

  static WebElement header(WebElement table, String label) {
    return table.findElement(By.xpath(".//thead//th/button[normalize-space(.)='" + label + "']"));
  }

  @SuppressWarnings("unchecked")
  static List<String> names() {
    return (List<String>) browser.executeScript(
        "return Array.from(document.querySelectorAll('#histogram tbody tr td:first-child'), td => td.textContent.trim())");
  }

  /** The sort values (data-v) of one numeric column of the histogram, in row order. */
  static List<Long> column(int index) {
    List<?> values = (List<?>) browser.executeScript("return Array.from(document.querySelectorAll("
        + "'#histogram tbody tr'), tr => Number(tr.cells[arguments[0]].getAttribute('data-v')))", index);
    return values.stream().map(value -> ((Number) value).longValue()).toList();
  }

  /** A PNG of one element, however far down the page. */
  static byte[] screenshotOf(WebElement element) {
    // From the top of the page, so the sticky menu stays where it belongs and out of the picture.
    browser.executeScript("window.scrollTo(0, 0)");
    @SuppressWarnings("unchecked")
    Map<String, Object> box = (Map<String, Object>) browser.executeScript("var r = arguments[0].getBoundingClientRect();"
        + "return {x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height};", element);
    Map<String, Object> clip = Map.of("x", box.get("x"), "y", box.get("y"), "width", box.get("width"),
        "height", box.get("height"), "scale", 1);
    Map<String, Object> result = browser.executeCdpCommand("Page.captureScreenshot",
        Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
    return Base64.getDecoder().decode(((String) result.get("data")).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  /** A PNG of the first screen, or of the whole page. */
  static byte[] screenshot(boolean fullPage) {
    Map<String, Object> result = browser.executeCdpCommand("Page.captureScreenshot",
        Map.of("format", "png", "captureBeyondViewport", fullPage));
    return Base64.getDecoder().decode(((String) result.get("data")).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }
}
