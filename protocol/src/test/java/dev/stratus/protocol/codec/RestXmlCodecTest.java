package dev.stratus.protocol.codec;

import static dev.stratus.protocol.codec.Requests.json;
import static dev.stratus.protocol.codec.Requests.request;
import static dev.stratus.protocol.codec.Requests.text;
import static dev.stratus.protocol.codec.RestJsonCodecTest.catchAws;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.model.OperationModel;
import dev.stratus.protocol.model.ServiceModel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RestXmlCodecTest {
    static final ServiceModel S3 = ServiceModel.load("s3");
    static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
    final ProtocolCodec codec = Codecs.forProtocol("rest-xml");

    private OperationModel resolve(HttpRequest r) {
        return codec.resolve(S3, r);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "GET    | /                                  |                              | ListBuckets",
            "PUT    | /photos                            |                              | CreateBucket",
            "HEAD   | /photos                            |                              | HeadBucket",
            "GET    | /photos                            |                              | ListObjects",
            "GET    | /photos/                           |                              | ListObjects",
            "GET    | /photos?list-type=2&prefix=a       |                              | ListObjectsV2",
            "GET    | /photos?tagging                    |                              | GetBucketTagging",
            "GET    | /photos?lifecycle                  |                              | GetBucketLifecycleConfiguration",
            "GET    | /photos?analytics                  |                              | ListBucketAnalyticsConfigurations",
            "GET    | /photos?analytics&id=a1            |                              | GetBucketAnalyticsConfiguration",
            "POST   | /photos?delete                     |                              | DeleteObjects",
            "DELETE | /photos                            |                              | DeleteBucket",
            "GET    | /photos/2024/cat.jpg               |                              | GetObject",
            "GET    | /photos/2024/cat.jpg?x-id=GetObject |                             | GetObject",
            "HEAD   | /photos/cat.jpg                    |                              | HeadObject",
            "GET    | /photos/cat.jpg?acl                |                              | GetObjectAcl",
            "GET    | /photos/cat.jpg?uploadId=u1        |                              | ListParts",
            "PUT    | /photos/cat.jpg                    |                              | PutObject",
            "PUT    | /photos/cat.jpg                    | x-amz-copy-source: /a/b      | CopyObject",
            "PUT    | /photos/cat.jpg?partNumber=2&uploadId=u1 |                        | UploadPart",
            "PUT    | /photos/cat.jpg?partNumber=2&uploadId=u1 | x-amz-copy-source: /a/b | UploadPartCopy",
            "PUT    | /photos/cat.jpg?tagging            |                              | PutObjectTagging",
            "POST   | /photos/cat.jpg?uploads            |                              | CreateMultipartUpload",
            "POST   | /photos/cat.jpg?uploadId=u1        |                              | CompleteMultipartUpload",
            "DELETE | /photos/cat.jpg                    |                              | DeleteObject",
            "DELETE | /photos/cat.jpg?uploadId=u1        |                              | AbortMultipartUpload",
    })
    void routesLikeS3(String method, String path, String header, String operation) {
        Requests r = request(method, path);
        if (header != null) {
            r.header(header.substring(0, header.indexOf(':')), header.substring(header.indexOf(':') + 1).trim());
        }
        assertThat(resolve(r.build()).name()).isEqualTo(operation);
    }

    @Test
    void putObjectReadsMetadataHeadersAndRawBody() throws Exception {
        HttpRequest r = request("PUT", "/photos/2024/my%20cat.jpg").header("Content-Type", "image/jpeg")
                .header("x-amz-meta-Owner", "alice").header("X-Amz-Meta-camera", "x100")
                .header("x-amz-tagging", "a=b").header("x-amz-object-lock-retain-until-date", "2030-01-01T00:00:00Z")
                .header("x-amz-server-side-encryption-bucket-key-enabled", "true")
                .header("Content-Length", "5").body(new byte[]{1, 2, 3, 4, 5}).build();
        OperationModel op = resolve(r);
        assertThat(op.name()).isEqualTo("PutObject");
        ObjectNode in = codec.decode(op, r);
        assertThat(in.get("Bucket").asText()).isEqualTo("photos");
        assertThat(in.get("Key").asText()).isEqualTo("2024/my cat.jpg");
        assertThat(in.get("ContentType").asText()).isEqualTo("image/jpeg");
        assertThat(in.get("ContentLength").longValue()).isEqualTo(5);
        assertThat(in.get("Metadata")).isEqualTo(json("{\"owner\":\"alice\",\"camera\":\"x100\"}"));
        assertThat(in.get("BucketKeyEnabled").booleanValue()).isTrue();
        assertThat(Timestamps.instant(in.get("ObjectLockRetainUntilDate"))).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(in.get("Body").binaryValue()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void awsChunkedUploadsAreUnframedAndTrailersBecomeHeaders() throws Exception {
        String framed = "5;chunk-signature=" + "a".repeat(64) + "\r\nhello\r\n"
                + "6;chunk-signature=" + "b".repeat(64) + "\r\n world\r\n"
                + "0;chunk-signature=" + "c".repeat(64) + "\r\n"
                + "x-amz-checksum-crc32:DUoRhQ==\r\n\r\n";
        HttpRequest r = request("PUT", "/photos/greeting.txt")
                .header("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER")
                .header("Content-Encoding", "aws-chunked").header("x-amz-decoded-content-length", "11")
                .header("x-amz-trailer", "x-amz-checksum-crc32").header("Content-Length", "400")
                .body(framed).build();
        ObjectNode in = codec.decode(resolve(r), r);
        assertThat(new String(in.get("Body").binaryValue(), StandardCharsets.UTF_8)).isEqualTo("hello world");
        assertThat(in.get("ChecksumCRC32").asText()).isEqualTo("DUoRhQ==");
        assertThat(in.get("ContentLength").longValue()).isEqualTo(11);
        assertThat(in.has("ContentEncoding")).isFalse();

        HttpRequest broken = request("PUT", "/photos/x").header("Content-Encoding", "aws-chunked")
                .body("ffff\r\nshort").build();
        assertThat(catchAws(() -> codec.decode(resolve(broken), broken)).code()).isEqualTo("IncompleteBody");
    }

    @Test
    void virtualHostedRequestsPutTheBucketInTheHost() {
        HttpRequest r = request("GET", "/?list-type=2&prefix=2024%2F&max-keys=10&fetch-owner=true")
                .header("Host", "photos.s3.localhost:4566").build();
        OperationModel op = resolve(r);
        assertThat(op.name()).isEqualTo("ListObjectsV2");
        ObjectNode in = codec.decode(op, r);
        assertThat(in).isEqualTo(json("{\"Bucket\":\"photos\",\"Prefix\":\"2024/\",\"MaxKeys\":10,\"FetchOwner\":true}"));

        HttpRequest obj = request("GET", "/a/b.txt").header("Host", "my.photos.s3.us-east-1.amazonaws.com").build();
        ObjectNode key = codec.decode(resolve(obj), obj);
        assertThat(key.get("Bucket").asText()).isEqualTo("my.photos");
        assertThat(key.get("Key").asText()).isEqualTo("a/b.txt");
        assertThat(RestXmlCodec.virtualHostBucket("photos.localhost:4566")).isEqualTo("photos");
        assertThat(RestXmlCodec.virtualHostBucket("localhost:4566")).isNull();
        assertThat(RestXmlCodec.virtualHostBucket("s3.localhost")).isNull();
        assertThat(RestXmlCodec.virtualHostBucket("127.0.0.1:4566")).isNull();
        assertThat(RestXmlCodec.virtualHostBucket("[::1]:4566")).isNull();
    }

    @Test
    void listObjectsV2OutputIsS3Xml() {
        OperationModel op = S3.operation("ListObjectsV2");
        ObjectNode out = (ObjectNode) json("""
                {"IsTruncated":false,"Name":"photos","Prefix":"a<&>","MaxKeys":1000,"KeyCount":2,
                 "Contents":[{"Key":"a/1.txt","LastModified":1700000000,"ETag":"\\"e1\\"","Size":3,"StorageClass":"STANDARD"},
                             {"Key":"a/2.txt","LastModified":1700000000.5,"Size":0}],
                 "CommonPrefixes":[{"Prefix":"a/b/"}]}""");
        HttpResponse resp = codec.encode(op, out, "req-9");
        assertThat(resp.status()).isEqualTo(200);
        assertThat(resp.headers().first("Content-Type")).isEqualTo("application/xml");
        assertThat(resp.headers().first("x-amz-request-id")).isEqualTo("req-9");
        assertThat(text(resp)).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ListBucketResult xmlns=\"" + NS + "\"><IsTruncated>false</IsTruncated>"
                + "<Contents><Key>a/1.txt</Key><LastModified>2023-11-14T22:13:20Z</LastModified>"
                + "<ETag>&quot;e1&quot;</ETag><Size>3</Size><StorageClass>STANDARD</StorageClass></Contents>"
                + "<Contents><Key>a/2.txt</Key><LastModified>2023-11-14T22:13:20.500Z</LastModified><Size>0</Size></Contents>"
                + "<Name>photos</Name><Prefix>a&lt;&amp;&gt;</Prefix><MaxKeys>1000</MaxKeys>"
                + "<CommonPrefixes><Prefix>a/b/</Prefix></CommonPrefixes><KeyCount>2</KeyCount></ListBucketResult>");
    }

    @Test
    void getObjectOutputIsHeadersAndRawBody() {
        OperationModel op = S3.operation("GetObject");
        ObjectNode out = AwsJsonCodec.MAPPER.createObjectNode();
        out.put("Body", "hi there".getBytes(StandardCharsets.UTF_8)).put("ContentLength", 8)
                .put("ContentType", "text/plain").put("ETag", "\"abc\"").set("LastModified", Timestamps.node(Instant.parse("2024-02-03T04:05:06Z")));
        out.putObject("Metadata").put("owner", "alice").put("note", "café");
        HttpResponse resp = codec.encode(op, out, "r");
        assertThat(text(resp)).isEqualTo("hi there");
        assertThat(resp.headers().first("Content-Type")).isEqualTo("text/plain");
        assertThat(resp.headers().first("Content-Length")).isEqualTo("8");
        assertThat(resp.headers().first("Last-Modified")).isEqualTo("Sat, 03 Feb 2024 04:05:06 GMT");
        assertThat(resp.headers().first("x-amz-meta-owner")).isEqualTo("alice");
        assertThat(resp.headers().first("x-amz-meta-note")).isEqualTo("=?UTF-8?B?Y2Fmw6k=?=");

        out.remove("ContentType");
        assertThat(codec.encode(op, out, "r").headers().first("Content-Type")).isEqualTo("application/octet-stream");
        HttpResponse head = codec.encode(S3.operation("HeadObject"), out, "r");
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().first("Content-Length")).isEqualTo("8");
    }

    @Test
    void structurePayloadsRoundTripIncludingNamespacedAttributes() {
        HttpRequest put = request("PUT", "/photos?tagging").body("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet>
                  <Tag><Key>env</Key><Value>prod &amp; co</Value></Tag><Tag><Key>k2</Key><Value></Value></Tag>
                  <Unknown><Deep/></Unknown>
                </TagSet></Tagging>""").build();
        OperationModel op = resolve(put);
        assertThat(op.name()).isEqualTo("PutBucketTagging");
        assertThat(codec.decode(op, put)).isEqualTo(json(
                "{\"Bucket\":\"photos\",\"Tagging\":{\"TagSet\":[{\"Key\":\"env\",\"Value\":\"prod & co\"},{\"Key\":\"k2\",\"Value\":\"\"}]}}"));

        HttpRequest acl = request("PUT", "/photos?acl").body("""
                <AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><AccessControlList>
                <Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">
                <ID>abc</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList>
                <Owner><ID>abc</ID></Owner></AccessControlPolicy>""").build();
        ObjectNode in = codec.decode(resolve(acl), acl);
        assertThat(in.at("/AccessControlPolicy/Grants/0/Grantee")).isEqualTo(json("{\"Type\":\"CanonicalUser\",\"ID\":\"abc\"}"));

        ObjectNode out = AwsJsonCodec.MAPPER.createObjectNode();
        out.set("Grants", in.at("/AccessControlPolicy/Grants"));
        out.set("Owner", in.at("/AccessControlPolicy/Owner"));
        String xml = text(codec.encode(S3.operation("GetBucketAcl"), out, "r"));
        assertThat(xml).contains("<AccessControlPolicy xmlns=\"" + NS + "\"><Owner><ID>abc</ID></Owner><AccessControlList><Grant>"
                + "<Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\"><ID>abc</ID></Grantee>"
                + "<Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>");
    }

    @Test
    void payloadOutputsAndTheUnwrappedLocationConstraint() {
        HttpResponse copy = codec.encode(S3.operation("CopyObject"),
                json("{\"CopyObjectResult\":{\"ETag\":\"e\",\"LastModified\":0},\"VersionId\":\"v1\"}"), "r");
        assertThat(text(copy)).endsWith("<CopyObjectResult xmlns=\"" + NS + "\"><ETag>e</ETag>"
                + "<LastModified>1970-01-01T00:00:00Z</LastModified></CopyObjectResult>");
        assertThat(copy.headers().first("x-amz-version-id")).isEqualTo("v1");

        assertThat(text(codec.encode(S3.operation("GetBucketLocation"), json("{\"LocationConstraint\":\"eu-west-1\"}"), "r")))
                .endsWith("<LocationConstraint xmlns=\"" + NS + "\">eu-west-1</LocationConstraint>");
        assertThat(text(codec.encode(S3.operation("GetBucketLocation"), json("{}"), "r")))
                .endsWith("<LocationConstraint xmlns=\"" + NS + "\"></LocationConstraint>");

        HttpResponse policy = codec.encode(S3.operation("GetBucketPolicy"), json("{\"Policy\":\"{\\\"Version\\\":\\\"2012-10-17\\\"}\"}"), "r");
        assertThat(text(policy)).isEqualTo("{\"Version\":\"2012-10-17\"}");

        HttpResponse deleted = codec.encode(S3.operation("DeleteObject"), json("{\"DeleteMarker\":true}"), "r");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.headers().first("x-amz-delete-marker")).isEqualTo("true");
    }

    @Test
    void errorsAreBareS3ErrorDocuments() {
        AwsException e = new AwsException("NoSuchKey", "The specified key does not exist.").with("Key", "a<b");
        HttpResponse resp = codec.encodeError(S3, S3.operation("GetObject"), e, "req-1");
        assertThat(resp.status()).isEqualTo(404);
        assertThat(resp.headers().first("Content-Type")).isEqualTo("application/xml");
        assertThat(resp.headers().first("x-amz-request-id")).isEqualTo("req-1");
        assertThat(text(resp)).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                + "<Message>The specified key does not exist.</Message><Key>a&lt;b</Key><RequestId>req-1</RequestId>"
                + "<HostId>" + RestXmlCodec.hostId("req-1") + "</HostId></Error>");

        HttpResponse head = codec.encodeError(S3, S3.operation("HeadObject"), e, "req-1");
        assertThat(head.status()).isEqualTo(404);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void unroutableMethodsAreMethodNotAllowed() {
        AwsException e = catchAws(() -> resolve(request("PATCH", "/photos/cat.jpg").build()));
        assertThat(e.code()).isEqualTo("MethodNotAllowed");
        assertThat(e.status()).isEqualTo(405);
        assertThat(text(codec.encodeError(S3, null, e, "r"))).contains("<Method>PATCH</Method><ResourceType>OBJECT</ResourceType>");
        assertThat(catchAws(() -> resolve(request("POST", "/").build())).fields().get("ResourceType")).isEqualTo("SERVICE");
    }

    @Test
    void badValuesAndBadXmlAreS3Errors() {
        HttpRequest r = request("GET", "/photos?list-type=2&max-keys=lots").build();
        AwsException e = catchAws(() -> codec.decode(resolve(r), r));
        assertThat(e.code()).isEqualTo("InvalidArgument");
        assertThat(e.getMessage()).isEqualTo("Provided max-keys not an integer or within integer range");
        assertThat(e.fields()).containsEntry("ArgumentName", "max-keys").containsEntry("ArgumentValue", "lots");

        for (String body : new String[]{"<Tagging><TagSet>", "not xml", "<a/><b/>",
                "<Tagging><TagSet><Tag><Key>k</Key><Value><x/></Value></Tag></TagSet></Tagging>",
                "<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Tagging>&x;</Tagging>",
                "<!DOCTYPE l [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><Tagging><TagSet><Tag><Key>&b;</Key></Tag></TagSet></Tagging>",
                "<a>".repeat(100) + "</a>".repeat(100)}) {
            HttpRequest put = request("PUT", "/photos?tagging").body(body).build();
            assertThat(catchAws(() -> codec.decode(resolve(put), put)).code()).as(body).isEqualTo("MalformedXML");
        }
        HttpRequest lifecycle = request("PUT", "/photos?lifecycle").body(
                "<LifecycleConfiguration><Rule><Expiration><Days>soon</Days></Expiration></Rule></LifecycleConfiguration>").build();
        assertThat(catchAws(() -> codec.decode(resolve(lifecycle), lifecycle)).code()).isEqualTo("MalformedXML");
    }

    @Test
    void invalidHttpDatesAreIgnoredAsHttpSays() {
        HttpRequest r = request("GET", "/photos/a").header("If-Modified-Since", "yesterday")
                .header("If-Unmodified-Since", "Sat, 03 Feb 2024 04:05:06 GMT").build();
        ObjectNode in = codec.decode(resolve(r), r);
        assertThat(in.has("IfModifiedSince")).isFalse();
        assertThat(Timestamps.instant(in.get("IfUnmodifiedSince"))).isEqualTo(Instant.parse("2024-02-03T04:05:06Z"));
    }
}
