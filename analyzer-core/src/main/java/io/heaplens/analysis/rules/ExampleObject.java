package io.heaplens.analysis.rules;

import io.heaplens.analysis.HeapSummary.PathStep;
import java.util.List;

/**
 * One implicated object shown as evidence.
 *
 * @param objectId its identifier in the dump
 * @param className its class
 * @param shallowBytes its shallow size
 * @param retainedBytes what it retains
 * @param pathFromRoot a shortest path from a GC root to it, root first (empty if unreachable)
 * @param holdingThread the thread whose stack holds it, or null
 * @param holdingFrame the stack frame holding it, or null
 */
public record ExampleObject(
    long objectId, String className, long shallowBytes, long retainedBytes,
    List<PathStep> pathFromRoot, String holdingThread, String holdingFrame) {

  public ExampleObject {
    pathFromRoot = pathFromRoot == null ? List.of() : List.copyOf(pathFromRoot);
  }
}
