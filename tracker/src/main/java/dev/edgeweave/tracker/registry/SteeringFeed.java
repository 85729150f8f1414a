package dev.edgeweave.tracker.registry;

import dev.edgeweave.tracker.steer.NodeView;
import dev.edgeweave.tracker.steer.Steering;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Joins the two halves of what {@link Steering#update} needs: the node registry pushes nodes, the
 * publisher registry pushes hostnames; each push re-runs the update with the latest of both.
 * Pushes are serialized, so steering never goes back to an older picture.
 */
public final class SteeringFeed {

    private final Steering steering;
    private List<NodeView> nodes = List.of();
    private Set<String> hostnames = Set.of();

    public SteeringFeed(Steering steering) {
        this.steering = Objects.requireNonNull(steering, "steering");
    }

    /** The steering this feed updates. */
    public Steering steering() {
        return steering;
    }

    /** Replaces the node set and updates steering. */
    public synchronized void nodes(Collection<NodeView> newNodes) {
        nodes = List.copyOf(newNodes);
        steering.update(nodes, hostnames);
    }

    /** Replaces the hostnames (FQDNs, lowercase, no trailing dot) and updates steering. */
    public synchronized void hostnames(Collection<String> newHostnames) {
        hostnames = new TreeSet<>(newHostnames);
        steering.update(nodes, hostnames);
    }
}
