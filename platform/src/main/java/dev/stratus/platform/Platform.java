package dev.stratus.platform;

import dev.stratus.platform.auth.CredentialResolver;
import dev.stratus.storage.Storage;
import java.time.Clock;

/**
 * What every service is built from: storage, the clock, configuration, the operation registry (to call other
 * services) and the credential chain (STS adds its session keys to it).
 */
public record Platform(StratusConfig config, Storage storage, Clock clock, OperationRegistry registry,
                       CredentialResolver credentials) {
}
