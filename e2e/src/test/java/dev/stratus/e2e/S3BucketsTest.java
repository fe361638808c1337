package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/** Buckets through the AWS SDK for Java v2: create, head, list, location, delete, tagging, addressing styles. */
class S3BucketsTest {
    static final StratusServer stratus = StratusServer.start();
    static final S3Client s3 = stratus.client(S3Client.builder().forcePathStyle(true));

    @AfterAll
    static void stop() {
        s3.close();
        stratus.close();
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createHeadListAndDeleteABucket() {
        String name = unique("photos-");
        assertThat(s3.createBucket(b -> b.bucket(name)).location()).isEqualTo("/" + name);
        assertThat(s3.headBucket(b -> b.bucket(name)).bucketRegion()).isEqualTo("us-east-1");
        assertThat(s3.listBuckets().buckets()).anySatisfy(b -> {
            assertThat(b.name()).isEqualTo(name);
            assertThat(b.creationDate()).isNotNull();
        });
        assertThat(s3.getBucketLocation(b -> b.bucket(name)).locationConstraintAsString()).isEmpty();

        s3.deleteBucket(b -> b.bucket(name));
        assertThat(s3.listBuckets().buckets()).noneMatch(b -> b.name().equals(name));
        assertAwsError(() -> s3.headBucket(b -> b.bucket(name)), NoSuchBucketException.class, 404, "NoSuchBucket", null);
        assertAwsError(() -> s3.deleteBucket(b -> b.bucket(name)), NoSuchBucketException.class, 404, "NoSuchBucket",
                "The specified bucket does not exist");
    }

    @Test
    void aLocationConstraintIsTheBucketsRegion() {
        String name = unique("eu-");
        s3.createBucket(b -> b.bucket(name)
                .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)));
        assertThat(s3.getBucketLocation(b -> b.bucket(name)).locationConstraint())
                .isEqualTo(BucketLocationConstraint.EU_WEST_1);
        assertThat(s3.headBucket(b -> b.bucket(name)).bucketRegion()).isEqualTo("eu-west-1");
    }

    @Test
    void creatingAnOwnedBucketAgainIsAConflict() {
        String name = unique("twice-");
        s3.createBucket(b -> b.bucket(name));
        assertAwsError(() -> s3.createBucket(b -> b.bucket(name)), BucketAlreadyOwnedByYouException.class, 409,
                "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.");
    }

    @Test
    void invalidBucketNamesAreRefused() throws Exception {
        for (String bad : new String[] {"ab", "upper-Case", "under_score", "192.168.1.1", "double..dot", "-dash"}) {
            RawS3.Response r = RawS3.send(stratus.endpoint(), "PUT", "/" + bad, Map.of(), null);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.body()).contains("<Code>InvalidBucketName</Code>",
                    "<Message>The specified bucket is not valid.</Message>", "<BucketName>" + bad + "</BucketName>");
        }
    }

    @Test
    void aBucketWithObjectsCannotBeDeleted() {
        String name = unique("full-");
        s3.createBucket(b -> b.bucket(name));
        s3.putObject(b -> b.bucket(name).key("k"), RequestBody.fromString("x"));
        assertAwsError(() -> s3.deleteBucket(b -> b.bucket(name)), S3Exception.class, 409, "BucketNotEmpty",
                "The bucket you tried to delete is not empty");
        s3.deleteObject(b -> b.bucket(name).key("k"));
        s3.deleteBucket(b -> b.bucket(name));
    }

    @Test
    void bucketTagging() {
        String name = unique("tags-");
        s3.createBucket(b -> b.bucket(name));
        assertAwsError(() -> s3.getBucketTagging(b -> b.bucket(name)), S3Exception.class, 404, "NoSuchTagSet",
                "The TagSet does not exist");
        s3.putBucketTagging(b -> b.bucket(name).tagging(t -> t.tagSet(
                Tag.builder().key("team").value("data").build(), Tag.builder().key("env").value("dev").build())));
        assertThat(s3.getBucketTagging(b -> b.bucket(name)).tagSet())
                .extracting(Tag::key, Tag::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("team", "data"),
                        org.assertj.core.groups.Tuple.tuple("env", "dev"));
        s3.deleteBucketTagging(b -> b.bucket(name));
        assertAwsError(() -> s3.getBucketTagging(b -> b.bucket(name)), S3Exception.class, 404, "NoSuchTagSet", null);
    }

    @Test
    void virtualHostStyleRequestsNameTheBucketInTheHostHeader() throws Exception {
        String name = unique("vhost-");
        s3.createBucket(b -> b.bucket(name));
        s3.putObject(b -> b.bucket(name).key("dir/hello.txt"), RequestBody.fromString("hi there"));
        // *.s3.localhost does not resolve everywhere, so connect to the port and send the Host header.
        String host = name + ".s3.localhost:" + stratus.endpoint().getPort();
        RawS3.Response get = RawS3.send(stratus.endpoint(), "GET", "/dir/hello.txt", Map.of("Host", host), null);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("hi there");
        RawS3.Response list = RawS3.send(stratus.endpoint(), "GET", "/?list-type=2", Map.of("Host", host), null);
        assertThat(list.body()).contains("<Name>" + name + "</Name>", "<Key>dir/hello.txt</Key>");
        RawS3.Response head = RawS3.send(stratus.endpoint(), "HEAD", "/dir/hello.txt", Map.of("Host", host), null);
        assertThat(head.headers()).containsEntry("content-length", "8");
    }

    @Test
    void aMissingBucketIsNoSuchBucketWithItsName() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(stratus.endpoint() + "/no-such-bucket-here?list-type=2"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, "
                        + "SignedHeaders=host, Signature=00")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("<Code>NoSuchBucket</Code>", "<BucketName>no-such-bucket-here</BucketName>",
                "<RequestId>");
        assertThat(r.headers().firstValue("x-amz-request-id")).isPresent();
    }

    @Test
    void listBucketsPagesWithMaxBuckets() {
        String prefix = unique("page-");
        for (int i = 0; i < 5; i++) {
            int n = i;
            s3.createBucket(b -> b.bucket(prefix + "-" + n));
        }
        var first = s3.listBuckets(b -> b.prefix(prefix).maxBuckets(2));
        assertThat(first.buckets()).extracting(software.amazon.awssdk.services.s3.model.Bucket::name)
                .containsExactly(prefix + "-0", prefix + "-1");
        assertThat(first.continuationToken()).isNotBlank();
        var all = s3.listBucketsPaginator(b -> b.prefix(prefix).maxBuckets(2)).buckets().stream()
                .map(software.amazon.awssdk.services.s3.model.Bucket::name).toList();
        assertThat(all).hasSize(5).isSorted();
    }
}
