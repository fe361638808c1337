package dev.stratus.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The key arithmetic scans rely on. */
class KeysTest {

    @Test
    void prefixEndSkipsTrailingAllOnesBytes() {
        assertThat(Keys.prefixEnd(new byte[] {1, 2})).containsExactly(1, 3);
        assertThat(Keys.prefixEnd(new byte[] {1, (byte) 0xFF, (byte) 0xFF})).containsExactly(2);
        assertThat(Keys.prefixEnd(new byte[] {(byte) 0xFF, (byte) 0xFF})).isNull();
        assertThat(Keys.prefixEnd(new byte[0])).isNull();
    }

    @Test
    void successorIsTheNextPossibleKey() {
        byte[] key = {5, (byte) 0xFF};
        assertThat(Keys.successor(key)).containsExactly(5, 0xFF, 0);
        assertThat(Keys.compare(key, Keys.successor(key))).isNegative();
        assertThat(Keys.compare(new byte[] {6}, Keys.successor(key))).isPositive();
    }
}
