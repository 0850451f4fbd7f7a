package io.heaplens.rules.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * Whether an HTML report shows what the JSON document of the same analysis says: the findings in the
 * same order with the same rule, severity, score, claim, culprit, recommendation and recorded stacks;
 * the class histogram's and the thread table's rows with the same names and exact values; the
 * inputs with their checksums; every rule run; the recording's allocated classes, errors and
 * sockets. Where the page shows only the first rows of a list (its caps), the first rows are compared
 * and the rest must be counted on the page, never silently dropped.
 *
 * <p>Both are read back from what a user gets, the JSON text and the HTML page, not from the model
 * objects, so a field the page renders from anything but the model (or renders wrongly) shows here.
 */
final class HtmlAgreement {
    private final JsonNode json;
    private final Document html;
    private final List<String> differences = new ArrayList<>();

    private HtmlAgreement(JsonNode json, Document html) {
        this.json = json;
        this.html = html;
    }

    /** Where the page and the document disagree, one line each; empty when they agree. */
    static List<String> differences(JsonNode json, Document html) {
        HtmlAgreement agreement = new HtmlAgreement(json, html);
        agreement.findings();
        agreement.histogram();
        agreement.threads();
        agreement.inputs();
        agreement.rules();
        if (json.has("recording")) {
            agreement.recording(json.get("recording"));
        }
        return agreement.differences;
    }

    private void findings() {
        Elements cards = html.select("#findings article.finding");
        JsonNode findings = json.path("findings");
        rowCount("findings", findings, cards, html.select("#findings > p.more"));
        for (int i = 0; i < Math.min(cards.size(), findings.size()); i++) {
            Element card = cards.get(i);
            JsonNode finding = findings.get(i);
            String which = "finding " + (i + 1) + " (" + finding.path("ruleId").asText() + ")";
            same(which + " rule", finding.path("ruleId").asText(), text(card, "code.rule-id"));
            same(which + " severity", finding.path("severity").asText(), text(card, "header .badge"));
            same(which + " score", "score " + finding.path("score").asText(), text(card, "header .score"));
            shows(which + " claim", finding.path("claim").asText(), text(card, "p.claim"));
            shows(which + " recommendation", textOrNull(finding.get("recommendation")), text(card, ".fix p.text"));
            JsonNode culprit = finding.get("culprit");
            if (culprit == null || culprit.isNull()) {
                same(which + " culprit", null, text(card, "p.culprit"));
            } else {
                same(which + " culprit class", culprit.path("class").asText(), text(card, ".culprit-class"));
                same(which + " culprit method", textOrNull(culprit.get("method")), text(card, ".culprit-method"));
                same(which + " culprit line", culprit.path("line").isNumber() ? "line " + culprit.get("line").asInt() : null,
                        text(card, ".culprit-line"));
            }
            if (finding.path("retainedBytes").asLong() > 0) {
                long retained = finding.get("retainedBytes").asLong();
                same(which + " retained bytes", String.format(Locale.ROOT, "%,d %s", retained,
                        retained == 1 ? "byte" : "bytes"), card.select("dl.numbers dd[title]").attr("title"));
            }
            stacks(which, finding.path("stacks"), card.select("details.stack"),
                    card.select("p.more:contains(recorded stack)"));
        }
    }

    private void stacks(String which, JsonNode stacks, Elements shown, Elements rest) {
        rowCount(which + " recorded stacks", stacks, shown, rest);
        for (int s = 0; s < Math.min(stacks.size(), shown.size()); s++) {
            List<String> frames = new ArrayList<>();
            stacks.get(s).path("frames").forEach(frame -> frames.add(frame.asText()));
            Elements frameItems = shown.get(s).select("ol.frames > li:not(.more)");
            for (int f = 0; f < Math.min(frames.size(), frameItems.size()); f++) {
                shows(which + " stack " + (s + 1) + " frame " + (f + 1), frames.get(f), frameItems.get(f).text());
            }
            if (frameItems.size() < frames.size() && shown.get(s).select("ol.frames > li.more").isEmpty()) {
                differences.add(which + " stack " + (s + 1) + ": " + frameItems.size() + " of " + frames.size()
                        + " frames shown and the rest not counted");
            }
            if (frameItems.isEmpty() && !frames.isEmpty()) {
                differences.add(which + " stack " + (s + 1) + ": no frame shown");
            }
        }
    }

    private void histogram() {
        rows("class histogram", json.path("classes"), "table.histogram", true, (which, cls, row) -> {
            shows(which + " name", cls.path("name").asText(), row.child(0).text());
            same(which + " instances", cls.path("instances").asText(), row.child(1).attr("data-v"));
            same(which + " shallow bytes", cls.path("shallowBytes").asText(), row.child(2).attr("data-v"));
            same(which + " retained bytes", cls.path("retainedBytes").asText(), row.child(3).attr("data-v"));
        });
    }

    /**
     * The thread table shows threads alike as one row ({@code Timer-N × 804}): each row's name is a
     * thread's name, or the name pattern (digits as {@code N}) of as many threads as it says, whose
     * retained sizes add up to the row's; the rows and the counted rest cover every thread.
     */
    private void threads() {
        Map<String, long[]> byPattern = new HashMap<>();
        Map<String, String> loneNames = new HashMap<>();
        for (JsonNode thread : json.path("threads")) {
            String name = thread.path("name").asText();
            String pattern = name.replaceAll("\\d+", "N");
            long[] group = byPattern.computeIfAbsent(pattern, key -> new long[2]);
            group[0]++;
            group[1] += thread.path("retainedBytes").asLong();
            loneNames.put(pattern, name);
        }
        Elements rows = html.select("#thread-table > tbody > tr");
        long covered = 0;
        for (int i = 0; i < rows.size(); i++) {
            Element row = rows.get(i);
            String which = "thread table row " + (i + 1);
            Element count = row.selectFirst(".group-count");
            long threads = count == null ? 1 : Long.parseLong(count.attr("data-threads"));
            String shown = normalized(text(row, "q.thread-name"));
            String pattern = threads == 1 ? String.valueOf(shown).replaceAll("\\d+", "N") : shown;
            long[] group = byPattern.get(pattern);
            if (group == null || group[0] != threads || threads == 1 && !shown.equals(normalized(loneNames.get(pattern)))) {
                differences.add(which + ": " + quoted(shown) + " x " + threads + " is no group of the JSON's threads");
                continue;
            }
            same(which + " retained bytes", String.valueOf(group[1]), row.child(3).attr("data-v"));
            covered += threads;
        }
        long all = json.path("threads").size();
        if (covered < all && !html.select("#thread-table tfoot tr.rest").text()
                .contains(String.format(Locale.ROOT, "%,d", all - covered))) {
            differences.add("thread table: the rows cover " + covered + " of " + all + " threads and do not count the rest");
        }
    }

    private void inputs() {
        rows("inputs", json.path("analysis").path("inputs"), "table.inputs", false, (which, input, row) -> {
            same(which + " path", input.path("path").asText(), row.child(1).text());
            same(which + " checksum", textOrNull(input.get("sha256")), text(row, "code.sha"));
        });
    }

    private void rules() {
        rows("rule runs", json.path("analysis").path("rules"), "table.rules", false, (which, rule, row) -> {
            same(which + " rule", rule.path("ruleId").asText(), row.child(0).text());
            same(which + " outcome", rule.path("outcome").asText(), row.child(2).text());
            same(which + " findings", rule.path("findings").asText(), row.child(3).text());
        });
    }

    private void recording(JsonNode recording) {
        rows("allocated classes", recording.path("allocatedClasses"), "#allocated-class-table", true,
                (which, row, shown) -> shows(which, row.path("className").asText(), shown.child(0).text()));
        rows("errors", recording.path("errors"), "#error-table", true,
                (which, row, shown) -> shows(which, row.path("errorClass").asText(), text(shown, "code.cls")));
        rows("sockets", recording.path("sockets"), "#socket-table", true,
                (which, row, shown) -> shows(which, row.path("endpoint").asText(), shown.child(0).text()));
    }

    /** Compares one row of a list in the JSON with the row of the page's table that shows it. */
    private interface RowCheck {
        void check(String which, JsonNode item, Element row);
    }

    /**
     * The rows of {@code table}'s body against the items of {@code items}, in order; when {@code
     * capped}, the page may show the first rows only and count the rest in the table's footer.
     */
    private void rows(String what, JsonNode items, String table, boolean capped, RowCheck check) {
        Elements shown = html.select(table + " > tbody > tr");
        rowCount(what, items, shown, capped ? html.select(table + " tfoot tr.rest") : null);
        for (int i = 0; i < Math.min(shown.size(), items.size()); i++) {
            check.check(what + " row " + (i + 1), items.get(i), shown.get(i));
        }
    }

    /**
     * The page shows every row of {@code rows}, or the first ones and a count of the rest in {@code
     * rest} (when the list has one; lists without one must be shown whole).
     */
    private void rowCount(String what, JsonNode rows, Elements shown, Elements rest) {
        int expected = rows.isArray() ? rows.size() : 0;
        if (shown.size() == expected) {
            return;
        }
        if (shown.size() > expected) {
            differences.add(what + ": the page shows " + shown.size() + " rows, the JSON has " + expected);
            return;
        }
        String counted = rest == null || rest.isEmpty() ? "" : rest.text();
        String missing = String.format(Locale.ROOT, "%,d", expected - shown.size());
        if (!counted.contains(missing)) {
            differences.add(what + ": the page shows " + shown.size() + " of " + expected + " rows"
                    + (counted.isEmpty() ? " and does not count the rest" : " and counts the rest as \"" + counted + "\""));
        }
    }

    private void same(String what, String expected, String shown) {
        if (!Objects.equals(normalized(expected), normalized(shown))) {
            differences.add(what + ": the page shows " + quoted(shown) + ", the JSON has " + quoted(expected));
        }
    }

    /** Like {@link #same}, but a long text the page cut ("... (12 more characters)") only has to start alike. */
    private void shows(String what, String expected, String shown) {
        String value = normalized(expected);
        String page = normalized(shown);
        int cut = page == null ? -1 : page.lastIndexOf('\u2026');
        if (value != null && cut > 0 && page.endsWith(" more characters)") && value.startsWith(page.substring(0, cut))) {
            return;
        }
        same(what, expected, shown);
    }

    private static String text(Element scope, String selector) {
        Elements found = scope.select(selector);
        return found.isEmpty() ? null : found.first().text();
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    /** Whitespace as the page shows it: runs of it are one space. */
    private static String normalized(String text) {
        return text == null ? null : text.replaceAll("\\s+", " ").trim();
    }

    private static String quoted(String text) {
        if (text == null) {
            return "nothing";
        }
        return "\"" + (text.length() > 200 ? text.substring(0, 200) + "..." : text) + "\"";
    }
}
