/**
 * Thread and scheduler rules: {@link io.heaplens.rules.threads.ThreadCreationRule} (executors and
 * threads made without bound) and {@link io.heaplens.rules.threads.PerRequestSchedulerRule} (objects
 * each running a timer or scheduler of their own), with their helpers: the owners of live schedulers,
 * and what tells the creators of executors apart and names them from the dump.
 */
package io.heaplens.rules.threads;
