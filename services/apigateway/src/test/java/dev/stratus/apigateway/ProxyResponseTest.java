package dev.stratus.apigateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.protocol.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Lambda proxy replies turned into HTTP responses, and the replies API Gateway rejects with 502. */
class ProxyResponseTest {

    static HttpResponse parse(String json) throws ProxyResponse.MalformedException {
        return ProxyResponse.toHttp(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void statusHeadersAndBody() throws Exception {
        HttpResponse r = parse("""
                {"statusCode": 404, "headers": {"A": "1", "B": "single", "N": 5},
                 "multiValueHeaders": {"B": ["x", "y"]}, "body": "gone"}""");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.headers().all("A")).containsExactly("1");
        assertThat(r.headers().all("B")).containsExactly("x", "y");
        assertThat(r.headers().all("N")).containsExactly("5");
        assertThat(r.headers().first("Content-Type")).isEqualTo("application/json");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("gone");
    }

    @Test
    void base64BodiesAreDecoded() throws Exception {
        HttpResponse r = parse("{\"statusCode\": 200, \"body\": \"AAFoaQ==\", \"isBase64Encoded\": true}");
        assertThat(r.body()).containsExactly(0, 1, 'h', 'i');
    }

    @Test
    void malformedReplies() {
        for (String bad : new String[] {"[1]", "\"text\"", "not json", "{\"statusCode\": \"abc\"}",
                "{\"statusCode\": 200, \"body\": {\"a\": 1}}", "{\"statusCode\": 200, \"headers\": [1]}",
                "{\"statusCode\": 200, \"multiValueHeaders\": {\"a\": \"b\"}}", "{\"statusCode\": 42}"}) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(ProxyResponse.MalformedException.class);
        }
    }
}
