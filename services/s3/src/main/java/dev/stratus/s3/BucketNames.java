package dev.stratus.s3;

import dev.stratus.protocol.AwsException;
import java.util.regex.Pattern;

/** S3's general-purpose bucket naming rules. */
final class BucketNames {
    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

    private BucketNames() {
    }

    static void validate(String name) {
        boolean ok = name != null && SHAPE.matcher(name).matches() && !IP.matcher(name).matches()
                && !name.contains("..") && !name.contains(".-") && !name.contains("-.")
                && !name.startsWith("xn--") && !name.startsWith("sthree-") && !name.endsWith("-s3alias")
                && !name.endsWith("--ol-s3");
        if (!ok) {
            throw new AwsException("InvalidBucketName", "The specified bucket is not valid.", 400)
                    .with("BucketName", name);
        }
    }
}
