package io.heaplens.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardTest {
  private static List<String> keys(int count) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add("dumps/service-" + i + "/heap");
    }
    return keys;
  }

  @Test
  void everyKeyBelongsToExactlyOneShardAndTheSharesAreEven() {
    int shards = 4;
    int[] sizes = new int[shards];
    for (String key : keys(4_000)) {
      int owners = 0;
      for (int i = 0; i < shards; i++) {
        if (new Shard(i, shards).owns(key)) {
          owners++;
          sizes[i]++;
        }
      }
      assertThat(owners).as(key).isEqualTo(1);
    }
    for (int size : sizes) {
      assertThat(size).isBetween(850, 1_150);
    }
  }

  @Test
  void theShardOfAKeyDependsOnTheKeyAloneSoAddingObjectsMovesNone() {
    Shard shard = new Shard(1, 3);
    List<String> before = keys(500).stream().filter(shard::owns).toList();
    List<String> more = new ArrayList<>(keys(500));
    more.addAll(0, List.of("new-a", "new-b", "new-c"));
    List<String> after = more.stream().filter(shard::owns).filter(key -> !key.startsWith("new-")).toList();
    assertThat(after).isEqualTo(before);
  }

  @Test
  void autoTakesTheIndexFromTheIndexedJobAndSaysWhatIsMissing() {
    assertThat(Shard.parse("auto/5", Map.of(Shard.COMPLETION_INDEX, "3"))).isEqualTo(new Shard(3, 5));
    assertThat(Shard.parse("2/5", Map.of())).isEqualTo(new Shard(2, 5));
    assertThatThrownBy(() -> Shard.parse("auto/5", Map.of())).hasMessageContaining("JOB_COMPLETION_INDEX");
    assertThatThrownBy(() -> Shard.parse("5/5", Map.of())).hasMessageContaining("0 to 4");
    assertThatThrownBy(() -> Shard.parse("x", Map.of())).hasMessageContaining("i/N");
  }
}
