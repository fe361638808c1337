package dev.stratus.platform.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.platform.HttpFrontDoor;
import dev.stratus.platform.Operation;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.Service;
import dev.stratus.platform.StratusConfig.AuthMode;
import dev.stratus.platform.auth.Authenticator;
import dev.stratus.platform.auth.CredentialResolver;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.model.ServiceModel;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A service's front door sees raw requests before AWS routing; everything it does not claim routes as before. */
class FrontDoorTest {

    /** Claims paths under /hooks/ and echoes method, path and body. */
    static class HookService implements Service {
        @Override
        public String name() {
            return "logs";
        }

        @Override
        public ServiceModel model() {
            return ServiceModel.load("logs");
        }

        @Override
        public Map<String, Operation> operations() {
            return Map.of();
        }

        @Override
        public HttpFrontDoor frontDoor() {
            return new HttpFrontDoor() {
                @Override
                public boolean claims(HttpRequest request) {
                    return request.rawPath().startsWith("/hooks/");
                }

                @Override
                public HttpResponse handle(HttpRequest request, String requestId) {
                    return HttpResponse.text(201, "text/plain", request.method() + " " + request.path() + " "
                            + new String(request.body(), StandardCharsets.UTF_8) + " " + requestId);
                }
            };
        }
    }

    final EdgeHandler edge = edge(new HookService());

    static EdgeHandler edge(Service service) {
        OperationRegistry registry = new OperationRegistry();
        registry.register(service);
        return new EdgeHandler(registry, new Authenticator(AuthMode.DEV, new CredentialResolver(Map.of())),
                Clock.systemUTC(), false, Map::of);
    }

    static HttpResponse call(EdgeHandler edge, String method, String path, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return edge.handle(method, path, "", new HttpRequest.Headers(), bytes.length, new ByteArrayInputStream(bytes));
    }

    @Test
    void claimedRequestsReachTheFrontDoorWithTheirBodyAndRequestId() {
        HttpResponse r = call(edge, "PUT", "/hooks/a%20b", "hello");
        String requestId = r.headers().first("x-amzn-RequestId");
        assertThat(r.status()).isEqualTo(201);
        assertThat(requestId).isNotBlank();
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("PUT /hooks/a b hello " + requestId);
    }

    @Test
    void unclaimedRequestsKeepTheEdgesBehaviour() {
        HttpResponse root = call(edge, "GET", "/", "");
        assertThat(root.status()).isEqualTo(200);
        assertThat(new String(root.body(), StandardCharsets.UTF_8)).startsWith("healthy: stratus");
        HttpResponse other = call(edge, "GET", "/other", "");
        assertThat(other.status()).isEqualTo(400);
        assertThat(new String(other.body(), StandardCharsets.UTF_8)).contains("UnrecognizedService");
    }

    @Test
    void servicesWithoutAFrontDoorChangeNothing() {
        EdgeHandler plain = edge(new HookService() {
            @Override
            public HttpFrontDoor frontDoor() {
                return null;
            }
        });
        assertThat(call(plain, "GET", "/hooks/x", "").status()).isEqualTo(400);
    }

    @Test
    void anErrorInAHandlerIsAnsweredAsA500WithABody() {
        EdgeHandler failing = edge(new HookService() {
            @Override
            public HttpFrontDoor frontDoor() {
                return new HttpFrontDoor() {
                    @Override
                    public boolean claims(HttpRequest request) {
                        return true;
                    }

                    @Override
                    public HttpResponse handle(HttpRequest request, String requestId) {
                        throw new NoClassDefFoundError("dev/stratus/Gone"); // e.g. the jar replaced under the server
                    }
                };
            }
        });
        HttpResponse r = call(failing, "GET", "/hooks/x", "");
        assertThat(r.status()).isEqualTo(500);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("InternalFailure")
                .contains("NoClassDefFoundError");
    }
}
