package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.stratus.platform.StratusConfig;
import java.nio.file.Path;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Architecture;
import software.amazon.awssdk.services.lambda.model.GetLayerVersionResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.LayerVersionsListItem;
import software.amazon.awssdk.services.lambda.model.ListLayerVersionsResponse;
import software.amazon.awssdk.services.lambda.model.ListLayersResponse;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.PublishLayerVersionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Lambda layers through the AWS SDK: their lifecycle, their use by functions at /opt, and code downloads. */
class LambdaLayersTest {
    static final StratusServer stratus = StratusServer.start();
    static final String ROLE = LambdaTest.ROLE;
    final LambdaClient lambda = stratus.client(LambdaClient.builder());

    @AfterAll
    static void stop() {
        stratus.close();
    }

    PublishLayerVersionResponse publish(String name, Map<String, String> files, Runtime... runtimes) {
        return lambda.publishLayerVersion(b -> b.layerName(name).description("d-" + name)
                .compatibleRuntimes(runtimes).content(c -> c.zipFile(LambdaTest.zip(files))));
    }

    @Test
    void publishGetListAndDeleteLayerVersions() {
        SdkBytes archive = LambdaTest.zip(Map.of("python/a.py", "A = 1"));
        PublishLayerVersionResponse v1 = lambda.publishLayerVersion(b -> b.layerName("crud-layer")
                .description("d-crud-layer").compatibleRuntimes(Runtime.PYTHON3_12).content(c -> c.zipFile(archive)));
        PublishLayerVersionResponse v2 = lambda.publishLayerVersion(b -> b.layerName("crud-layer")
                .compatibleRuntimes(Runtime.NODEJS20_X).compatibleArchitectures(Architecture.ARM64)
                .licenseInfo("MIT").content(c -> c.zipFile(LambdaTest.zip(Map.of("nodejs/x.js", "1")))));
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v1.layerArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:layer:crud-layer");
        assertThat(v2.layerVersionArn()).isEqualTo(v1.layerArn() + ":2");
        assertThat(v1.content().codeSha256()).isEqualTo(sha256(archive));
        assertThat(v1.content().codeSize()).isEqualTo(archive.asByteArray().length);
        assertThat(v1.createdDate()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");

        GetLayerVersionResponse got = lambda.getLayerVersion(b -> b.layerName("crud-layer").versionNumber(2L));
        assertThat(got.licenseInfo()).isEqualTo("MIT");
        assertThat(got.compatibleArchitectures()).containsExactly(Architecture.ARM64);
        assertThat(lambda.getLayerVersionByArn(b -> b.arn(v1.layerVersionArn())).description())
                .isEqualTo("d-crud-layer");

        ListLayerVersionsResponse all = lambda.listLayerVersions(b -> b.layerName("crud-layer"));
        assertThat(all.layerVersions()).extracting(LayerVersionsListItem::version).containsExactly(2L, 1L);
        assertThat(lambda.listLayerVersions(b -> b.layerName("crud-layer")
                .compatibleRuntime(Runtime.PYTHON3_12)).layerVersions())
                .extracting(LayerVersionsListItem::version).containsExactly(1L);
        ListLayerVersionsResponse page = lambda.listLayerVersions(b -> b.layerName("crud-layer").maxItems(1));
        assertThat(page.layerVersions()).extracting(LayerVersionsListItem::version).containsExactly(2L);
        assertThat(lambda.listLayerVersions(b -> b.layerName("crud-layer").marker(page.nextMarker()))
                .layerVersions()).extracting(LayerVersionsListItem::version).containsExactly(1L);

        ListLayersResponse layers = lambda.listLayers(b -> b.compatibleRuntime(Runtime.PYTHON3_12));
        assertThat(layers.layers()).filteredOn(l -> l.layerName().equals("crud-layer")).singleElement()
                .satisfies(l -> assertThat(l.latestMatchingVersion().version()).isEqualTo(1L));
        assertThat(lambda.listLayers(b -> b.compatibleArchitecture(Architecture.ARM64)).layers())
                .filteredOn(l -> l.layerName().equals("crud-layer")).singleElement()
                .satisfies(l -> assertThat(l.latestMatchingVersion().version()).isEqualTo(2L));

        lambda.deleteLayerVersion(b -> b.layerName("crud-layer").versionNumber(2L));
        lambda.deleteLayerVersion(b -> b.layerName("crud-layer").versionNumber(2L)); // idempotent, as on AWS
        assertThatThrownBy(() -> lambda.getLayerVersion(b -> b.layerName("crud-layer").versionNumber(2L)))
                .isInstanceOf(ResourceNotFoundException.class);
        // Numbers are not reused after a delete.
        assertThat(publish("crud-layer", Map.of("python/a.py", "A = 3")).version()).isEqualTo(3);
    }

    @Test
    void layerVersionPolicies() {
        PublishLayerVersionResponse v = publish("shared-layer", Map.of("python/s.py", "S = 1"));
        assertThatThrownBy(() -> lambda.getLayerVersionPolicy(b -> b.layerName("shared-layer").versionNumber(1L)))
                .isInstanceOf(ResourceNotFoundException.class);
        var added = lambda.addLayerVersionPermission(b -> b.layerName("shared-layer").versionNumber(1L)
                .statementId("xaccount").action("lambda:GetLayerVersion").principal("223456789012"));
        assertThat(added.statement()).contains("\"AWS\":\"arn:aws:iam::223456789012:root\"")
                .contains(v.layerVersionArn());
        assertThatThrownBy(() -> lambda.addLayerVersionPermission(b -> b.layerName("shared-layer").versionNumber(1L)
                .statementId("xaccount").action("lambda:GetLayerVersion").principal("*")))
                .isInstanceOf(ResourceConflictException.class);
        assertThatThrownBy(() -> lambda.addLayerVersionPermission(b -> b.layerName("shared-layer").versionNumber(1L)
                .statementId("other").action("lambda:GetLayerVersion").principal("*").revisionId("stale")))
                .isInstanceOf(PreconditionFailedException.class);
        var policy = lambda.getLayerVersionPolicy(b -> b.layerName("shared-layer").versionNumber(1L));
        assertThat(policy.revisionId()).isEqualTo(added.revisionId());
        assertThat(policy.policy()).contains("\"Sid\":\"xaccount\"");
        lambda.removeLayerVersionPermission(b -> b.layerName("shared-layer").versionNumber(1L)
                .statementId("xaccount"));
        assertThatThrownBy(() -> lambda.removeLayerVersionPermission(b -> b.layerName("shared-layer")
                .versionNumber(1L).statementId("xaccount"))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void pythonFunctionImportsFromItsLayersAndLaterLayersWin() {
        String first = publish("py-first", Map.of("python/greeting.py", "WORD = 'first'",
                "python/only_first.py", "X = 'kept'")).layerVersionArn();
        String second = publish("py-second", Map.of("python/greeting.py", "WORD = 'second'")).layerVersionArn();
        String site = publish("py-site", Map.of("python/lib/python3.12/site-packages/sitemod.py", "V = 'site'"))
                .layerVersionArn();
        String code = """
                import greeting, only_first, sitemod, os
                def handler(event, context):
                    return {"word": greeting.WORD, "first": only_first.X, "site": sitemod.V,
                            "path": os.environ["PATH"]}
                """;
        var created = lambda.createFunction(b -> b.functionName("py-with-layers")
                .runtime(Runtime.PYTHON3_12).role(ROLE).handler("app.handler").layers(first, second, site)
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", code)))));
        assertThat(created.layers()).extracting(l -> l.arn()).containsExactly(first, second, site);
        assertThat(created.layers().getFirst().codeSize()).isPositive();

        String out = lambda.invoke(b -> b.functionName("py-with-layers")).payload().asUtf8String();
        assertThat(out).contains("\"word\": \"second\"").contains("\"first\": \"kept\"")
                .contains("\"site\": \"site\"").contains("/bin\"");

        // UpdateFunctionConfiguration replaces the list; environments restart with the new /opt.
        var updated = lambda.updateFunctionConfiguration(b -> b.functionName("py-with-layers")
                .layers(second, first, site));
        assertThat(updated.layers()).extracting(l -> l.arn()).containsExactly(second, first, site);
        assertThat(lambda.invoke(b -> b.functionName("py-with-layers")).payload().asUtf8String())
                .contains("\"word\": \"first\"");
    }

    @Test
    void nodeFunctionRequiresFromOptNodeModules() {
        String layer = publish("node-lib", Map.of("nodejs/node_modules/shout/index.js",
                "module.exports = (s) => s.toUpperCase() + '!';")).layerVersionArn();
        String code = "const shout = require('shout');\n"
                + "exports.handler = async (event) => ({ said: shout(event.say) });\n";
        lambda.createFunction(b -> b.functionName("node-with-layer").runtime(Runtime.NODEJS20_X).role(ROLE)
                .handler("index.handler").layers(layer)
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("index.js", code)))));
        String out = lambda.invoke(b -> b.functionName("node-with-layer")
                .payload(SdkBytes.fromUtf8String("{\"say\":\"hi\"}"))).payload().asUtf8String();
        assertThat(out).isEqualTo("{\"said\":\"HI!\"}");
    }

    @Test
    void layerReferencesAreChecked() {
        String l = publish("ref-check", Map.of("python/r.py", "R = 1")).layerVersionArn();
        List<String> six = List.of(l, l, l, l, l, l);
        assertThatThrownBy(() -> lambda.createFunction(b -> b.functionName("too-many-layers")
                .runtime(Runtime.PYTHON3_12).role(ROLE).handler("app.handler").layers(six)
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", "x = 1"))))))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("Cannot reference more than 5 layers.");
        String missing = "arn:aws:lambda:us-east-1:000000000000:layer:ref-check:99";
        assertThatThrownBy(() -> lambda.createFunction(b -> b.functionName("missing-layer")
                .runtime(Runtime.PYTHON3_12).role(ROLE).handler("app.handler").layers(missing)
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", "x = 1"))))))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("Layer version " + missing + " does not exist.");
    }

    @Test
    void codeLocationsDownloadTheUploadedArchives() throws Exception {
        SdkBytes pkg = LambdaTest.zip(Map.of("app.py", "def handler(e, c):\n    return 1\n", "data.txt", "x"));
        var created = lambda.createFunction(b -> b.functionName("downloadable")
                .runtime(Runtime.PYTHON3_12).role(ROLE).handler("app.handler").code(c -> c.zipFile(pkg)))
                ;
        String location = lambda.getFunction(b -> b.functionName("downloadable")).code().location();
        HttpResponse<byte[]> download = get(location);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(sha256(SdkBytes.fromByteArray(download.body()))).isEqualTo(created.codeSha256());

        PublishLayerVersionResponse layer = publish("downloadable-layer", Map.of("python/d.py", "D = 1"));
        HttpResponse<byte[]> layerDownload = get(lambda.getLayerVersion(b -> b.layerName("downloadable-layer")
                .versionNumber(1L)).content().location());
        assertThat(sha256(SdkBytes.fromByteArray(layerDownload.body()))).isEqualTo(layer.content().codeSha256());

        // A tampered URL is refused, as a presigned URL with a wrong signature is.
        String tampered = location.replaceFirst("/code/(\\d+)/[0-9a-f]{64}/", "/code/$1/" + "0".repeat(64) + "/");
        assertThat(tampered).isNotEqualTo(location);
        assertThat(get(tampered).statusCode()).isEqualTo(403);
    }

    @Test
    void layerContentFromS3() {
        S3Client s3 = stratus.client(S3Client.builder().forcePathStyle(true));
        s3.createBucket(b -> b.bucket("layer-artifacts"));
        SdkBytes archive = LambdaTest.zip(Map.of("python/from_s3.py", "V = 's3'"));
        s3.putObject(b -> b.bucket("layer-artifacts").key("layers/l.zip"), RequestBody.fromBytes(archive.asByteArray()));
        PublishLayerVersionResponse v = lambda.publishLayerVersion(b -> b.layerName("s3-layer")
                .content(c -> c.s3Bucket("layer-artifacts").s3Key("layers/l.zip")));
        assertThat(v.content().codeSha256()).isEqualTo(sha256(archive));
        assertThatThrownBy(() -> lambda.publishLayerVersion(b -> b.layerName("s3-layer")
                .content(c -> c.s3Bucket("layer-artifacts").s3Key("missing.zip"))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("NoSuchKey");
    }

    @Test
    void functionCodeFromS3DownloadsAsUploaded() throws Exception {
        S3Client s3 = stratus.client(S3Client.builder().forcePathStyle(true));
        s3.createBucket(b -> b.bucket("function-artifacts"));
        SdkBytes pkg = LambdaTest.zip(Map.of("app.py", "def handler(e, c):\n    return 's3 code'\n"));
        s3.putObject(b -> b.bucket("function-artifacts").key("fn.zip"), RequestBody.fromBytes(pkg.asByteArray()));
        var created = lambda.createFunction(b -> b.functionName("from-s3").runtime(Runtime.PYTHON3_12).role(ROLE)
                .handler("app.handler").code(c -> c.s3Bucket("function-artifacts").s3Key("fn.zip")));
        assertThat(created.codeSha256()).isEqualTo(sha256(pkg));
        assertThat(lambda.invoke(b -> b.functionName("from-s3")).payload().asUtf8String()).isEqualTo("\"s3 code\"");
        SdkBytes v2 = LambdaTest.zip(Map.of("app.py", "def handler(e, c):\n    return 'v2'\n"));
        s3.putObject(b -> b.bucket("function-artifacts").key("fn2.zip"), RequestBody.fromBytes(v2.asByteArray()));
        lambda.updateFunctionCode(b -> b.functionName("from-s3").s3Bucket("function-artifacts").s3Key("fn2.zip"));
        HttpResponse<byte[]> download = get(lambda.getFunction(b -> b.functionName("from-s3")).code().location());
        assertThat(sha256(SdkBytes.fromByteArray(download.body()))).isEqualTo(sha256(v2));
    }

    @Test
    void layersAndFunctionsUsingThemSurviveARestart(@TempDir Path data) throws Exception {
        StratusConfig config = StratusConfig.forTests().withStorage(data, false);
        String arn;
        try (StratusServer first = StratusServer.start(config)) {
            LambdaClient l = first.client(LambdaClient.builder());
            arn = l.publishLayerVersion(b -> b.layerName("durable-layer").content(c -> c.zipFile(
                    LambdaTest.zip(Map.of("python/durable.py", "D = 'kept'"))))).layerVersionArn();
            l.createFunction(b -> b.functionName("durable-layered").runtime(Runtime.PYTHON3_12).role(ROLE)
                    .handler("app.handler").layers(arn).code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py",
                            "import durable\ndef handler(e, c):\n    return durable.D\n")))));
        }
        try (StratusServer second = StratusServer.start(config)) {
            LambdaClient l = second.client(LambdaClient.builder());
            assertThat(l.getFunction(b -> b.functionName("durable-layered")).configuration().layers())
                    .extracting(x -> x.arn()).containsExactly(arn);
            assertThat(l.invoke(b -> b.functionName("durable-layered")).payload().asUtf8String())
                    .isEqualTo("\"kept\"");
            assertThat(get(l.getLayerVersionByArn(b -> b.arn(arn)).content().location()).statusCode())
                    .isEqualTo(200);
            assertThat(l.publishLayerVersion(b -> b.layerName("durable-layer").content(c -> c.zipFile(
                    LambdaTest.zip(Map.of("python/durable.py", "D = 2"))))).version()).isEqualTo(2);
        }
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    static String sha256(SdkBytes bytes) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes.asByteArray()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
