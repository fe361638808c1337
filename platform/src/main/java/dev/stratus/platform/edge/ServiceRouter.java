package dev.stratus.platform.edge;

import dev.stratus.platform.Service;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.codec.Codecs;
import dev.stratus.protocol.codec.QueryCodec;
import dev.stratus.protocol.codec.RestXmlCodec;
import dev.stratus.protocol.sigv4.SigV4Scope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the service a request is for: by {@code X-Amz-Target} prefix, then by the SigV4 credential scope's
 * service, then (unsigned query calls such as AssumeRoleWithWebIdentity) by the {@code Action} parameter, and
 * Signature Version 2 requests (S3 presigned URLs from boto3 and the CLI) to S3.
 */
public final class ServiceRouter {
    private final Map<String, Service> byTargetPrefix = new HashMap<>();
    /** {@link #byTargetPrefix} as two arrays, scanned per request. */
    private final String[] targetPrefixes;
    private final Service[] targetServices;
    private final Map<String, List<Service>> bySigningName = new HashMap<>();
    private final List<Service> queryServices = new ArrayList<>();
    private Service s3;

    public ServiceRouter(Collection<Service> services) {
        for (Service s : services) {
            var m = s.model();
            if (m.targetPrefix() != null) {
                byTargetPrefix.put(m.targetPrefix(), s);
            }
            bySigningName.computeIfAbsent(m.signingName(), k -> new ArrayList<>()).add(s);
            if (!m.signingName().equals(m.endpointPrefix())) {
                bySigningName.computeIfAbsent(m.endpointPrefix(), k -> new ArrayList<>()).add(s);
            }
            if ("S3".equals(m.serviceId())) {
                s3 = s;
            }
            if (m.supportsProtocol("query")) {
                queryServices.add(s);
            }
        }
        this.targetPrefixes = byTargetPrefix.keySet().toArray(String[]::new);
        this.targetServices = new Service[targetPrefixes.length];
        for (int i = 0; i < targetPrefixes.length; i++) {
            targetServices[i] = byTargetPrefix.get(targetPrefixes[i]);
        }
    }

    /** The service for this request, or null when none claims it. */
    public Service route(HttpRequest request, SigV4Scope scope) {
        String target = request.header("X-Amz-Target");
        if (target != null) {
            Service s = byTargetPrefix(target);
            if (s != null) {
                return s;
            }
        }
        if (scope != null) {
            List<Service> candidates = bySigningName.get(scope.service());
            if (candidates != null && candidates.size() == 1) {
                return candidates.get(0);
            }
            if (candidates != null && !candidates.isEmpty()) {
                // API Gateway v1 and v2 both sign as "apigateway": the one whose operations match the path wins.
                for (Service s : candidates) {
                    if (Codecs.forRequest(s.model(), request).claims(s.model(), request)) {
                        return s;
                    }
                }
                return candidates.get(0);
            }
        }
        if (!queryServices.isEmpty()) {
            String action = QueryCodec.param(request, "Action");
            if (action != null) {
                for (Service s : queryServices) {
                    if (s.model().operation(action) != null) {
                        return s;
                    }
                }
            }
        }
        if (signatureV2(request)) {
            return s3;
        }
        return anonymousS3(request, scope) ? s3 : null;
    }

    /**
     * The service whose target prefix is the part of {@code target} before its last dot (all of it without a dot):
     * compared in place over the few prefixes, as a substring per request only served as a map key.
     */
    private Service byTargetPrefix(String target) {
        int dot = target.lastIndexOf('.');
        int length = dot < 0 ? target.length() : dot;
        for (int i = 0; i < targetPrefixes.length; i++) {
            String prefix = targetPrefixes[i];
            if (prefix.length() == length && target.startsWith(prefix)) {
                return targetServices[i];
            }
        }
        return null;
    }

    /**
     * An unsigned request (no Authorization, no presigned query) to a bucket or object path that S3's operations
     * match: a browser or curl reading a public object. The root path stays unrouted (S3's ListBuckets needs a
     * signature anyway, and unsigned query calls of other services post to it).
     */
    private boolean anonymousS3(HttpRequest request, SigV4Scope scope) {
        if (s3 == null || scope != null || request.header("Authorization") != null
                || request.header("X-Amz-Target") != null || request.queryParams().containsKey("X-Amz-Credential")) {
            return false;
        }
        String path = request.rawPath();
        boolean rootPath = path.isEmpty() || path.equals("/");
        if (rootPath && RestXmlCodec.virtualHostBucket(request.header("Host")) == null) {
            return false;
        }
        return Codecs.forRequest(s3.model(), request).claims(s3.model(), request);
    }

    /**
     * S3 alone still accepts Signature Version 2 (boto3 and the CLI presign S3 URLs with it by default): an
     * {@code Authorization: AWS key:signature} header or an {@code AWSAccessKeyId} query parameter carries no scope.
     */
    private static boolean signatureV2(HttpRequest request) {
        String auth = request.header("Authorization");
        if (auth != null && auth.startsWith("AWS ")) {
            return true;
        }
        String q = request.rawQuery();
        return q.startsWith("AWSAccessKeyId=") || q.contains("&AWSAccessKeyId=");
    }
}
