package dev.stratus.platform.iam;

/** What a set of policies says about a request: an explicit Deny, an Allow, or nothing (an implicit deny). */
public enum Decision {
    DENY, ALLOW, NONE;

    /** Two policy sets together: an explicit Deny wins, then an Allow. */
    public Decision and(Decision other) {
        if (this == DENY || other == DENY) {
            return DENY;
        }
        return this == ALLOW || other == ALLOW ? ALLOW : NONE;
    }
}
