package io.heaplens.html;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.analysis.RecordingSummary.FlameNode;
import io.heaplens.analysis.RecordingSummary.Point;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The geometry of the recording's charts: round axes over time, and flame graphs within their caps. */
class RecordingChartsTest {
  @SuppressWarnings("unchecked")
  static List<String> labels(Map<String, Object> frame, String axis) {
    return ((List<Map<String, Object>>) frame.get(axis)).stream().map(tick -> (String) tick.get("label")).toList();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> nodes(Map<String, Object> graph) {
    return (List<Map<String, Object>>) graph.get("nodes");
  }

  @Test
  void axesHaveAFewRoundTicks() {
    Map<String, Object> bytes = new TimeChart(1120, 280, 860_000, 415 * SampleReports.MB, TimeChart.Unit.BYTES).frame();
    assertThat(labels(bytes, "yTicks")).containsExactly("0", "200 MB", "400 MB", "600 MB");
    assertThat(labels(bytes, "xTicks")).containsExactly("0:00", "2:00", "4:00", "6:00", "8:00", "10:00", "12:00",
        "14:00");
    assertThat(bytes.get("timeUnit")).isEqualTo("min:s");

    assertThat(labels(new TimeChart(540, 200, 860_000, 291.6, TimeChart.Unit.MILLIS).frame(), "yTicks"))
        .containsExactly("0", "100 ms", "200 ms", "300 ms");
    assertThat(labels(new TimeChart(540, 200, 860_000, 0.7, TimeChart.Unit.MILLIS).frame(), "yTicks"))
        .containsExactly("0", "0.2 ms", "0.4 ms", "0.6 ms", "0.8 ms");
    assertThat(labels(new TimeChart(540, 200, 860_000, 1_885, TimeChart.Unit.COUNT).frame(), "yTicks"))
        .containsExactly("0", "500", "1,000", "1,500", "2,000");
    assertThat(labels(new TimeChart(540, 200, 860_000, 3, TimeChart.Unit.COUNT).frame(), "yTicks"))
        .containsExactly("0", "1", "2", "3");
    assertThat(labels(new TimeChart(540, 200, 860_000, 3 * 1024 * SampleReports.MB, TimeChart.Unit.BYTES).frame(),
        "yTicks")).containsExactly("0", "1 GB", "2 GB", "3 GB");

    Map<String, Object> hours = new TimeChart(540, 200, 3 * 3_600_000, 1, TimeChart.Unit.COUNT).frame();
    assertThat(labels(hours, "xTicks")).containsExactly("0:00", "30:00", "1:00:00", "1:30:00", "2:00:00", "2:30:00",
        "3:00:00");
    assertThat(hours.get("timeUnit")).isEqualTo("h:min:s");
  }

  @Test
  void pointsStayInsideThePlot() {
    TimeChart chart = new TimeChart(540, 200, 10_000, 100, TimeChart.Unit.COUNT);

    assertThat(chart.path(List.of(new Point(0, 0), new Point(10_000, 100))))
        .isEqualTo("M72.0 176.0L522.0 10.0");
    assertThat(chart.steps(List.of(new Point(0, 0), new Point(5_000, 50), new Point(20_000, 500))))
        .isEqualTo("M72.0 176.0L297.0 176.0L297.0 93.0L522.0 93.0L522.0 10.0");
  }

  @Test
  void flameGraphLeavesOutWhatIsTooNarrowOrTooDeep() {
    FlameNode chain = new FlameNode("com.example.Leaf.run", 100, List.of());
    for (int depth = 99; depth > 0; depth--) {
      chain = new FlameNode("com.example.Level" + depth + ".call", 100, List.of(chain));
    }
    FlameNode root = new FlameNode("all", 100_000, List.of(
        new FlameNode("com.example.Heavy.run", 99_000, List.of(new FlameNode("com.example.Heavy.work", 99_000,
            List.of(new FlameNode("com.example.Wrong.sum", 250_000, List.of()))))),
        chain));
    Limits shallow = new Limits(50, 3, 3, 20, 10, 3, 7, 25, 4, 10, 400, 200, 10, 200, 50, 4_000, 5, 2_000, 20, 200,
        3, 16, 20, 5, 120, 600, 1_500, 2, 1L << 20, 1L << 20, 1L << 20, 1L << 20, 1L << 20, 1L << 20, 1L << 20,
        1L << 20);

    Map<String, Object> graph = FlameGraph.of(root, FlameGraph.Kind.CPU, shallow, new Budget(1L << 20));

    assertThat(nodes(graph)).extracting(node -> node.get("label"))
        .containsExactly("all", "Heavy.run", "Heavy.work");
    assertThat(graph.get("notDrawn")).isEqualTo("Not drawn: 100 frames under 0.3% of the total,"
        + " 1 frame more than 2 calls deep; the JSON output has them.");
    assertThat(graph.get("height")).isEqualTo(3 * FlameGraph.ROW);
    assertThat(nodes(graph).get(1)).containsEntry("width", "1148.4").containsEntry("y", FlameGraph.ROW)
        .containsEntry("percent", "99.0%").containsEntry("weight", "99,000 samples").containsEntry("color", "a"
            + Math.floorMod("com.example.Heavy.run".hashCode(), 5));
  }

  @Test
  void flameGraphKeepsCalleesInsideTheirCaller() {
    FlameNode root = new FlameNode("all", 1_000, List.of(new FlameNode("java.lang.Thread.run", 500, List.of(
        new FlameNode("com.example.A.run", 400, List.of()), new FlameNode("com.example.B.run", 400, List.of())))));

    List<Map<String, Object>> nodes = nodes(FlameGraph.of(root, FlameGraph.Kind.ALLOCATION, Limits.DEFAULT,
        new Budget(1L << 20)));

    assertThat(nodes).extracting(node -> node.get("x") + "+" + node.get("width"))
        .containsExactly("0.0+1160.0", "0.0+580.0", "0.0+464.0", "464.0+116.0");
    assertThat(nodes.get(1).get("color").toString()).startsWith("j");
    assertThat(FlameGraph.of(new FlameNode("all", 0, List.of()), FlameGraph.Kind.CPU, Limits.DEFAULT,
        new Budget(1L << 20))).isNull();
    assertThat(FlameGraph.of(null, FlameGraph.Kind.CPU, Limits.DEFAULT, new Budget(1L << 20))).isNull();
  }

  @Test
  void framesReadAsJdkOrApplicationWithShortNames() {
    assertThat(Frames.withoutPackage("java.util.Timer.<init>:160")).isEqualTo("Timer.<init>:160");
    assertThat(Frames.withoutPackage("com.example.search.SearchLogic.<init>")).isEqualTo("SearchLogic.<init>");
    assertThat(Frames.withoutPackage("java.util.TimerThread.mainLoop(Timer.java:566)"))
        .isEqualTo("TimerThread.mainLoop(Timer.java:566)");
    assertThat(Frames.withoutPackage("Main.main")).isEqualTo("Main.main");
    assertThat(Frames.withoutPackage("all")).isEqualTo("all");
    assertThat(Frames.isJdk("jdk.internal.misc.Unsafe.park")).isTrue();
    assertThat(Frames.isJdk("com.sun.net.httpserver.HttpServer.create")).isTrue();
    assertThat(Frames.isJdk("javafx.application.Application.launch")).isFalse();
    assertThat(Frames.isJdk("com.example.Main.main")).isFalse();
  }

  @Test
  void timesReadAsPeopleSayThem() {
    assertThat(Text.clock(61_000)).isEqualTo("1:01");
    assertThat(Text.clock(3_723_000)).isEqualTo("1:02:03");
    assertThat(Text.roughDuration(810)).isEqualTo("14 min");
    assertThat(Text.roughDuration(40)).isEqualTo("40 s");
    assertThat(Text.roughDuration(5 * 3_600)).isEqualTo("5 h");
    assertThat(Text.roughDuration(30 * 86_400)).isEqualTo("30 days");
    assertThat(Text.pause(850)).isEqualTo("850 \u00b5s");
    assertThat(Text.pause(23_400)).isEqualTo("23.4 ms");
    assertThat(Text.pause(1_250_000)).isEqualTo("1.25 s");
  }
}
