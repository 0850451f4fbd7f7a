package io.heaplens.scan;

import java.nio.file.Path;

/**
 * How to scan.
 *
 * @param shard which share of the inputs this process takes
 * @param parallel how many analyses run at once
 * @param analysisHeap each analysis's heap, as -Xmx takes it
 * @param retryFailed analyze again the inputs whose analysis failed before
 * @param tempDirectory where downloads and the analyses' index files go
 * @param version the heaplens version, written into each record
 */
public record ScanOptions(Shard shard, int parallel, String analysisHeap, boolean retryFailed, Path tempDirectory,
    String version) {}
