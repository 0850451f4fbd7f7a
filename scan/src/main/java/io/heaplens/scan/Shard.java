package io.heaplens.scan;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * A stable share of the inputs: shard {@code index} of {@code count} takes the inputs whose stem
 * hashes to it. The hash depends on the key alone, so adding objects to the bucket never moves the
 * others between shards, and a dump and its recording (same stem) always land together.
 *
 * @param index this shard, 0 to count-1
 * @param count how many shards
 */
public record Shard(int index, int count) {
  /** The environment variable an Indexed Job sets in each pod. */
  public static final String COMPLETION_INDEX = "JOB_COMPLETION_INDEX";
  /** All inputs. */
  public static final Shard ALL = new Shard(0, 1);

  public Shard {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("shard " + index + "/" + count + " does not exist: the index runs from 0 to "
          + (count - 1));
    }
  }

  /**
   * Parses {@code i/N} or {@code auto/N} (i from {@link #COMPLETION_INDEX}).
   *
   * @throws IllegalArgumentException with a one-line message
   */
  public static Shard parse(String text, Map<String, String> environment) {
    String[] parts = text.trim().split("/");
    if (parts.length != 2) {
      throw new IllegalArgumentException("--shard takes i/N or auto/N, not '" + text + "'");
    }
    int count = number(parts[1], text);
    String index = parts[0];
    if (index.equals("auto")) {
      index = environment.get(COMPLETION_INDEX);
      if (index == null) {
        throw new IllegalArgumentException("--shard auto/" + count + " needs the environment variable "
            + COMPLETION_INDEX + " (set by a Kubernetes Indexed Job); give --shard i/" + count + " elsewhere");
      }
    }
    return new Shard(number(index, text), count);
  }

  private static int number(String text, String whole) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--shard takes i/N or auto/N with whole numbers, not '" + whole + "'");
    }
  }

  /** Whether inputs with this stem belong to this shard. */
  public boolean owns(String stem) {
    if (count == 1) {
      return true;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(stem.getBytes(StandardCharsets.UTF_8));
      return Math.floorMod(ByteBuffer.wrap(digest).getLong(), (long) count) == index;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The name under which this shard's list of skipped inputs is stored. */
  public String writerName() {
    return count == 1 ? "all" : "shard-" + index + "-of-" + count;
  }
}
