package io.heaplens.samples.unclosedclient;

import java.io.IOException;

/** Looks up stock levels at the warehouse service, with whichever HTTP library an implementation uses. */
public interface StockLevelClient extends AutoCloseable {
    /**
     * Attempts per lookup: one retry when the connection fails, since the warehouse service closes
     * idle connections and a pooled one may be closed just as it is reused.
     */
    int ATTEMPTS = 2;

    /** Units of {@code sku} in stock. */
    int unitsInStock(String sku) throws IOException, InterruptedException;

    /** Reads {@code {"sku":"...","units":N}}. */
    static int parseUnits(String json) {
        int key = json.indexOf("\"units\":");
        if (key < 0) {
            throw new IllegalArgumentException("no units in " + json);
        }
        int start = key + "\"units\":".length();
        int end = start;
        while (end < json.length() && Character.isDigit(json.charAt(end))) {
            end++;
        }
        return Integer.parseInt(json.substring(start, end));
    }
}
