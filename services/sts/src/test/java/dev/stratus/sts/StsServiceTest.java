package dev.stratus.sts;

import dev.stratus.platform.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.Operation;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.Platform;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.Service;
import dev.stratus.platform.StratusConfig;
import dev.stratus.platform.auth.CredentialResolver;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.model.ServiceModel;
import dev.stratus.storage.MemoryStorage;
import dev.stratus.storage.Storage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Session credentials: they act as the role, they expire on the clock, and they live in storage. */
class StsServiceTest {
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final String ROLE_ARN = "arn:aws:iam::111122223333:role/app/runner";

    final Storage storage = new MemoryStorage();
    final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

    /** A Stratus of STS plus a stand-in IAM that knows one role; a second call on the same storage is a restart. */
    Platform boot() {
        OperationRegistry registry = new OperationRegistry();
        Platform platform = new Platform(StratusConfig.forTests(), storage, clock, registry,
                new CredentialResolver(Map.of()));
        registry.register(new StsService(platform));
        registry.register(new OneRoleIam());
        return platform;
    }

    static JsonNode assumeRole(Platform platform, String roleArn) {
        ObjectNode in = F.objectNode().put("RoleArn", roleArn).put("RoleSessionName", "job-7");
        return platform.registry().call("sts", "AssumeRole", RequestContext.internal("000000000000", "us-east-1"), in);
    }

    @Test
    void sessionCredentialsActAsTheRoleUntilTheyExpire() {
        Platform platform = boot();
        JsonNode out = assumeRole(platform, ROLE_ARN);
        String keyId = out.path("Credentials").path("AccessKeyId").asText();
        assertThat(keyId).matches("ASIA[A-Z0-9]{16}");
        assertThat(out.path("AssumedRoleUser").path("AssumedRoleId").asText()).isEqualTo("AROAEXAMPLEROLEID0001:job-7");

        CredentialResolver.Credential c = platform.credentials().find(keyId).orElseThrow();
        assertThat(c.principalArn()).isEqualTo("arn:aws:sts::111122223333:assumed-role/runner/job-7");
        assertThat(c.accountId()).isEqualTo("111122223333");
        assertThat(c.secretAccessKey()).isEqualTo(out.path("Credentials").path("SecretAccessKey").asText());
        assertThat(c.sessionToken()).isEqualTo(out.path("Credentials").path("SessionToken").asText());

        clock.advance(Duration.ofSeconds(3599));
        assertThat(platform.credentials().find(keyId)).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(platform.credentials().find(keyId)).isEmpty();
    }

    @Test
    void sessionsLiveInStorageAndSurviveARestart() {
        String keyId = assumeRole(boot(), ROLE_ARN).path("Credentials").path("AccessKeyId").asText();
        Platform restarted = boot();
        assertThat(restarted.credentials().find(keyId)).map(CredentialResolver.Credential::principalArn)
                .contains("arn:aws:sts::111122223333:assumed-role/runner/job-7");
    }

    @Test
    void expiredSessionsAreSweptFromStorage() {
        Platform platform = boot();
        assumeRole(platform, ROLE_ARN);
        SessionStore store = new SessionStore(storage, clock);
        assertThat(store.sweepExpired()).isZero();
        clock.advance(Duration.ofHours(2));
        assertThat(store.sweepExpired()).isEqualTo(1);
        assertThat(storage.keyspace("sts.sessions").scanPrefix(new byte[0]).hasNext()).isFalse();
    }

    @Test
    void aRoleIamDoesNotKnowIsAccessDenied() {
        Platform platform = boot();
        assertThatThrownBy(() -> assumeRole(platform, "arn:aws:iam::111122223333:role/app/other"))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("AccessDenied");
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.getMessage()).isEqualTo("User: arn:aws:iam::000000000000:root is not authorized to "
                            + "perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/app/other");
                });
    }

    /** IAM reduced to GetRole for one role in account 111122223333. */
    static final class OneRoleIam implements Service {
        @Override
        public String name() {
            return "iam";
        }

        @Override
        public ServiceModel model() {
            return ServiceModel.load("iam");
        }

        @Override
        public Map<String, Operation> operations() {
            return Map.of("GetRole", (ctx, in) -> {
                if (!ctx.accountId().equals("111122223333") || !in.path("RoleName").asText().equals("runner")) {
                    throw new AwsException("NoSuchEntity", "The role with name " + in.path("RoleName").asText()
                            + " cannot be found.");
                }
                ObjectNode role = F.objectNode().put("RoleName", "runner").put("RoleId", "AROAEXAMPLEROLEID0001")
                        .put("Arn", ROLE_ARN).put("MaxSessionDuration", 3600);
                return F.objectNode().set("Role", role);
            });
        }
    }
}
