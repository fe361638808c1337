package dev.stratus.logs;

import dev.stratus.platform.RequestContext;

/** One account in one region: CloudWatch Logs state never crosses it. */
record Scope(String accountId, String region) {

    static Scope of(RequestContext ctx) {
        return new Scope(ctx.accountId(), ctx.region());
    }

    /** The document-key prefix for this scope's records. */
    String prefix() {
        return accountId + "/" + region + "/";
    }
}
