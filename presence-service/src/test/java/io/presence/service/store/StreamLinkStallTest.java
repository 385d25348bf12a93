package io.presence.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When a leaf's mirror counts as stalled: behind its hub, and where it was at the check before. */
class StreamLinkStallTest {

    @Test
    void aMirrorBehindTheHubThatHasNotMovedSinceTheLastCheckIsStalled() {
        assertThat(StreamLink.stalled(120, 100, 100)).isTrue();
    }

    @Test
    void aMirrorThatMovedOrCaughtUpIsNot() {
        assertThat(StreamLink.stalled(120, 110, 100)).as("behind, but moving").isFalse();
        assertThat(StreamLink.stalled(100, 100, 100)).as("caught up, nothing written").isFalse();
        assertThat(StreamLink.stalled(120, 100, -1)).as("the first check").isFalse();
    }
}
