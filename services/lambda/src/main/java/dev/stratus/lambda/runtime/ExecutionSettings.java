package dev.stratus.lambda.runtime;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * What every execution environment of one Stratus shares.
 *
 * @param runtimeDir where the shipped runtime bootstraps were unpacked (mounted as {@code /var/runtime})
 * @param workDir where per-environment private {@code /tmp} directories are made
 * @param launcher the long-lived platform thread processes are started from (see {@link BubblewrapDriver})
 * @param platformEnv variables Stratus adds for a function: {@code AWS_ENDPOINT_URL}, credentials
 * @param initTimeout Lambda's Init phase limit
 * @param keepWarm how long an idle environment is kept for reuse
 * @param memory how MemorySize is enforced
 * @param fifos where environments' output pipes come from
 */
public record ExecutionSettings(SandboxDriver driver, ManagedRuntimes runtimes, Path runtimeDir, Path workDir,
                                Clock clock, Executor launcher, Function<FunctionSpec, Map<String, String>> platformEnv,
                                Duration initTimeout, Duration keepWarm, MemoryLimits memory, FifoSupply fifos) {

    /** Settings whose environments' output pipes are made in {@code workDir}. */
    public ExecutionSettings(SandboxDriver driver, ManagedRuntimes runtimes, Path runtimeDir, Path workDir, Clock clock,
                             Executor launcher, Function<FunctionSpec, Map<String, String>> platformEnv,
                             Duration initTimeout, Duration keepWarm, MemoryLimits memory) {
        this(driver, runtimes, runtimeDir, workDir, clock, launcher, platformEnv, initTimeout, keepWarm, memory,
                new FifoSupply(workDir));
    }

    /** Settings without memory enforcement. */
    public ExecutionSettings(SandboxDriver driver, ManagedRuntimes runtimes, Path runtimeDir, Path workDir, Clock clock,
                             Executor launcher, Function<FunctionSpec, Map<String, String>> platformEnv,
                             Duration initTimeout, Duration keepWarm) {
        this(driver, runtimes, runtimeDir, workDir, clock, launcher, platformEnv, initTimeout, keepWarm,
                new MemoryLimits.AddressSpace(false));
    }

    /** Lambda's 10 second limit on the Init phase. */
    public static final Duration INIT_TIMEOUT = Duration.ofSeconds(10);
    /** How long AWS keeps idle environments varies; LocalStack uses ten minutes. */
    public static final Duration DEFAULT_KEEP_WARM = Duration.ofMinutes(10);
}
