package io.heaplens.server;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The field name and file name of a multipart part's {@code Content-Disposition} header ({@code
 * form-data; name="file"; filename="app.hprof"}). The file name is kept as text to show; quotes
 * may be escaped with a backslash, as RFC 7578 allows, and browsers send {@code %22} for a quote.
 *
 * @param field the form field, or null
 * @param fileName the file name the client gave, or null
 */
record ContentDisposition(String field, String fileName) {
  /** The longest file name kept; a longer one is cut (it is only shown). */
  static final int MAX_FILE_NAME = 255;

  static ContentDisposition parse(String header) {
    Map<String, String> parameters = new HashMap<>();
    int i = header.indexOf(';');
    while (i >= 0 && i < header.length()) {
      int equals = header.indexOf('=', i + 1);
      if (equals < 0) {
        break;
      }
      String name = header.substring(i + 1, equals).strip().toLowerCase(Locale.ROOT);
      StringBuilder value = new StringBuilder();
      int j = equals + 1;
      while (j < header.length() && header.charAt(j) == ' ') {
        j++;
      }
      if (j < header.length() && header.charAt(j) == '"') {
        for (j++; j < header.length() && header.charAt(j) != '"'; j++) {
          char c = header.charAt(j);
          if (c == '\\' && j + 1 < header.length()) {
            c = header.charAt(++j);
          }
          value.append(c);
        }
        j = header.indexOf(';', j);
      } else {
        int end = header.indexOf(';', j);
        value.append(header, j, end < 0 ? header.length() : end);
        j = end;
      }
      parameters.putIfAbsent(name, value.toString().strip());
      i = j;
    }
    String fileName = parameters.get("filename");
    if (fileName != null) {
      fileName = fileName.replace("%22", "\"").replaceAll("\\p{Cntrl}", "?");
      if (fileName.length() > MAX_FILE_NAME) {
        fileName = fileName.substring(0, MAX_FILE_NAME);
      }
    }
    return new ContentDisposition(parameters.get("name"), fileName);
  }
}
