package io.heaplens.server;

import java.util.Locale;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before a request reaches {@link Routes} (a malformed URI or
 * header, an ambiguous path): the same JSON body with one sentence as every other error, instead
 * of Jetty's HTML page.
 */
final class JsonErrors extends ErrorHandler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    int status = response.getStatus();
    Object message = request.getAttribute(ERROR_MESSAGE);
    String sentence = status == 400 ? "the request is not well-formed HTTP" : "the request failed with status " + status;
    if (message != null) {
      sentence += ": " + message.toString().toLowerCase(Locale.ROOT);
    }
    HttpReplies.error(response, callback, status, sentence);
    return true;
  }
}
