package io.heaplens.samples.bufferedbody;

/** Where the logging filters send one entry per request (in production: an audit store). */
public interface AuditLog {
    /**
     * One request's audit entry.
     *
     * @param method     HTTP method
     * @param path       request path
     * @param status     response status
     * @param bodyBytes  size of the audited body
     * @param bodySha256 hex digest of the audited body, or null
     * @param body       the body itself, when the filter kept a copy of it; else null
     */
    record Entry(String method, String path, int status, long bodyBytes, String bodySha256, byte[] body) {
    }

    /** Stores one entry; may block while the store is slow. */
    void record(Entry entry);
}
