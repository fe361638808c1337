package dev.stratus.sns;

/** A parsed {@code arn:aws:<service>:<region>:<account>:<resource>}. */
record SnsArn(String service, String region, String account, String resource) {

    static SnsArn parse(String arn) {
        if (arn == null) {
            return null;
        }
        String[] p = arn.split(":", 6);
        if (p.length != 6 || !p[0].equals("arn") || p[2].isEmpty() || p[3].isEmpty() || p[4].isEmpty()
                || p[5].isEmpty()) {
            return null;
        }
        return new SnsArn(p[2], p[3], p[4], p[5]);
    }

    /** A topic ARN, or InvalidParameter naming {@code parameter}, as SNS answers a malformed one. */
    static SnsArn topic(String arn, String parameter) {
        SnsArn a = parse(arn);
        if (a == null || !a.service.equals("sns") || a.resource.contains(":")) {
            throw Errors.invalidParameter(parameter);
        }
        return a;
    }

    /** A subscription ARN: the topic ARN plus {@code :<id>}. */
    static SnsArn subscription(String arn) {
        SnsArn a = parse(arn);
        if (a == null || !a.service.equals("sns") || a.resource.indexOf(':') <= 0) {
            throw Errors.invalidParameter("SubscriptionArn");
        }
        return a;
    }

    /** The topic name of a topic ARN, or of a subscription ARN's topic. */
    String topicName() {
        int colon = resource.indexOf(':');
        return colon < 0 ? resource : resource.substring(0, colon);
    }

    /** The store key prefix of this ARN's account and region. */
    String scope() {
        return account + "/" + region + "/";
    }

}
