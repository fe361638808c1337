package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/** ListObjectsV2 and ListObjects (V1): prefixes, delimiters, pagination, encoding. */
class S3ListTest {
    static final StratusServer stratus = StratusServer.start();
    static final S3Client s3 = stratus.client(S3Client.builder().forcePathStyle(true));
    static final String BUCKET = "list-" + UUID.randomUUID().toString().substring(0, 8);
    static final List<String> KEYS = List.of("a.txt", "photos/2024/jan.jpg", "photos/2024/feb.jpg",
            "photos/2025/mar.jpg", "photos/cover.png", "videos/clip.mp4", "with space/é+plus.txt", "z");

    @BeforeAll
    static void fill() {
        s3.createBucket(b -> b.bucket(BUCKET));
        for (String k : KEYS) {
            s3.putObject(b -> b.bucket(BUCKET).key(k), RequestBody.fromString(k));
        }
    }

    @AfterAll
    static void stop() {
        s3.close();
        stratus.close();
    }

    @Test
    void keysComeBackInOrderWithSizesAndETags() {
        ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(BUCKET));
        assertThat(r.contents()).extracting(S3Object::key).containsExactlyElementsOf(KEYS.stream().sorted().toList());
        assertThat(r.keyCount()).isEqualTo(KEYS.size());
        assertThat(r.isTruncated()).isFalse();
        assertThat(r.contents().get(0).size()).isEqualTo(5);
        assertThat(r.contents().get(0).eTag()).startsWith("\"");
        assertThat(r.contents().get(0).lastModified()).isNotNull();
    }

    @Test
    void aDelimiterGroupsCommonPrefixes() {
        ListObjectsV2Response top = s3.listObjectsV2(b -> b.bucket(BUCKET).delimiter("/"));
        assertThat(top.contents()).extracting(S3Object::key).containsExactly("a.txt", "z");
        assertThat(top.commonPrefixes()).extracting(CommonPrefix::prefix)
                .containsExactly("photos/", "videos/", "with space/");
        assertThat(top.keyCount()).isEqualTo(5);

        ListObjectsV2Response photos = s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("photos/").delimiter("/"));
        assertThat(photos.contents()).extracting(S3Object::key).containsExactly("photos/cover.png");
        assertThat(photos.commonPrefixes()).extracting(CommonPrefix::prefix)
                .containsExactly("photos/2024/", "photos/2025/");
    }

    @Test
    void continuationTokensPageThroughKeysAndPrefixes() {
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(BUCKET).delimiter("/").maxKeys(2)
                    .continuationToken(t));
            page.contents().forEach(o -> seen.add(o.key()));
            page.commonPrefixes().forEach(p -> seen.add(p.prefix()));
            token = page.nextContinuationToken();
            assertThat(page.isTruncated()).isEqualTo(token != null);
            pages++;
        } while (token != null);
        assertThat(seen).containsExactlyInAnyOrder("a.txt", "photos/", "videos/", "with space/", "z");
        assertThat(pages).isEqualTo(3);

        List<String> viaPaginator = s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).maxKeys(3)).contents().stream()
                .map(S3Object::key).toList();
        assertThat(viaPaginator).containsExactlyElementsOf(KEYS.stream().sorted().toList());
    }

    @Test
    void startAfterSkipsKeys() {
        ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(BUCKET).startAfter("photos/2025/mar.jpg"));
        assertThat(r.contents()).extracting(S3Object::key)
                .containsExactly("photos/cover.png", "videos/clip.mp4", "with space/é+plus.txt", "z");
        assertThat(r.startAfter()).isEqualTo("photos/2025/mar.jpg");
    }

    @Test
    void urlEncodingTypeRoundTripsOddKeys() {
        ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("with").encodingType(EncodingType.URL));
        assertThat(r.contents()).extracting(S3Object::key).containsExactly("with space/é+plus.txt");
    }

    @Test
    void listObjectsV1UsesMarkers() {
        ListObjectsResponse first = s3.listObjects(b -> b.bucket(BUCKET).delimiter("/").maxKeys(2));
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.contents()).extracting(S3Object::key).containsExactly("a.txt");
        assertThat(first.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("photos/");
        assertThat(first.nextMarker()).isEqualTo("photos/");
        ListObjectsResponse second = s3.listObjects(b -> b.bucket(BUCKET).delimiter("/").marker("photos/"));
        assertThat(second.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("videos/", "with space/");
        assertThat(second.contents()).extracting(S3Object::key).containsExactly("z");
        assertThat(second.isTruncated()).isFalse();
        ListObjectsResponse all = s3.listObjects(b -> b.bucket(BUCKET).marker("videos/clip.mp4"));
        assertThat(all.contents()).extracting(S3Object::key).containsExactly("with space/é+plus.txt", "z");
        assertThat(all.contents().get(0).owner()).isNotNull();
    }

    @Test
    void maxKeysZeroReturnsNothing() {
        ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(BUCKET).maxKeys(0));
        assertThat(r.contents()).isEmpty();
        assertThat(r.keyCount()).isZero();
    }
}
