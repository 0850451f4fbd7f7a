package io.heaplens.server;

/**
 * One file of an upload.
 *
 * @param field the multipart field it came in: {@code file} or {@code recording}
 * @param name the name the client gave it: untrusted text, shown and searched, never a path
 * @param kind {@code heapDump} or {@code recording}, by its content
 * @param bytes its size
 * @param sha256 its SHA-256, computed while it was received
 * @param storedAs its fixed name in the analysis folder
 */
record UploadedFile(String field, String name, String kind, long bytes, String sha256, String storedAs) {}
