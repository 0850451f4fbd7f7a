package io.heaplens.jfr;

/**
 * Socket activity with one remote endpoint ({@code jdk.SocketRead} and {@code jdk.SocketWrite}
 * events; the JVM records only those that take longer than the setting's threshold).
 *
 * @param host the remote host name, or its address when the name is unknown
 * @param port the remote port
 * @param reads read events
 * @param writes write events
 * @param bytesRead bytes read
 * @param bytesWritten bytes written
 * @param endOfStreamReads reads that found the stream closed by the peer
 * @param distinctLocalThreads how many threads performed these reads and writes
 */
public record SocketEndpoint(
    String host, int port, long reads, long writes, long bytesRead, long bytesWritten, long endOfStreamReads,
    long distinctLocalThreads) {}
