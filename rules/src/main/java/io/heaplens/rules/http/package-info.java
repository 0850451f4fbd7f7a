/**
 * HTTP rules: {@link io.heaplens.rules.http.BufferedBodyRule} (request or response bodies held whole
 * in memory) and {@link io.heaplens.rules.http.UnclosedClientRule} (clients made per call and never
 * closed), with their helpers: what a body buffer is and who holds it, whether code on a stack or a
 * path is HTTP server or client code, and the pools, threads and sockets of each client.
 */
package io.heaplens.rules.http;
