package dev.stratus.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output pipes made ahead in batches. */
class FifoSupplyTest {
    @TempDir
    Path dir;

    @Test
    void everyTakeIsAFreshFifoBeyondOneBatch() throws Exception {
        FifoSupply supply = new FifoSupply(dir.resolve("work"));
        Set<Path> taken = new HashSet<>();
        for (int i = 0; i < FifoSupply.BATCH * 3; i++) {
            Path fifo = supply.take();
            assertThat(Files.readAttributes(fifo, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther())
                    .as("a named pipe").isTrue();
            assertThat(taken.add(fifo)).as("never handed out twice").isTrue();
        }
    }
}
