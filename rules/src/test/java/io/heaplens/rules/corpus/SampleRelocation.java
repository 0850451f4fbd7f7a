package io.heaplens.rules.corpus;

import io.heaplens.samples.SampleCatalog;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * A catalog sample copied from its sources under new package and class names, and compiled: the
 * same code, the same libraries, none of our names. Rules that find the problem in the relocated
 * copy, and blame the copy's class, do not depend on how the samples are called.
 *
 * <p>What is copied: every source file of the sample's package, and the shared support classes of
 * {@code io.heaplens.samples} that they use, directly or through each other. The catalog itself
 * (which names every sample) is not copied: a small stand-in under a new name answers the two
 * questions the sample runner asks it (the sample's variants, whether it has a healthy twin). Every
 * top-level class gets a new name, from the map given or else a neutral generated one; nested
 * classes keep theirs under their new outer class. The sample's id, comments and string literals
 * are rewritten too, so that no {@code heaplens} text is left.
 */
final class SampleRelocation {
    static final String SAMPLES_PACKAGE = "io.heaplens.samples";
    private static final String CATALOG = "SampleCatalog";
    private static final Pattern TOP_LEVEL_TYPE = Pattern.compile(
            "(?m)^(?:public\\s+|final\\s+|abstract\\s+|sealed\\s+|non-sealed\\s+)*(?:class|interface|record|enum)\\s+(\\w+)");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(?:static\\s+)?([\\w.]+)\\s*;");

    /**
     * A compiled relocated sample.
     *
     * @param classes   the directory of its class files
     * @param mainClass its main class, new name
     * @param renamed   every class's old fully qualified name to its new one
     * @param sources   the rewritten sources by new fully qualified name
     */
    record Relocated(Path classes, String mainClass, Map<String, String> renamed, Map<String, String> sources) {
        /** The new name of the class called {@code oldName} (fully qualified). */
        String newName(String oldName) {
            String renamedName = renamed.get(oldName);
            if (renamedName == null) {
                throw new IllegalArgumentException(oldName + " was not relocated; relocated: " + renamed.keySet());
            }
            return renamedName;
        }
    }

    private SampleRelocation() {
    }

    /**
     * Relocates the catalog sample {@code sample} and compiles it into {@code workDirectory}.
     *
     * @param samplePackage  the new package of the sample's own classes
     * @param supportPackage the new package of the shared support classes
     * @param newId          the sample id the copy runs under
     * @param names          new simple names by old simple name; classes not named here get generated names
     */
    static Relocated relocate(SampleCatalog.Sample sample, String samplePackage, String supportPackage, String newId,
                              Map<String, String> names, Path workDirectory) throws IOException {
        Path sourceRoot = samplesSourceRoot();
        String oldSamplePackage = sample.mainClass().getPackageName();
        Map<String, String> sampleSources = sourcesOf(sourceRoot.resolve(oldSamplePackage.replace('.', '/')));
        Map<String, String> supportSources = sourcesOf(sourceRoot.resolve(SAMPLES_PACKAGE.replace('.', '/')));
        if (sampleSources.isEmpty()) {
            throw new IllegalStateException("no sources of " + oldSamplePackage + " under " + sourceRoot);
        }
        refuseOtherSamplePackages(sampleSources, oldSamplePackage);
        Map<String, String> usedSupport = supportUsedBy(sampleSources, supportSources);

        // Old fully qualified name -> new fully qualified name, for every top-level type.
        Map<String, String> renamed = new LinkedHashMap<>();
        Map<String, String> simpleNames = new LinkedHashMap<>();
        int generated = 0;
        Map<String, String> packages = new LinkedHashMap<>();
        packages.put(oldSamplePackage, samplePackage);
        packages.put(SAMPLES_PACKAGE, supportPackage);
        for (Map.Entry<String, String> group : packages.entrySet()) {
            Map<String, String> sources = group.getKey().equals(oldSamplePackage) ? sampleSources : usedSupport;
            for (String file : sources.keySet()) {
                if (sources == usedSupport && file.equals(CATALOG)) {
                    continue; // replaced by a stand-in below
                }
                for (String type : topLevelTypes(sources.get(file), file)) {
                    String newSimple = names.get(type);
                    if (newSimple == null) {
                        newSimple = "Part" + ++generated;
                    }
                    if (simpleNames.put(type, newSimple) != null) {
                        throw new IllegalStateException("two relocated classes are called " + type);
                    }
                    renamed.put(group.getKey() + "." + type, group.getValue() + "." + newSimple);
                }
            }
        }
        boolean catalogUsed = usedSupport.containsKey(CATALOG);
        if (catalogUsed) {
            String catalogName = names.getOrDefault(CATALOG, "Part" + ++generated);
            simpleNames.put(CATALOG, catalogName);
            renamed.put(SAMPLES_PACKAGE + "." + CATALOG, supportPackage + "." + catalogName);
        }
        refuseClashesWithImports(simpleNames, sampleSources, usedSupport);

        Map<String, String> rewritten = new LinkedHashMap<>();
        Rewriter rewriter = new Rewriter(oldSamplePackage, samplePackage, supportPackage, sample.id(), newId, simpleNames);
        for (Map.Entry<String, String> source : sampleSources.entrySet()) {
            rewritten.put(samplePackage + "." + simpleNames.get(source.getKey()), rewriter.apply(source.getValue()));
        }
        for (Map.Entry<String, String> source : usedSupport.entrySet()) {
            if (!source.getKey().equals(CATALOG)) {
                rewritten.put(supportPackage + "." + simpleNames.get(source.getKey()), rewriter.apply(source.getValue()));
            }
        }
        if (catalogUsed) {
            rewritten.put(renamed.get(SAMPLES_PACKAGE + "." + CATALOG),
                    catalogStandIn(supportPackage, simpleNames.get(CATALOG), newId, sample));
        }
        for (Map.Entry<String, String> source : rewritten.entrySet()) {
            if (source.getValue().toLowerCase(Locale.ROOT).contains("heaplens")) {
                throw new IllegalStateException("the relocated " + source.getKey() + " still names heaplens:\n"
                        + source.getValue());
            }
        }
        Path sources = workDirectory.resolve("src");
        Path classes = workDirectory.resolve("classes");
        Files.createDirectories(classes);
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> source : rewritten.entrySet()) {
            Path file = sources.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue(), StandardCharsets.UTF_8);
            files.add(file);
        }
        compile(files, classes);
        String main = renamed.get(sample.mainClass().getName());
        return new Relocated(classes, main, Map.copyOf(renamed), rewritten);
    }

    /**
     * {@code samples/src/main/java} of this project: the nearest directory above the working
     * directory whose {@code pom.xml} lists the {@code samples} module.
     */
    static Path samplesSourceRoot() throws IOException {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path directory = start; directory != null; directory = directory.getParent()) {
            Path pom = directory.resolve("pom.xml");
            if (Files.isRegularFile(pom) && Files.readString(pom, StandardCharsets.UTF_8).contains("<module>samples</module>")) {
                Path sources = directory.resolve("samples/src/main/java");
                if (!Files.isDirectory(sources)) {
                    throw new IllegalStateException(pom + " lists the samples module, but " + sources + " is missing");
                }
                return sources;
            }
        }
        throw new IllegalStateException("no pom.xml with <module>samples</module> in " + start + " or above");
    }

    /** File contents by file name without {@code .java}, {@code package-info} left out. */
    private static Map<String, String> sourcesOf(Path packageDirectory) throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(packageDirectory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.java$", "");
                if (!name.equals("package-info")) {
                    sources.put(name, Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        }
        return sources;
    }

    /** The support classes the sample's sources use, directly or through other support classes. */
    private static Map<String, String> supportUsedBy(Map<String, String> sampleSources, Map<String, String> support) {
        Map<String, String> used = new LinkedHashMap<>();
        Deque<String> toScan = new ArrayDeque<>(sampleSources.values());
        while (!toScan.isEmpty()) {
            String text = toScan.pop();
            for (Map.Entry<String, String> candidate : support.entrySet()) {
                if (!used.containsKey(candidate.getKey()) && mentions(text, candidate.getKey())) {
                    used.put(candidate.getKey(), candidate.getValue());
                    if (!candidate.getKey().equals(CATALOG)) {
                        toScan.push(candidate.getValue());
                    }
                }
            }
        }
        return used;
    }

    private static boolean mentions(String text, String simpleName) {
        return Pattern.compile("\\b" + Pattern.quote(simpleName) + "\\b").matcher(text).find();
    }

    private static List<String> topLevelTypes(String source, String file) {
        List<String> types = new ArrayList<>();
        Matcher matcher = TOP_LEVEL_TYPE.matcher(source);
        while (matcher.find()) {
            types.add(matcher.group(1));
        }
        if (!types.contains(file)) {
            throw new IllegalStateException(file + ".java declares no top-level type " + file + " that could be found");
        }
        return types;
    }

    private static void refuseOtherSamplePackages(Map<String, String> sources, String samplePackage) {
        Pattern other = Pattern.compile(Pattern.quote(SAMPLES_PACKAGE) + "\\.([a-z]\\w*)\\.");
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Matcher matcher = other.matcher(source.getValue());
            while (matcher.find()) {
                if (!(SAMPLES_PACKAGE + "." + matcher.group(1)).equals(samplePackage)) {
                    throw new IllegalStateException(source.getKey() + " uses the sample package " + SAMPLES_PACKAGE + "."
                            + matcher.group(1) + ", which relocation does not copy");
                }
            }
        }
    }

    /** A renamed class must not share its old or new simple name with a library class the sources import. */
    private static void refuseClashesWithImports(Map<String, String> simpleNames, Map<String, String> sampleSources,
                                                 Map<String, String> supportSources) {
        for (String source : Stream.concat(sampleSources.values().stream(), supportSources.values().stream()).toList()) {
            Matcher matcher = IMPORT.matcher(source);
            while (matcher.find()) {
                String imported = matcher.group(1);
                if (imported.startsWith(SAMPLES_PACKAGE + ".")) {
                    continue;
                }
                String simple = imported.substring(imported.lastIndexOf('.') + 1);
                if (simpleNames.containsKey(simple) || simpleNames.containsValue(simple)) {
                    throw new IllegalStateException("the relocated name " + simple + " clashes with the import " + imported);
                }
            }
        }
    }

    /** Package names, class names, the sample id and leftover mentions of heaplens, in one pass each. */
    private static final class Rewriter {
        private final String oldSamplePackage;
        private final String samplePackage;
        private final String supportPackage;
        private final String oldId;
        private final String newId;
        private final Map<String, String> simpleNames;
        private final Pattern names;

        Rewriter(String oldSamplePackage, String samplePackage, String supportPackage, String oldId, String newId,
                 Map<String, String> simpleNames) {
            this.oldSamplePackage = oldSamplePackage;
            this.samplePackage = samplePackage;
            this.supportPackage = supportPackage;
            this.oldId = oldId;
            this.newId = newId;
            this.simpleNames = simpleNames;
            this.names = Pattern.compile("\\b(" + simpleNames.keySet().stream().map(Pattern::quote)
                    .collect(Collectors.joining("|")) + ")\\b");
        }

        String apply(String source) {
            String text = source.replace(oldSamplePackage, samplePackage).replace(SAMPLES_PACKAGE, supportPackage)
                    .replace("\"" + oldId + "\"", "\"" + newId + "\"");
            Matcher matcher = names.matcher(text);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                matcher.appendReplacement(out, Matcher.quoteReplacement(simpleNames.get(matcher.group(1))));
            }
            matcher.appendTail(out);
            return out.toString().replaceAll("(?i)heaplens", "service");
        }
    }

    /** A stand-in for the catalog with what the sample runner asks of it, for this one sample. */
    private static String catalogStandIn(String supportPackage, String name, String id, SampleCatalog.Sample sample) {
        String variants = sample.variantNames().stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", "));
        return "package " + supportPackage + ";\n\n"
                + "import java.util.List;\n\n"
                + "/** The one service this build runs. */\n"
                + "public final class " + name + " {\n"
                + "    /** A runnable service: its id, whether it has a healthy mode, its variants (default first). */\n"
                + "    public record Sample(String id, boolean healthyTwin, List<String> variantNames) {\n"
                + "    }\n\n"
                + "    private " + name + "() {\n"
                + "    }\n\n"
                + "    /** The service called {@code id}. */\n"
                + "    public static Sample byId(String id) {\n"
                + "        if (!id.equals(\"" + id + "\")) {\n"
                + "            throw new java.util.NoSuchElementException(\"no service \" + id);\n"
                + "        }\n"
                + "        return new Sample(id, " + sample.healthyTwin() + ", List.of(" + variants + "));\n"
                + "    }\n"
                + "}\n";
    }

    private static void compile(List<Path> files, Path classes) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no Java compiler in " + System.getProperty("java.home") + ": run the tests on a JDK");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter output = new StringWriter();
        try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", classes.toString(), "-classpath", SampleDumps.testClasspath(),
                    "--release", "17", "-proc:none", "-nowarn", "-encoding", "UTF-8");
            Boolean ok = compiler.getTask(output, fileManager, diagnostics, options, null,
                    fileManager.getJavaFileObjectsFromPaths(files)).call();
            if (!Boolean.TRUE.equals(ok)) {
                String messages = diagnostics.getDiagnostics().stream()
                        .map(d -> Optional.ofNullable(d.getSource()).map(s -> s.getName() + ":" + d.getLineNumber() + ": ").orElse("")
                                + d.getMessage(Locale.ROOT))
                        .collect(Collectors.joining("\n"));
                throw new IllegalStateException("the relocated sample does not compile:\n" + messages + "\n" + output);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
