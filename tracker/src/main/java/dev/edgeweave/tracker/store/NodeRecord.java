package dev.edgeweave.tracker.store;

/**
 * A registered edge node as stored in the {@code nodes} table.
 *
 * @param id            lowercase hex of the node's Ed25519 public key
 * @param url           where viewers reach it, e.g. {@code http://127.0.0.11:8080}
 * @param admin         its admin base URL, probed at {@code <admin>/health}
 * @param region        coverage region name
 * @param maxMbps       declared capacity at registration
 * @param draining      true after a drain request, until the node registers again
 * @param registeredAt  tracker clock (unix millis) of the first registration
 * @param updatedAt     tracker clock of the last registration/drain change
 * @param lastSignedTs  highest {@code ts} accepted from a signed node request (0: none), the replay floor
 * @param heartbeat     the last heartbeat, or {@code null}
 */
public record NodeRecord(String id, String url, String admin, String region, long maxMbps, boolean draining,
                         long registeredAt, long updatedAt, long lastSignedTs, Heartbeat heartbeat) {

    public NodeRecord withHeartbeat(Heartbeat hb, long signedTs) {
        return new NodeRecord(id, url, admin, region, maxMbps, draining, registeredAt, updatedAt,
                Math.max(lastSignedTs, signedTs), hb);
    }

    public NodeRecord withDraining(boolean newDraining, long signedTs, long now) {
        return new NodeRecord(id, url, admin, region, maxMbps, newDraining, registeredAt, now,
                Math.max(lastSignedTs, signedTs), heartbeat);
    }
}
