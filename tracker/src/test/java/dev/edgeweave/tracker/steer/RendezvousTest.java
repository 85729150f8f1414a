package dev.edgeweave.tracker.steer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RendezvousTest {

    @Test
    void fmix64_matches_murmur3_reference_values() {
        assertThat(Rendezvous.fmix64(0)).isZero();
        // MurmurHash3 fmix64(1), from the reference implementation
        assertThat(Rendezvous.fmix64(1)).isEqualTo(0xB456BCFC34C2CB2CL);
    }

    @Test
    void weights_are_stable_across_runs_and_replicas() {
        // pinned: changing the hash would reshuffle every cache in the network
        assertThat(Rendezvous.weight("demo.cdn.test", "node-1")).isEqualTo(PINNED_DEMO_NODE1);
        assertThat(Rendezvous.weight("demo.cdn.test", "node-1")).isNotEqualTo(Rendezvous.weight("demo.cdn.test", "node-2"));
        assertThat(Rendezvous.weight("a", "bc")).isNotEqualTo(Rendezvous.weight("ab", "c"));
    }

    static final long PINNED_DEMO_NODE1 = 0xDB020BEB3D8806FEL;   // also computed independently in Python
}
