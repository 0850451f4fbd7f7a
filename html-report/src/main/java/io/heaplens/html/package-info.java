/**
 * The single-file HTML report of an analysis. {@link io.heaplens.html.HtmlReport} is the one entry
 * point; everything else is package-private.
 *
 * <p>How a page is made: {@code ReportModel} turns the {@code AnalysisReport} into plain maps and
 * lists (every list capped by {@code Limits}, every string cleaned and cut by {@code Text}, each
 * part's text bounded by a {@code Budget}), with {@code FindingsModel}, {@code HeapModel} and
 * {@code RecordingModel} for their parts and {@code TimeChart} and {@code FlameGraph} laying out
 * the recording's charts; the Freemarker templates in {@code io/heaplens/html/templates} lay it
 * out with auto-escaping on:
 *
 * <pre>
 *   report.ftlh      the page: head (policy, inline style), verdict header, menu, includes, script
 *   findings.ftlh    the findings, worst first: claim, culprit, evidence (example paths, recorded
 *                    stacks), fix
 *   overview.ftlh    the heap: SVG charts, dominator tree, class histogram, threads, counts
 *   recording.ftlh   the recording: heap after GC with the live-set trend, GC pauses, threads,
 *                    flame graphs (inline SVG), allocated classes, errors, sockets, JMC's rules;
 *                    included only when a recording was analyzed
 *   produced.ftlh    the rules checked and how the report was produced (footer)
 *   macros.ftlh      shared pieces: severity badge, path chain, dominator node, sortable header,
 *                    time axes, flame graph, JMC rule row
 *   report.css       inline style
 *   report.js        inline script: table sorting, expand/collapse all, flame graph zoom; allowed
 *                    by its hash
 * </pre>
 */
package io.heaplens.html;
