package dev.stratus.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.lambda.runtime.CodeCache;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code Layers} of CreateFunction and UpdateFunctionConfiguration: checked against AWS's limits and resolved. */
final class FunctionLayers {
    /** AWS's limit on layers per function. */
    static final int MAX_LAYERS = 5;

    private final LayerStore store;
    private final CodeCache code;

    FunctionLayers(LayerStore store, CodeCache code) {
        this.store = store;
        this.code = code;
    }

    /**
     * {@code f} with the layers the request names, or with {@code previous}'s when it names none; either way the
     * code and its layers must fit in the unzipped size limit together.
     */
    FunctionRecord apply(RequestContext ctx, ObjectNode in, FunctionRecord f, List<FunctionRecord.LayerRef> previous) {
        List<FunctionRecord.LayerRef> layers = in.has("Layers") ? resolve(in.get("Layers")) : previous;
        checkSize(f.codeSha256(), layers);
        return f.withLayers(layers);
    }

    private List<FunctionRecord.LayerRef> resolve(JsonNode arns) {
        if (arns.size() > MAX_LAYERS) {
            throw new AwsException("InvalidParameterValueException", "Cannot reference more than " + MAX_LAYERS
                    + " layers.");
        }
        List<FunctionRecord.LayerRef> out = new ArrayList<>();
        Map<String, String> byLayer = new HashMap<>();
        for (JsonNode n : arns) {
            String arn = n.asText();
            LayerArns.VersionArn parsed = LayerArns.parse(arn).orElseThrow(() -> missing(arn));
            LayerVersionRecord v = store.get(parsed.accountId(), parsed.region(), parsed.layerName(),
                    parsed.version()).orElseThrow(() -> missing(arn));
            String other = byLayer.putIfAbsent(v.layerArn(), arn);
            if (other != null) {
                throw new AwsException("InvalidParameterValueException", "Two different versions of the same layer "
                        + "are not allowed to be referenced in the same function. " + other + " and " + arn
                        + " share the same layer.");
            }
            out.add(new FunctionRecord.LayerRef(v.layerVersionArn(), v.codeSize(), v.codeSha256()));
        }
        return out;
    }

    private void checkSize(String codeSha256, List<FunctionRecord.LayerRef> layers) {
        if (layers.isEmpty()) {
            return;
        }
        long total = code.unpackedBytes(codeSha256);
        for (FunctionRecord.LayerRef l : layers) {
            total += code.unpackedBytes(l.codeSha256());
        }
        if (total > CodeCache.MAX_UNZIPPED_BYTES) {
            throw new AwsException("InvalidParameterValueException", "Function code combined with layers exceeds the "
                    + "maximum allowed size of " + CodeCache.MAX_UNZIPPED_BYTES + " bytes. The actual size is "
                    + total + " bytes.");
        }
    }

    private static AwsException missing(String arn) {
        return new AwsException("InvalidParameterValueException", "Layer version " + arn + " does not exist.");
    }
}
