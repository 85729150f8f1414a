package dev.edgeweave.loadtest.viewer;

import dev.edgeweave.proof.viewer.DigestCheck;

/**
 * One HTTP exchange as a viewer saw it.
 *
 * @param status HTTP status
 * @param bodyBytes body bytes received
 * @param body the body when the caller asked to keep it (playlists), else {@code null}
 * @param digest what the {@code Repr-Digest} check found
 * @param firstByteNanos from writing the request to the response head
 * @param totalNanos from writing the request to the last body byte
 * @param cacheStatus the {@code Cache-Status} field, or {@code null}
 * @param nodeId the {@code EdgeWeave-Node} field, or {@code null}
 * @param epoch the {@code EdgeWeave-Epoch} field, or -1 if absent or malformed
 * @param text a short body excerpt for errors (non-2xx), else {@code null}
 */
record Response(int status, long bodyBytes, byte[] body, DigestCheck digest, long firstByteNanos, long totalNanos,
                String cacheStatus, String nodeId, long epoch, String text) {

    boolean ok() {
        return status / 100 == 2;
    }

    /** Whether the serving cache reported a hit (the last, viewer-side member of {@code Cache-Status}, RFC 9211). */
    boolean hit() {
        return isHit(cacheStatus);
    }

    static boolean isHit(String cacheStatus) {
        if (cacheStatus == null) {
            return false;
        }
        String[] members = cacheStatus.split(",");
        for (String param : members[members.length - 1].split(";")) {
            if (param.strip().equals("hit")) {
                return true;
            }
        }
        return false;
    }
}
