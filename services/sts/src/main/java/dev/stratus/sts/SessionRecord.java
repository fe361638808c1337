package dev.stratus.sts;

import dev.stratus.platform.auth.CredentialResolver;

/**
 * Temporary credentials STS issued, as stored.
 *
 * @param principalArn what requests signed with them act as (an assumed-role session ARN, or the caller's ARN
 *                     for GetSessionToken)
 * @param userId what GetCallerIdentity answers as UserId ({@code AROA...:session} for a role session)
 * @param expires epoch milliseconds after which the credentials no longer resolve
 */
record SessionRecord(String accessKeyId, String secretAccessKey, String sessionToken, String account,
                     String principalArn, String userId, long expires) {

    CredentialResolver.Credential credential() {
        return new CredentialResolver.Credential(accessKeyId, secretAccessKey, account, principalArn, sessionToken);
    }
}
