/**
 * {@code heaplens serve}: an upload page and an HTTP API in front of {@code batch}. A dump is
 * streamed to disk while its SHA-256 is computed, checked by content, queued, analyzed in a child
 * JVM ({@link io.heaplens.batch.ChildAnalysis}), and kept in a history (SQLite in the data folder)
 * that survives restarts. {@link io.heaplens.server.HeaplensServer} is the entry point.
 *
 * <p>Why Jetty 12's core handlers and not a framework: Jetty is well kept, runs on Java 17, and its
 * core API hands the request body over as it arrives, with a low-level multipart parser ({@code
 * MultiPart.Parser}) that gives each part's bytes as they are parsed. That is what lets an upload of
 * many gigabytes go to disk, hashed on the way and checked by its first bytes, with a fixed amount
 * of memory. The servlet layer adds nothing we need and buffers multipart parts its own way; Helidon
 * 4 needs Java 21; Javalin brings Kotlin's runtime along.
 *
 * <p>The data folder:
 *
 * <pre>
 *   heaplens.db                 the history (SQLite)
 *   token.sha256                the hash of a generated access token, when one was generated
 *   uploads/                    uploads being received (deleted at start: a cut-short upload is never kept)
 *   analyses/&lt;id&gt;/            one analysis: the uploaded files (under fixed names), report.html, analysis.json
 * </pre>
 */
package io.heaplens.server;
