package dev.stratus.iam;

import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;

/**
 * The IAM user a request acts as, for operations whose {@code UserName} defaults to the caller (GetUser,
 * CreateAccessKey, ...).
 */
final class Callers {
    private Callers() {
    }

    /**
     * The user named in {@code userName}, else the calling user; null when the caller is the account root.
     * Role sessions have no user, and IAM refuses them as it does.
     */
    static String userName(RequestContext ctx, String userName) {
        if (userName != null) {
            return userName;
        }
        String arn = ctx.principalArn();
        if (arn == null || arn.equals(IamArns.root(ctx.accountId()))) {
            return null;
        }
        String userPrefix = "arn:aws:iam::" + ctx.accountId() + ":user/";
        if (arn.startsWith(userPrefix)) {
            return arn.substring(arn.lastIndexOf('/') + 1);
        }
        throw new AwsException("ValidationError", "Must specify userName when calling with non-User credentials", 400);
    }
}
