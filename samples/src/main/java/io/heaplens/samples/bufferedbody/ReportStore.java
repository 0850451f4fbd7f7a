package io.heaplens.samples.bufferedbody;

import java.io.IOException;
import java.io.InputStream;

/** Where downloaded reports are archived (in production: an object store). */
public interface ReportStore {
    /** Archives a report held in memory; may block while the store is slow. */
    void save(String reportId, byte[] content) throws IOException;

    /** Archives a report read from {@code content}; may block while the store is slow. */
    void save(String reportId, InputStream content) throws IOException;
}
