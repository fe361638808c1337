package dev.stratus.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.model.Member;
import dev.stratus.protocol.model.OperationModel;
import dev.stratus.protocol.model.ServiceModel;
import dev.stratus.protocol.model.Shape;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile input against every codec and several models: whatever arrives (bytes, half-valid JSON and XML, broken
 * chunk framing, odd paths, queries and headers), decoding ends in a value or an {@link AwsException}, quickly.
 */
class CodecFuzzTest {
    static final List<ServiceModel> MODELS = List.of("lambda", "s3", "apigateway", "apigatewayv2",
            "apigatewaymanagementapi", "iam", "sts", "sqs", "sns", "dynamodb", "logs", "cloudwatch")
            .stream().map(ServiceModel::load).toList();
    static final List<String> VALUES = List.of("", "0", "-1", "7", "2147483648", "99999999999999999999", "1.5", "1e999",
            "NaN", "-Infinity", "true", "FALSE", "2024-01-01T00:00:00Z", "Sat, 03 Feb 2024 04:05:06 GMT", "1700000000.5",
            "AAE=", "!!", "%zz", "a,b,\"c,d\"", "=?UTF-8?B?Y2Fm?=", "\u0000\r\n", "\uD800", "x".repeat(300),
            "aws-chunked", "gzip,aws-chunked", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "b.s3.localhost:4566", "x.localhost",
            "application/x-www-form-urlencoded", "application/json");
    static final List<String> JSON_TOKENS = List.of("{", "}", "[", "]", ",", ":", "\"", "null", "true", "1", "-0",
            "1e999", "3.5", "99999999999999999999999", "\"NaN\"", "\"AAE=\"", "\"\\u0000\"", "\"\\ud800\"", "\"2024-01-01\"",
            "\"TableName\"", "\"Item\"", "\"FunctionName\"", "\"Code\"", "\"ZipFile\"", "\"Timeout\"", "\"S\"", "\"L\"",
            "\"M\"", "\"B\"", "\"name\"", "\"tags\"", "\"logEvents\"", "\"timestamp\"", "\"Variables\"", "\"Document\"");
    static final List<String> XML_TOKENS = List.of("<", ">", "/>", "</", "<?xml version=\"1.0\"?>", "<!DOCTYPE x [",
            "<!ENTITY e \"eee\">", "]>", "&e;", "&amp;", "&#0;", "&#xD800;", "<![CDATA[", "]]>", "<Tagging>", "</Tagging>",
            "<TagSet>", "</TagSet>", "<Tag>", "</Tag>", "<Key>", "</Key>", "<Value>", "</Value>", "<Days>", "</Days>",
            "<Rule>", "</Rule>", "xmlns=\"a\"", "xsi:type=\"x\"", "<Grantee ", "<Delete>", "<Object>", "<Quiet>true</Quiet>",
            "text", " ", "\u0000", "\uFFFF");
    static final List<String> FORM_TOKENS = List.of("Action=", "&", "=", "Version=2012-11-05", ".member.", ".entry.",
            ".1", ".2.", "Name", "Value", "Value.DataType", "key", "value", "Attribute", "MessageAttribute", "Tags",
            "TagKeys", "RoleName", "QueueUrl", "MaxItems", "%", "+", "%2", "%FF", "99999999999", "ListRoles", "SendMessage");
    static final List<String> CHUNK_TOKENS = List.of("0", "5", "ffffffff", "-1", ";chunk-signature=ab", "\r\n",
            "hello", "x-amz-checksum-crc32:AAAAAA==", ":", "\n");

    @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
    void anyRequestDecodesOrFailsAsAnAwsError(@ForAll("requests") Fuzzed fuzzed) {
        String outcome = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> exercise(fuzzed.model(), fuzzed.request()));
        Statistics.collect(outcome);
    }

    /** Decodes and validates; returns how far the request got (reported by jqwik as statistics). */
    private static String exercise(ServiceModel model, HttpRequest request) {
        ProtocolCodec codec = Codecs.forRequest(model, request);
        OperationModel op = null;
        String stage = "resolve";
        try {
            op = codec.resolve(model, request);
            stage = "decode";
            ObjectNode input = codec.decode(op, request);
            stage = "validate";
            InputValidator.validate(op.input(), input, "ValidationException");
            return "valid";
        } catch (AwsException e) {
            HttpResponse response = codec.encodeError(model, op, e, "fuzz");
            assertThat(response.status()).isBetween(400, 599);
            return "refused at " + stage;
        }
    }

    /** One hostile request for one model. */
    record Fuzzed(ServiceModel model, HttpRequest request) {
        @Override
        public String toString() {
            return model.name() + " " + request.method() + " " + request.rawPath() + "?" + request.rawQuery() + " "
                    + request.headers().asMap() + " body=" + new String(request.body(), StandardCharsets.UTF_8);
        }
    }

    @Provide
    Arbitrary<Fuzzed> requests() {
        List<Arbitrary<Fuzzed>> perModel = new ArrayList<>();
        for (ServiceModel model : MODELS) {
            List<OperationModel> ops = new ArrayList<>(model.operations().values());
            perModel.add(Combinators.combine(Arbitraries.of(ops), method(), labels(), pairs(queryNames(model)),
                            pairs(headerNames(model)), body(), Arbitraries.of(FRAMINGS))
                    .as((op, method, label, query, headers, body, framing) -> new Fuzzed(model,
                            build(model, op, method, label, query, framed(headers, framing), body))));
        }
        return Arbitraries.oneOf(perModel);
    }

    /** Extra headers that switch on a decoding path: SigV4 streaming framing, S3 virtual hosts. */
    static final List<String> FRAMINGS = List.of("", "", "Content-Encoding:aws-chunked",
            "x-amz-content-sha256:STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "Host:b.s3.localhost:4566");

    private static List<String[]> framed(List<String[]> headers, String framing) {
        if (framing.isEmpty()) {
            return headers;
        }
        List<String[]> out = new ArrayList<>(headers);
        int colon = framing.indexOf(':');
        out.add(new String[]{framing.substring(0, colon), framing.substring(colon + 1)});
        return out;
    }

    private static HttpRequest build(ServiceModel model, OperationModel op, String method, String label,
                                     List<String[]> query, List<String[]> headerPairs, byte[] body) {
        String path = op.requestUri().replaceAll("\\{[^}]*}", java.util.regex.Matcher.quoteReplacement(label));
        String literal = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
        path = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String rawQuery = query.stream().map(p -> p[0] + "=" + p[1]).collect(Collectors.joining("&"));
        rawQuery = literal.isEmpty() ? rawQuery : rawQuery.isEmpty() ? literal : literal + "&" + rawQuery;
        HttpRequest.Headers headers = new HttpRequest.Headers();
        for (String[] h : headerPairs) {
            headers.add(h[0], h[1]);
        }
        if (model.targetPrefix() != null && headers.first("X-Amz-Target") == null && body.length % 3 != 0) {
            headers.add("X-Amz-Target", model.targetPrefix() + "." + op.name());
        }
        return new HttpRequest(method == null ? op.httpMethod() : method, path, rawQuery, headers, body);
    }

    private static Arbitrary<String> method() {
        return Arbitraries.of("GET", "PUT", "POST", "DELETE", "HEAD", "PATCH", "get", "").injectNull(0.6);
    }

    private static Arbitrary<String> labels() {
        Arbitrary<String> raw = Arbitraries.strings().ofMaxLength(20);
        return Arbitraries.oneOf(Arbitraries.of("fn", "bucket", "a%2Fb", "%", "..", "", "a/b/c", "%E2%82%AC", "%ZZ"),
                raw.map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8)), raw);
    }

    private static Arbitrary<List<String[]>> pairs(List<String> names) {
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of(names), Arbitraries.strings().ofMaxLength(8));
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of(VALUES),
                Arbitraries.strings().ofMaxLength(12).map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8)));
        return Combinators.combine(name, value).as((n, v) -> new String[]{n, v}).list().ofMaxSize(6);
    }

    private static List<String> queryNames(ServiceModel model) {
        List<String> out = new ArrayList<>(List.of("Action", "x-id", "list-type", "uploadId", "partNumber", "tagging"));
        boundNames(model, "querystring", out);
        return out;
    }

    private static List<String> headerNames(ServiceModel model) {
        List<String> out = new ArrayList<>(List.of("Content-Type", "Content-Encoding", "x-amz-content-sha256",
                "X-Amz-Target", "Host", "x-amz-meta-a", "Content-Length"));
        boundNames(model, "header", out);
        return out;
    }

    private static void boundNames(ServiceModel model, String location, List<String> out) {
        for (Shape s : model.shapes().values()) {
            for (Member m : s.members().values()) {
                if (location.equals(m.location()) && out.size() < 200) {
                    out.add(m.wireName());
                }
            }
        }
    }

    private static Arbitrary<byte[]> body() {
        return Arbitraries.oneOf(
                Arbitraries.just(new byte[0]),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64),
                Arbitraries.strings().ofMaxLength(64).map(CodecFuzzTest::utf8),
                soup(JSON_TOKENS), soup(XML_TOKENS), soup(FORM_TOKENS), soup(CHUNK_TOKENS));
    }

    private static Arbitrary<byte[]> soup(List<String> tokens) {
        return Arbitraries.of(tokens).list().ofMaxSize(40).map(l -> utf8(String.join("", l)));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Property(tries = 25)
    void deepNestingIsRefusedNotOverflowed(@ForAll("depths") int depth) {
        String json = "{\"Item\":" + "{\"k\":{\"M\":".repeat(depth) + "{}" + "}}".repeat(depth) + "}";
        HttpRequest r = new HttpRequest("POST", "/", "", new HttpRequest.Headers()
                .add("X-Amz-Target", "DynamoDB_20120810.PutItem"), utf8(json));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> exercise(MODELS.get(9), r));
        String xml = "<Tagging>" + "<TagSet><Tag><Key>".repeat(depth) + "</Key></Tag></TagSet>".repeat(depth) + "</Tagging>";
        HttpRequest s3 = new HttpRequest("PUT", "/b", "tagging", new HttpRequest.Headers(), utf8(xml));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> exercise(MODELS.get(1), s3));
    }

    @Provide
    Arbitrary<Integer> depths() {
        return Arbitraries.integers().between(1, 3000);
    }

    @Property(tries = 50)
    void everyModelledRouteResolvesToAnOperationWithTheSameTemplate(@ForAll("routes") Map.Entry<ServiceModel, OperationModel> route) {
        ServiceModel model = route.getKey();
        OperationModel op = route.getValue();
        String uri = op.requestUri().replaceAll("\\{[^}]*}", "v");
        int q = uri.indexOf('?');
        HttpRequest.Headers headers = new HttpRequest.Headers();
        if (op.input() != null) {
            for (String name : op.input().required()) {
                Member m = op.input().member(name);
                if ("header".equals(m.location())) {
                    headers.add(m.wireName(), "1");
                }
            }
        }
        HttpRequest r = new HttpRequest(op.httpMethod(), q < 0 ? uri : uri.substring(0, q), q < 0 ? "" : uri.substring(q + 1),
                headers, new byte[0]);
        OperationModel resolved = Codecs.forRequest(model, r).resolve(model, r);
        assertThat(resolved.httpMethod()).isEqualTo(op.httpMethod());
        assertThat(resolved.uriTemplate().match(r.rawPath(), r.queryParams())).isNotNull();
    }

    @Provide
    Arbitrary<Map.Entry<ServiceModel, OperationModel>> routes() {
        return Arbitraries.of(MODELS.subList(0, 5)).flatMap(m -> Arbitraries.of(new ArrayList<>(m.operations().values()))
                .map(op -> Map.entry(m, op)));
    }
}
