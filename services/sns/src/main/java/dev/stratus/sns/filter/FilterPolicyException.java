package dev.stratus.sns.filter;

/** A filter policy SNS would refuse; the message is the reason AWS prints after "FilterPolicy: ". */
public final class FilterPolicyException extends RuntimeException {
    public FilterPolicyException(String reason) {
        super(reason);
    }
}
