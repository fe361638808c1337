package dev.stratus.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTest {
    @Test
    void buildsOnFirstUseOnly() {
        AtomicInteger builds = new AtomicInteger();
        Lazy<String> lazy = Lazy.of(() -> "v" + builds.incrementAndGet());
        assertThat(lazy.isBuilt()).isFalse();
        assertThat(builds).hasValue(0);
        assertThat(lazy.get()).isEqualTo("v1");
        assertThat(lazy.get()).isEqualTo("v1");
        assertThat(lazy.isBuilt()).isTrue();
        assertThat(builds).hasValue(1);
    }
}
