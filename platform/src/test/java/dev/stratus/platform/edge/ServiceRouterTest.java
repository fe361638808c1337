package dev.stratus.platform.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.platform.Operation;
import dev.stratus.platform.Service;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.model.ServiceModel;
import dev.stratus.protocol.sigv4.SigV4Scope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceRouterTest {
    static Service service(String name) {
        ServiceModel model = ServiceModel.load(name);
        return new Service() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ServiceModel model() {
                return model;
            }

            @Override
            public Map<String, Operation> operations() {
                return Map.of();
            }
        };
    }

    final Service s3 = service("s3");
    final ServiceRouter router = new ServiceRouter(List.of(service("sts"), s3));

    static HttpRequest request(String path, String query, String authorization) {
        HttpRequest.Headers h = new HttpRequest.Headers();
        if (authorization != null) {
            h.add("Authorization", authorization);
        }
        return new HttpRequest("GET", path, query, h, null);
    }

    Service route(HttpRequest r) {
        return router.route(r, SigV4Scope.of(r));
    }

    @Test
    void signatureVersion2RequestsGoToS3() {
        assertThat(route(request("/b/k", "AWSAccessKeyId=test&Signature=x&Expires=1", null))).isSameAs(s3);
        assertThat(route(request("/b/k", "", "AWS test:c2lnbmF0dXJl"))).isSameAs(s3);
    }

    @Test
    void unsignedRequestsToBucketsAndObjectsGoToS3ForItsBucketPolicies() {
        assertThat(route(request("/b/k", "x=AWSAccessKeyId", null))).isSameAs(s3);
        assertThat(route(request("/b", "", null))).isSameAs(s3);
    }

    @Test
    void theRootAndForeignAuthorizationsAreNotGuessed() {
        assertThat(route(request("/", "", null))).isNull();
        assertThat(route(request("/b/k", "", "Bearer token"))).isNull();
    }
}
