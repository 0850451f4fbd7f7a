package io.heaplens.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SampleCatalogTest {
    private static final Set<String> RULES = Set.of(SampleCatalog.BUFFERED_BODY, SampleCatalog.PER_REQUEST_SCHEDULER,
            SampleCatalog.UNBOUNDED_THREADS, SampleCatalog.UNCLOSED_CLIENT, SampleCatalog.UNBOUNDED_ACCUMULATION);

    @Test
    void everySampleIsRunnableAndNamesARealCulprit() throws Exception {
        Set<String> ids = new HashSet<>();
        Set<String> rulesCovered = new HashSet<>();
        for (SampleCatalog.Sample sample : SampleCatalog.all()) {
            assertThat(ids.add(sample.id())).as("unique id %s", sample.id()).isTrue();
            assertThat(RULES).contains(sample.expectedRule());
            rulesCovered.add(sample.expectedRule());
            Method main = sample.mainClass().getMethod("main", String[].class);
            assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
            assertThat(sample.variants()).isNotEmpty();
            assertThat(new HashSet<>(sample.variantNames())).hasSameSizeAs(sample.variantNames());
            for (SampleCatalog.Variant variant : sample.variants()) {
                Class<?> culprit = Class.forName(variant.culpritClass());
                // Analysis must find the problem from evidence; our names must not give it away.
                String name = culprit.getSimpleName().toLowerCase(Locale.ROOT);
                assertThat(name).doesNotContain("leak", "antipattern", "bad", "problem");
                assertThat(culprit.getPackageName()).startsWith("io.heaplens.samples.");
            }
        }
        assertThat(rulesCovered).isEqualTo(RULES);
        assertThat(SampleCatalog.byId("per-request-cache").variant("caffeine").culpritClass()).endsWith("SuggestionLookup");
    }

    @Test
    void optionsDefaultToTheFirstVariantWithARecording() {
        SampleOptions options = SampleOptions.parse(new String[] {"out"}, List.of("a", "b"));
        assertThat(options).isEqualTo(new SampleOptions(Path.of("out"), false, "a", true));
    }

    @Test
    void optionsReadEveryFlag() {
        SampleOptions options = SampleOptions.parse(new String[] {"--healthy", "--variant", "b", "out", "--no-jfr"},
                List.of("a", "b"));
        assertThat(options).isEqualTo(new SampleOptions(Path.of("out"), true, "b", false));
    }

    @Test
    void optionsRejectUnknownVariantsAndMissingDirectory() {
        assertThatThrownBy(() -> SampleOptions.parse(new String[] {"out", "--variant", "c"}, List.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown variant 'c'")
                .hasMessageContaining("a, b");
        assertThatThrownBy(() -> SampleOptions.parse(new String[] {"--healthy"}, List.of("a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no output directory");
        assertThatThrownBy(() -> SampleOptions.parse(new String[] {"out", "other"}, List.of("a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unexpected argument 'other'");
    }
}
