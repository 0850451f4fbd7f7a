/**
 * What {@code heaplens scan} and {@code heaplens serve} share, and nothing of how either gets its
 * files: one analysis run as a child JVM ({@link ChildAnalysis}, so that an {@code
 * OutOfMemoryError} ends that analysis and not the process that runs many), the layout of one
 * result ({@link ResultStore}: {@code <key>/report.html}, {@code analysis.json} and a {@link
 * ResultRecord} written last), and the index of many results ({@link FleetIndex}).
 */
package io.heaplens.batch;
