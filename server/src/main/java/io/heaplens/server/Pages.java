package io.heaplens.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The server's own pages and their script and style, from resources next to this class. Pages
 * are filled by replacing {@code {{name}}} placeholders with escaped text; everything that comes
 * from uploads is put in the page by its script, as text, never as markup.
 */
final class Pages {
  static final String INDEX = resource("index.html");
  static final String LOGIN = resource("login.html");
  static final String SCRIPT = resource("app.js");
  static final String STYLE = resource("app.css");

  private Pages() {}

  /** The upload page, carrying the CSRF token its script sends back. */
  static String index(String csrfToken, boolean loginRequired) {
    return INDEX.replace("{{csrf}}", HttpReplies.escapeHtml(csrfToken))
        .replace("{{login}}", loginRequired ? "token" : "open");
  }

  /** The login form, with a sentence above it (why it is shown). */
  static String login(String message) {
    return LOGIN.replace("{{message}}", HttpReplies.escapeHtml(message));
  }

  private static String resource(String name) {
    try (InputStream in = Pages.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the server's resource " + name + " is missing from its jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
