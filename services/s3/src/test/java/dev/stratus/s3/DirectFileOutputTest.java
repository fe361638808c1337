package dev.stratus.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectFileOutputTest {

    @Test
    void filesHoldExactlyTheirBytesWhateverTheSizeWithAndWithoutDirectWrites(@TempDir Path dir) throws Exception {
        for (boolean direct : new boolean[] {true, false}) {
            StagingPool pool = new StagingPool(2, direct);
            for (int size : new int[] {0, 1, DirectFileOutput.ALIGNMENT - 1, DirectFileOutput.ALIGNMENT,
                    StagingPool.STAGING_BYTES + 1, StagingPool.STAGING_BYTES * 3 + 4097}) {
                byte[] body = new byte[size];
                new Random(size).nextBytes(body);
                Path file = dir.resolve(direct + "-" + size);
                DirectFileOutput out = DirectFileOutput.create(file, pool);
                // Uneven writes, as a body arrives.
                for (int off = 0; off < size; off += 10_000) {
                    out.write(body, off, Math.min(10_000, size - off));
                }
                out.finish(size % 2 == 0);
                assertThat(Files.readAllBytes(file)).as("%s %d", direct, size).isEqualTo(body);
            }
        }
    }
}
