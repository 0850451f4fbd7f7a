/**
 * Rules on a flight recording: thread starts at a high rate, large buffers allocated at a high
 * rate, a live set growing through the recording, connections opened at a high rate, and {@code
 * OutOfMemoryError}s thrown. With the dump, a finding the dump's specific findings explain is folded
 * into them ({@link io.heaplens.rules.ExplainedBy}).
 */
package io.heaplens.rules.recording;
