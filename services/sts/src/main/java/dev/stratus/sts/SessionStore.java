package dev.stratus.sts;

import dev.stratus.platform.AwsIds;
import dev.stratus.platform.auth.CredentialResolver;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Storage;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Session credentials STS issued, persisted by access key id so they survive a restart, and a credential source
 * so that requests signed with them are recognised until they expire.
 */
final class SessionStore implements CredentialResolver.Source {
    static final String KEY_PREFIX = "ASIA";
    /** Random bytes in a session token (AWS's tokens are a few hundred base64 characters). */
    static final int TOKEN_BYTES = 264;


    private final DocumentStore<SessionRecord> sessions;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    SessionStore(Storage storage, Clock clock) {
        this.sessions = new DocumentStore<>(storage, "sts.sessions", SessionRecord.class);
        this.clock = clock;
    }

    /** Issues and stores new credentials acting as {@code principalArn} until {@code expires}. */
    SessionRecord issue(String account, String principalArn, String userId, Instant expires) {
        SessionRecord s = new SessionRecord(AwsIds.accessKeyId(KEY_PREFIX), AwsIds.secretAccessKey(), token(), account,
                principalArn, userId, expires.toEpochMilli());
        sessions.put(s.accessKeyId(), s);
        return s;
    }

    /** The unexpired session behind an access key. */
    Optional<SessionRecord> active(String accessKeyId) {
        if (accessKeyId == null || !accessKeyId.startsWith(KEY_PREFIX)) {
            return Optional.empty();
        }
        long now = clock.millis();
        return sessions.get(accessKeyId).filter(s -> now < s.expires());
    }

    @Override
    public Optional<CredentialResolver.Credential> find(String accessKeyId) {
        return active(accessKeyId).map(SessionRecord::credential);
    }

    /** Deletes expired sessions; returns how many. */
    int sweepExpired() {
        long now = clock.millis();
        int n = 0;
        for (SessionRecord s : sessions.list("", s -> s.expires() <= now)) {
            sessions.delete(s.accessKeyId());
            n++;
        }
        return n;
    }

    private String token() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

}
