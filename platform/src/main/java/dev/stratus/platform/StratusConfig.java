package dev.stratus.platform;

import java.nio.file.Path;

/**
 * The settings of one Stratus process.
 *
 * @param credentialsFile an AWS shared-credentials file whose keys strict mode accepts, or null
 * @param syncWrites fsync the storage log on every write (survives power loss, not only {@code kill -9})
 */
public record StratusConfig(String host, int port, Path dataDir, boolean inMemory, AuthMode auth,
                            Path credentialsFile, boolean syncWrites, boolean logRequests) {

    /** How requests are authenticated. */
    public enum AuthMode {
        /** Any access key is accepted; signatures are not checked. */
        DEV,
        /** Signatures are verified against configured and STS-issued credentials. */
        STRICT
    }

    public static final int DEFAULT_PORT = 4566;

    /** Defaults for tests: in memory, an ephemeral port, dev auth. */
    public static StratusConfig forTests() {
        return new StratusConfig("127.0.0.1", 0, null, true, AuthMode.DEV, null, false, false);
    }

    public StratusConfig withPort(int newPort) {
        return new StratusConfig(host, newPort, dataDir, inMemory, auth, credentialsFile, syncWrites, logRequests);
    }

    public StratusConfig withAuth(AuthMode mode, Path credentials) {
        return new StratusConfig(host, port, dataDir, inMemory, mode, credentials, syncWrites, logRequests);
    }

    public StratusConfig withStorage(Path dir, boolean memory) {
        return new StratusConfig(host, port, dir, memory, auth, credentialsFile, syncWrites, logRequests);
    }
}
