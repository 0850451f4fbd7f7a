package io.heaplens.rules.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class DocumentShapeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void valuesBecomeTypesListsOneMergedElementMapsTheirValuesAndTreesOneNode() throws IOException {
        JsonNode shape = DocumentShape.of(json("""
                {"schemaVersion": 1, "findings": [
                   {"ruleId": "a", "culprit": null, "counts": {"threads": 3, "java.util.Timer": 3}, "stacks": []},
                   {"ruleId": "b", "culprit": {"class": "C", "line": 4}, "counts": {}, "stacks": [{"frames": ["f"]}]}],
                 "dominators": [{"objectId": 1, "children": [{"objectId": 2, "percentOfHeap": 0.5,
                   "children": [{"objectId": 3, "percentOfHeap": 1, "children": []}]}]}]}
                """));

        assertThat(shape).isEqualTo(json("""
                {"schemaVersion": "number", "findings": [
                   {"ruleId": "string", "culprit": {"class": "string", "line": "number"}, "counts": {"*": "number"},
                    "stacks": [{"frames": ["string"]}]}],
                 "dominators": [{"objectId": "number", "children": [{"objectId": "number", "percentOfHeap": "number",
                   "children": "[same as this node]"}]}]}
                """));
    }

    @Test
    void aFieldGoneOrNewOrOfAnotherTypeIsADifference() throws IOException {
        JsonNode golden = json("""
                {"analysis": {"inputs": [{"path": "string", "bytes": "number"}]}, "findings": [{"score": "number"}]}
                """);
        JsonNode actual = DocumentShape.of(json("""
                {"analysis": {"inputs": [{"path": "/a", "size": 3}]}, "findings": [{"score": "98"}]}
                """));

        assertThat(DocumentShape.differences(golden, actual)).containsExactly(
                "analysis.inputs[]: field \"bytes\" is gone",
                "analysis.inputs[]: new field \"size\" (number)",
                "findings[].score: string where the golden file has number");
    }

    @Test
    void nullAndEmptyListsFitAnyShape() throws IOException {
        JsonNode golden = json("""
                {"liveSet": {"bytesPerSecond": "number"}, "warnings": ["string"], "line": "number"}
                """);
        JsonNode actual = DocumentShape.of(json("""
                {"liveSet": null, "warnings": [], "line": null}
                """));

        assertThat(DocumentShape.differences(golden, actual)).isEmpty();
        assertThat(DocumentShape.differences(actual, golden)).isEmpty();
    }

    @Test
    void mergingKeepsTheFieldsAndTypesOfBoth() throws IOException {
        JsonNode merged = DocumentShape.merge(
                json("{\"liveSet\": \"null\", \"id\": \"number\", \"rows\": []}"),
                json("{\"liveSet\": {\"slope\": \"number\"}, \"id\": \"string\", \"rows\": [\"boolean\"]}"));

        assertThat(merged).isEqualTo(json(
                "{\"liveSet\": {\"slope\": \"number\"}, \"id\": \"number|string\", \"rows\": [\"boolean\"]}"));
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }
}
