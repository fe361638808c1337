package dev.stratus.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.protocol.model.Member;
import dev.stratus.protocol.model.Shape;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/** Writes canonical values as XML the way the query and restXml protocols do (a streaming writer, no DOM). */
public final class XmlWriter {
    /** Written as UTF-8 as it goes: {@link #toBytes()} is then one copy (a small query answer is ~500 bytes). */
    private final Utf8Builder sb = new Utf8Builder(512);

    public XmlWriter declaration() {
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        return this;
    }

    public XmlWriter open(String name) {
        sb.append('<').append(name).append('>');
        return this;
    }

    public XmlWriter openNs(String name, String namespace) {
        sb.append('<').append(name);
        if (namespace != null) {
            sb.append(" xmlns=\"").append(escape(namespace)).append('"');
        }
        sb.append('>');
        return this;
    }

    public XmlWriter close(String name) {
        sb.append("</").append(name).append('>');
        return this;
    }

    public XmlWriter element(String name, String text) {
        if (text == null) {
            return this;
        }
        return open(name).text(text).close(name);
    }

    public XmlWriter text(String text) {
        sb.append(escape(text));
        return this;
    }

    /** Writes the members of a structure value (without a wrapping element). */
    public XmlWriter members(Shape shape, JsonNode value) {
        for (Member m : shape.members().values()) {
            JsonNode v = value.get(m.name());
            if (v == null || v.isNull() || m.location() != null || m.xmlAttribute()) {
                continue;
            }
            member(m, m.wireName(), v);
        }
        return this;
    }

    /** Writes one member value under {@code name}, honouring flattened lists and maps. */
    public XmlWriter member(Member m, String name, JsonNode v) {
        Shape s = m.shape();
        switch (s.type()) {
            case "list" -> {
                Member item = s.listMember();
                if (m.flattened()) {
                    String itemName = item.locationName() != null ? item.locationName() : name;
                    items(item, itemName, v);
                } else {
                    open(name);
                    items(item, item.locationName() != null ? item.locationName() : "member", v);
                    close(name);
                }
            }
            case "map" -> {
                String k = s.mapKey().locationName() != null ? s.mapKey().locationName() : "key";
                String val = s.mapValue().locationName() != null ? s.mapValue().locationName() : "value";
                if (!m.flattened()) {
                    open(name);
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (e.getValue() == null || e.getValue().isNull()) {
                        continue;
                    }
                    open(m.flattened() ? name : "entry");
                    element(k, e.getKey());
                    member(s.mapValue(), val, e.getValue());
                    close(m.flattened() ? name : "entry");
                }
                if (!m.flattened()) {
                    close(name);
                }
            }
            case "structure" -> {
                String ns = m.xmlNamespaceUri() != null ? m.xmlNamespaceUri() : s.xmlNamespaceUri();
                String prefix = m.xmlNamespaceUri() != null ? m.xmlNamespacePrefix()
                        : s.json().path("xmlNamespace").path("prefix").asText(null);
                structure(name, ns, prefix, s, v);
            }
            default -> element(name, scalar(m, v));
        }
        return this;
    }

    /** Writes {@code <name xmlns[:prefix]="ns" attrs...>members</name>} for a structure value. */
    public XmlWriter structure(String name, String namespace, String prefix, Shape s, JsonNode v) {
        sb.append('<').append(name);
        if (namespace != null) {
            sb.append(" xmlns");
            if (prefix != null) {
                sb.append(':').append(prefix);
            }
            sb.append("=\"").append(escape(namespace)).append('"');
        }
        for (Member a : s.members().values()) {
            JsonNode av = v.get(a.name());
            if (a.xmlAttribute() && av != null && !av.isNull()) {
                sb.append(' ').append(a.wireName()).append("=\"").append(escape(scalar(a, av))).append('"');
            }
        }
        sb.append('>');
        members(s, v);
        return close(name);
    }

    private void items(Member item, String itemName, JsonNode list) {
        for (JsonNode e : list) {
            if (e != null && !e.isNull()) {
                member(item, itemName, e);
            }
        }
    }

    /** The text of a scalar as XML protocols print it. */
    public static String scalar(Member m, JsonNode v) {
        Shape s = m.shape();
        return switch (s.type()) {
            case "timestamp" -> {
                if (!v.isNumber()) {
                    yield v.asText();
                }
                String f = m.timestampFormat();
                var t = Timestamps.instant(v);
                yield "unixTimestamp".equals(f) ? v.decimalValue().toPlainString()
                        : "rfc822".equals(f) ? Timestamps.rfc822(t) : Timestamps.iso8601(t);
            }
            case "blob" -> v.isBinary() ? Base64.getEncoder().encodeToString(binary(v)) : v.asText();
            case "float", "double" -> {
                double d = v.asDouble();
                yield d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15
                        ? Long.toString((long) d) : Double.toString(d);
            }
            default -> v.isNumber() ? v.numberValue().toString() : v.asText();
        };
    }

    private static byte[] binary(JsonNode v) {
        try {
            return v.binaryValue();
        } catch (java.io.IOException e) {
            return new byte[0];
        }
    }

    /**
     * Escapes text and attribute values. Characters XML 1.0 cannot carry at all (most control characters, lone
     * surrogates, U+FFFE/U+FFFF) become U+FFFD: even as character references they would make every SDK's parser
     * reject the whole response.
     */
    public static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&apos;";
                case '\r' -> "&#xD;";
                case '\n' -> "&#xA;";
                case '\t' -> null;
                default -> {
                    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
                        yield "\uFFFD";
                    }
                    if (Character.isHighSurrogate(c)) {
                        yield i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)) ? null : "\uFFFD";
                    }
                    if (Character.isLowSurrogate(c)) {
                        yield i > 0 && Character.isHighSurrogate(s.charAt(i - 1)) ? null : "\uFFFD";
                    }
                    yield null;
                }
            };
            if (rep != null) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                out.append(rep);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /** The document as UTF-8 bytes. */
    public byte[] toBytes() {
        return sb.toBytes();
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
