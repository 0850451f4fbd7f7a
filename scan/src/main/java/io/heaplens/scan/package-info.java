/**
 * {@code heaplens scan}: every heap dump and recording under a local folder or an S3 prefix
 * analyzed once, resumably, optionally in shards, with one index across all results. What is done
 * is decided from listings and object identity (ETag and size, or size and modification time),
 * never from memory of an earlier run; each analysis runs through {@code batch} as a child JVM.
 */
package io.heaplens.scan;
