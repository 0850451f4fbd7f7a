package io.heaplens.rules.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shape of a report's JSON document: every field it has, with the JSON type of its value, as a
 * JSON tree of the same nesting. A value becomes its type's name ({@code "string"}, {@code "number"},
 * {@code "boolean"}, {@code "null"}, or several joined by {@code |} when elements of one list
 * differ); a list becomes a list of one shape, all its elements merged ({@code []} when empty); a
 * map keyed by data (a finding's counts and facts, GC roots by kind, event counts by type) becomes
 * <code>{"*": value shape}</code>; a tree ({@code children} lists of flame graph and dominator nodes)
 * becomes one node shape, all its levels merged, whose {@code children} is {@value #RECURSIVE}.
 *
 * <p>Shapes are compared leniently where a run may differ from another without the schema changing:
 * {@code null} and an empty list are compatible with any shape. A field that appears or vanishes, or
 * a value of another type, is a difference.
 */
final class DocumentShape {
    /** The {@code children} of a tree node: a list of nodes of the same shape as the node. */
    static final String RECURSIVE = "[same as this node]";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Where the document holds maps keyed by data rather than objects with fixed fields. */
    private static final Set<String> MAPS = Set.of("findings[].counts", "findings[].facts", "counts.gcRoots",
            "recording.recording.eventCounts");
    private static final String MAP_VALUES = "*";
    private static final String NULL = "null";

    private DocumentShape() {
    }

    /** The shape of {@code document}. */
    static JsonNode of(JsonNode document) {
        return shape(document, "");
    }

    private static JsonNode shape(JsonNode node, String path) {
        if (node.isObject()) {
            ObjectNode shape = NODES.objectNode();
            if (MAPS.contains(path)) {
                JsonNode values = null;
                for (JsonNode value : node) {
                    values = merge(values, shape(value, path + ".*"));
                }
                if (values != null) {
                    shape.set(MAP_VALUES, values);
                }
                return shape;
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                shape.set(field.getKey(), field.getKey().equals("children") && field.getValue().isArray()
                        ? tree(field.getValue(), fieldPath)
                        : shape(field.getValue(), fieldPath));
            }
            return shape;
        }
        if (node.isArray()) {
            JsonNode elements = null;
            for (JsonNode element : node) {
                elements = merge(elements, shape(element, path + "[]"));
            }
            ArrayNode shape = NODES.arrayNode();
            if (elements != null) {
                shape.add(elements);
            }
            return shape;
        }
        return TextNode.valueOf(scalarType(node));
    }

    /** All nodes below {@code children}, at every depth, merged into one node shape (walked without recursion). */
    private static JsonNode tree(JsonNode children, String path) {
        JsonNode merged = null;
        Deque<JsonNode> pending = new ArrayDeque<>();
        children.forEach(pending::push);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (!node.isObject()) {
                merged = merge(merged, shape(node, path + "[]"));
                continue;
            }
            ObjectNode withoutChildren = ((ObjectNode) node).deepCopy();
            JsonNode grandchildren = withoutChildren.remove("children");
            ObjectNode nodeShape = (ObjectNode) shape(withoutChildren, path + "[]");
            if (grandchildren != null) {
                grandchildren.forEach(pending::push);
                nodeShape.put("children", RECURSIVE);
            }
            merged = merge(merged, nodeShape);
        }
        ArrayNode shape = NODES.arrayNode();
        if (merged != null) {
            shape.add(merged);
        }
        return shape;
    }

    private static String scalarType(JsonNode node) {
        if (node.isNumber()) {
            return "number";
        }
        if (node.isBoolean()) {
            return "boolean";
        }
        if (node.isNull()) {
            return NULL;
        }
        return "string";
    }

    /** The shape that {@code a} and {@code b} both fit: fields of both, types of both. */
    static JsonNode merge(JsonNode a, JsonNode b) {
        if (a == null || isNull(a)) {
            return b;
        }
        if (b == null || isNull(b)) {
            return a;
        }
        if (a.isObject() && b.isObject()) {
            ObjectNode merged = ((ObjectNode) a).deepCopy();
            for (Iterator<Map.Entry<String, JsonNode>> fields = b.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                merged.set(field.getKey(), merge(merged.get(field.getKey()), field.getValue()));
            }
            return merged;
        }
        if (a.isArray() && b.isArray()) {
            ArrayNode merged = NODES.arrayNode();
            JsonNode elements = merge(a.isEmpty() ? null : a.get(0), b.isEmpty() ? null : b.get(0));
            if (elements != null) {
                merged.add(elements);
            }
            return merged;
        }
        Set<String> types = new TreeSet<>();
        types.addAll(types(a));
        types.addAll(types(b));
        return TextNode.valueOf(String.join("|", types));
    }

    /**
     * How {@code actual} differs from {@code expected}, one line each, naming the field; empty when
     * it fits (see the class comment).
     */
    static List<String> differences(JsonNode expected, JsonNode actual) {
        List<String> differences = new ArrayList<>();
        compare(expected, actual, "", differences);
        return differences;
    }

    private static void compare(JsonNode expected, JsonNode actual, String path, List<String> differences) {
        String where = path.isEmpty() ? "the document" : path;
        if (isNull(expected) || isNull(actual)) {
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!actual.has(name)) {
                    if (!name.equals(MAP_VALUES)) {
                        differences.add(where + ": field \"" + name + "\" is gone");
                    }
                    continue;
                }
                compare(expected.get(name), actual.get(name), path.isEmpty() ? name : path + "." + name, differences);
            }
            for (Iterator<String> names = actual.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!expected.has(name) && !name.equals(MAP_VALUES)) {
                    differences.add(where + ": new field \"" + name + "\" (" + describe(actual.get(name)) + ")");
                }
            }
            return;
        }
        if (expected.isArray() && actual.isArray()) {
            if (!expected.isEmpty() && !actual.isEmpty()) {
                compare(expected.get(0), actual.get(0), path + "[]", differences);
            }
            return;
        }
        if (expected.isTextual() && actual.isTextual() && types(expected).containsAll(types(actual))) {
            return;
        }
        differences.add(where + ": " + describe(actual) + " where the golden file has " + describe(expected));
    }

    private static boolean isNull(JsonNode shape) {
        return shape.isTextual() && shape.asText().equals(NULL);
    }

    private static List<String> types(JsonNode shape) {
        if (shape.isObject()) {
            return List.of("object");
        }
        if (shape.isArray()) {
            return List.of("list");
        }
        return Arrays.asList(shape.asText().split("\\|"));
    }

    private static String describe(JsonNode shape) {
        return shape.isTextual() ? shape.asText() : shape.isObject() ? "an object" : "a list";
    }
}
