package dev.stratus.server;

import dev.stratus.platform.RequestContext;
import dev.stratus.platform.auth.CredentialResolver.Credential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an AWS shared-credentials INI file: each profile's {@code aws_access_key_id} and
 * {@code aws_secret_access_key} become keys strict mode accepts; an optional {@code aws_account_id} picks the
 * account (default 000000000000).
 */
final class CredentialsFile {
    private CredentialsFile() {
    }

    static Map<String, Credential> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read credentials file " + file, e);
        }
        return parse(lines);
    }

    static Map<String, Credential> parse(List<String> lines) {
        Map<String, Map<String, String>> profiles = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = profiles.computeIfAbsent(line.substring(1, line.length() - 1).strip(), k -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (eq > 0 && current != null) {
                current.put(line.substring(0, eq).strip().toLowerCase(), line.substring(eq + 1).strip());
            }
        }
        Map<String, Credential> out = new LinkedHashMap<>();
        for (Map<String, String> p : profiles.values()) {
            String id = p.get("aws_access_key_id");
            String secret = p.get("aws_secret_access_key");
            if (id == null || secret == null) {
                continue;
            }
            String account = p.getOrDefault("aws_account_id", RequestContext.DEFAULT_ACCOUNT);
            out.put(id, new Credential(id, secret, account, "arn:aws:iam::" + account + ":root", null));
        }
        return out;
    }
}
