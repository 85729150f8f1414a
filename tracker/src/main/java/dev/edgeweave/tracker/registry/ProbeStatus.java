package dev.edgeweave.tracker.registry;

/**
 * A node's health-probe record.
 *
 * @param lastAt              tracker clock of the last finished probe (0: none yet)
 * @param lastOk              whether that probe passed
 * @param consecutiveFailures failed probes in a row
 * @param detail              what the last failed probe saw, or null
 * @param everOk              a probe has passed since registration / tracker start
 */
public record ProbeStatus(long lastAt, boolean lastOk, int consecutiveFailures, String detail, boolean everOk) {
}
