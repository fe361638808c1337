package dev.stratus.platform.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OldGenerationWatchTest {

    @Test
    void collectsPastTwiceTheLiveOldGenerationAndNeverBelowTheFloor() {
        assertThat(OldGenerationWatch.threshold(10L << 20)).isEqualTo(OldGenerationWatch.FLOOR_BYTES);
        assertThat(OldGenerationWatch.threshold(300L << 20)).isEqualTo(600L << 20);
        try (OldGenerationWatch watch = OldGenerationWatch.start()) {
            assertThat(watch).as("every HotSpot collector has an old generation with a usage threshold").isNotNull();
            assertThat(watch.armedAt()).isGreaterThanOrEqualTo(OldGenerationWatch.FLOOR_BYTES);
        }
    }
}
