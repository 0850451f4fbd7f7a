package io.heaplens.samples.bufferedbody;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The CSV rows the report and import endpoints exchange, generated on demand so nothing holds them. */
final class CsvRows {
    /** Rows of about 100 bytes: 35,000 rows make a body of about 3.7 MB. */
    static final int ROWS_PER_BODY = 35_000;

    private CsvRows() {
    }

    static byte[] row(int index) {
        // Built by hand: String.format costs more than everything else the samples do.
        StringBuilder row = new StringBuilder(112);
        pad(row, index, 8).append(",order-");
        pad(row, index * 7, 8).append(",customer-");
        pad(row, index % 100_000, 6).append(",2024-03-");
        pad(row, 1 + index % 28, 2).append(',');
        pad(row, index * 5 / 4, 9).append('.').append(index % 4 * 25 / 10).append(index % 4 * 25 % 10)
                .append(",EUR,shipped,warehouse-");
        pad(row, index % 400, 3).append(",priority-normal\n");
        return row.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static StringBuilder pad(StringBuilder row, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            row.append('0');
        }
        return row.append(digits);
    }

    /** Writes {@code rows} rows to {@code out}. */
    static void write(OutputStream out, int rows) throws IOException {
        for (int i = 0; i < rows; i++) {
            out.write(row(i));
        }
    }

    /** The same rows as a stream read lazily, the way a file upload is read from disk. */
    static InputStream stream(int rows) {
        return new InputStream() {
            private int next;
            private byte[] current = new byte[0];
            private int position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                // Fills the buffer: a client sends one chunk per read, and row-sized chunks are slow.
                int total = 0;
                while (total < length) {
                    if (position == current.length) {
                        if (next == rows) {
                            break;
                        }
                        current = row(next++);
                        position = 0;
                    }
                    int n = Math.min(length - total, current.length - position);
                    System.arraycopy(current, position, buffer, offset + total, n);
                    position += n;
                    total += n;
                }
                return total == 0 && length > 0 ? -1 : total;
            }
        };
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
