package io.heaplens.html;

/**
 * How much of each list the report shows. Every list from the dump is capped, and every string cut
 * ({@link Text}), so that the report of any dump stays small enough to open and mail: with the
 * defaults, even a report in which every list is full and every string is at its cap and made of
 * characters that escape to six bytes stays under 10 MB (see the size test). What is left out is
 * always counted on the page ("and 1,234 more classes"); the JSON output holds everything.
 *
 * @param findings findings shown
 * @param verdictFindings findings summarized in the header, one sentence each
 * @param examplesPerFinding example objects per finding
 * @param namedValuesPerFinding named counts, and named facts, per finding
 * @param holdingThreadsPerFinding holding threads listed per finding
 * @param pathHead steps of a path from a GC root shown from the root's end
 * @param pathTail steps shown from the object's end (the steps between are counted, not shown)
 * @param dominators top-level dominators shown
 * @param dominatorDepth levels of dominated objects shown below each
 * @param dominatorChildren dominated objects shown per object
 * @param dominatorNodes dominated objects shown in all
 * @param histogramRows classes in the histogram
 * @param chartBars bars in the chart of classes by retained size
 * @param threads threads shown
 * @param framesPerThread stack frames shown per thread
 * @param frames stack frames shown in all threads together
 * @param localsPerFrame objects held by locals shown per frame
 * @param locals such objects shown in all
 * @param warnings warnings from reading the dump
 * @param rules rule runs and rule errors listed
 * @param recordedStacksPerFinding stacks from the recording shown per finding
 * @param recordedFrames frames shown per such stack, innermost first
 * @param recordingRows rows of each recording table: allocated classes, errors, sockets, event types
 * @param errorFrames frames shown per thrown error
 * @param jmcRules JDK Mission Control rule results listed
 * @param seriesPoints points drawn per chart over time (heap after GC, GC pauses, threads)
 * @param flameNodes frames drawn per flame graph
 * @param flameDepth levels drawn per flame graph
 * @param findingsText bytes of text (escaped, UTF-8) the findings may show; see {@link Budget}
 * @param dominatorsText the same for the dominator tree
 * @param histogramText the same for the class histogram
 * @param threadsText the same for the threads and their stacks
 * @param rulesText the same for the rules' ids, titles and error messages
 * @param recordingText the same for the recording's facts, warnings, tables and GC pause labels
 * @param jmcText the same for JDK Mission Control's rule results
 * @param flameText the same for each flame graph's frame names
 */
record Limits(
    int findings, int verdictFindings, int examplesPerFinding, int namedValuesPerFinding,
    int holdingThreadsPerFinding, int pathHead, int pathTail, int dominators, int dominatorDepth,
    int dominatorChildren, int dominatorNodes, int histogramRows, int chartBars, int threads,
    int framesPerThread, int frames, int localsPerFrame, int locals, int warnings, int rules,
    int recordedStacksPerFinding, int recordedFrames, int recordingRows, int errorFrames, int jmcRules,
    int seriesPoints, int flameNodes, int flameDepth,
    long findingsText, long dominatorsText, long histogramText, long threadsText, long rulesText,
    long recordingText, long jmcText, long flameText) {

  private static final long MB = 1L << 20;

  static final Limits DEFAULT = new Limits(
      50, 3, 3, 20,
      10, 3, 7, 25, 4,
      10, 400, 200, 10, 200,
      50, 4_000, 5, 2_000, 20, 200,
      3, 16, 20, 5, 120,
      600, 1_500, 64,
      2 * MB + MB / 2, 3 * MB / 4, MB, 2 * MB, MB / 2,
      3 * MB / 8, 3 * MB / 8, MB / 4);
}
