package io.heaplens.jfr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JMC's rule messages as plain text. JMC writes them as HTML fragments ({@code <p>}, {@code <ul>},
 * {@code <li>}, entities); heaplens shows them in terminals and its own reports.
 */
final class PlainText {
  private static final Pattern LINE_BREAKING_TAG =
      Pattern.compile("<\\s*/?\\s*(p|br|ul|ol|div|h[1-6]|tr|table)\\b[^>]*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern LIST_ITEM = Pattern.compile("<\\s*li\\b[^>]*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern ANY_TAG = Pattern.compile("<[^>]*>");
  private static final Pattern ENTITY = Pattern.compile("&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);");
  private static final Map<String, String> NAMED_ENTITIES =
      Map.of("lt", "<", "gt", ">", "amp", "&", "quot", "\"", "apos", "'", "nbsp", " ");

  private PlainText() {}

  /** The text of an HTML fragment, its paragraphs and list items on lines of their own; null when empty. */
  static String of(String html) {
    if (html == null) {
      return null;
    }
    // JMC's templates are MessageFormat patterns whose quotes come out doubled ("''byte[]''");
    // values are HTML-escaped, so a doubled quote can only come from a template.
    String text = LINE_BREAKING_TAG.matcher(html.replace("''", "'")).replaceAll("\n");
    text = LIST_ITEM.matcher(text).replaceAll("\n- ");
    text = decodeEntities(ANY_TAG.matcher(text).replaceAll(""));
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      String tidy = line.replaceAll("\\s+", " ").strip();
      if (!tidy.isEmpty()) {
        lines.add(tidy);
      }
    }
    return lines.isEmpty() ? null : String.join("\n", lines);
  }

  /** Like {@link #of} but on one line. */
  static String oneLine(String html) {
    String text = of(html);
    return text == null ? null : text.replace('\n', ' ');
  }

  private static String decodeEntities(String text) {
    Matcher entity = ENTITY.matcher(text);
    StringBuilder decoded = new StringBuilder(text.length());
    while (entity.find()) {
      String name = entity.group(1);
      String replacement = NAMED_ENTITIES.getOrDefault(name, entity.group());
      if (name.startsWith("#")) {
        int codePoint = name.startsWith("#x") ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
        replacement = Character.isValidCodePoint(codePoint) ? Character.toString(codePoint) : entity.group();
      }
      entity.appendReplacement(decoded, Matcher.quoteReplacement(replacement));
    }
    entity.appendTail(decoded);
    return decoded.toString();
  }
}
