package dev.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartArgsTest {
    @Test
    void readsEveryStartOptionOverTheEnvironment() {
        Main.Start s = StartArgs.parse(new String[] {"start", "--port", "4600", "--host", "0.0.0.0", "--data-dir", "/d",
                "--in-memory", "--auth", "strict", "--credentials", "/c", "--sync", "--quiet"},
                Map.of("STRATUS_PORT", "1", "STRATUS_AUTH", "dev"));
        assertThat(s).isNotNull();
        assertThat(s.port).isEqualTo(4600);
        assertThat(s.host).isEqualTo("0.0.0.0");
        assertThat(s.dataDir).isEqualTo(Path.of("/d"));
        assertThat(s.auth).isEqualTo("strict");
        assertThat(s.credentials).isEqualTo(Path.of("/c"));
        assertThat(s.inMemory && s.sync && s.quiet).isTrue();
    }

    @Test
    void takesDefaultsFromTheEnvironmentLikePicocli() {
        Main.Start s = StartArgs.parse(new String[] {"start"},
                Map.of("STRATUS_PORT", "4700", "STRATUS_IN_MEMORY", "TRUE", "STRATUS_CREDENTIALS", "/c"));
        assertThat(s.port).isEqualTo(4700);
        assertThat(s.host).isEqualTo("127.0.0.1");
        assertThat(s.dataDir).isEqualTo(Path.of("./.stratus/data"));
        assertThat(s.inMemory).isTrue();
        assertThat(s.credentials).isEqualTo(Path.of("/c"));
        assertThat(s.auth).isEqualTo("dev");
        assertThat(s.sync || s.quiet).isFalse();
    }

    @Test
    void leavesAnythingElseToPicocli() {
        assertThat(StartArgs.parse(new String[] {"start", "--help"}, Map.of())).isNull();
        assertThat(StartArgs.parse(new String[] {"start", "--port=1"}, Map.of())).isNull();
        assertThat(StartArgs.parse(new String[] {"start", "--port", "x"}, Map.of())).isNull();
        assertThat(StartArgs.parse(new String[] {"start", "--port"}, Map.of())).isNull();
        assertThat(StartArgs.parse(new String[] {"start", "--host", "--quiet"}, Map.of())).isNull();
        assertThat(StartArgs.parse(new String[] {"start"}, Map.of("STRATUS_SYNC", "yes"))).isNull();
        assertThat(StartArgs.parse(new String[] {"--version"}, Map.of())).isNull();
        assertThat(StartArgs.parse(new String[] {}, Map.of())).isNull();
    }
}
