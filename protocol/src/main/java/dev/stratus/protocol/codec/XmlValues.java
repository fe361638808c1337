package dev.stratus.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.model.Member;
import dev.stratus.protocol.model.Shape;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an XML body (restXml) against its shape into the canonical tree with a hardened StAX reader: no DTDs, no
 * entities beyond XML's five, bounded nesting. Unknown elements are skipped, as AWS's parsers skip them.
 */
final class XmlValues {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Deeper documents are refused: hostile nesting must not exhaust the stack. */
    static final int MAX_DEPTH = 64;
    private static final XMLInputFactory FACTORY = newFactory();

    /** A body that is not well-formed XML, or does not fit the shape; the codec turns it into its own error. */
    static final class MalformedXml extends Exception {
        MalformedXml(String message) {
            super(message, null, false, false);
        }
    }

    private XmlValues() {
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setXMLReporter((message, type, info, location) -> {
            // problems surface as exceptions; nothing may be printed on behalf of a client's bad body
        });
        return f;
    }

    /**
     * Reads the document element of {@code body} as a value of {@code shape} (its name is not checked, as S3 does
     * not check it either); null when the body holds no element.
     */
    static ObjectNode readDocument(Shape shape, byte[] body) throws MalformedXml {
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(new StringReader(utf8(body)));
            ObjectNode out = null;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new MalformedXml("DTDs and entity declarations are not accepted");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (out != null) {
                        throw new MalformedXml("More than one document element");
                    }
                    out = structure(shape, r, 1);
                }
            }
            return out;
        } catch (XMLStreamException | RuntimeException e) {
            // The JDK's parser reports some malformed byte sequences as runtime exceptions; all mean "not XML".
            throw new MalformedXml("The XML you provided was not well-formed");
        } finally {
            close(r);
        }
    }

    /**
     * Decodes the body strictly as UTF-8 (what S3 and the SDKs send) before parsing: the JDK's parser would print
     * "[Fatal Error]" to stderr for every malformed byte sequence a client sends.
     */
    private static String utf8(byte[] body) throws MalformedXml {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new MalformedXml("The body is not UTF-8");
        }
    }

    private static ObjectNode structure(Shape shape, XMLStreamReader r, int depth)
            throws XMLStreamException, MalformedXml {
        checkDepth(depth);
        ObjectNode out = F.objectNode();
        for (int i = 0; i < r.getAttributeCount(); i++) {
            Member m = attributeMember(shape, r.getAttributePrefix(i), r.getAttributeLocalName(i));
            if (m != null) {
                out.set(m.name(), text(m, r.getAttributeValue(i)));
            }
        }
        while (true) {
            int event = r.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                return out;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String name = r.getLocalName();
            Member m = elementMember(shape, name);
            if (m == null) {
                skip(r, depth + 1);
            } else if (m.flattened() && "list".equals(m.shape().type())) {
                JsonNode item = value(m.shape().listMember(), r, depth + 1);
                ArrayNode arr = out.has(m.name()) ? (ArrayNode) out.get(m.name()) : out.putArray(m.name());
                if (item != null) {
                    arr.add(item);
                }
            } else if (m.flattened() && "map".equals(m.shape().type())) {
                ObjectNode map = out.has(m.name()) ? (ObjectNode) out.get(m.name()) : out.putObject(m.name());
                entry(m.shape(), r, map, depth + 1);
            } else {
                JsonNode v = value(m, r, depth + 1);
                if (v != null) {
                    out.set(m.name(), v);
                }
            }
        }
    }

    private static JsonNode value(Member m, XMLStreamReader r, int depth) throws XMLStreamException, MalformedXml {
        checkDepth(depth);
        Shape s = m.shape();
        switch (s.type()) {
            case "structure" -> {
                return structure(s, r, depth);
            }
            case "list" -> {
                Member itemMember = s.listMember();
                String itemName = itemMember.locationName() != null ? itemMember.locationName() : "member";
                ArrayNode arr = F.arrayNode();
                while (nextChild(r)) {
                    if (!itemName.equals(r.getLocalName())) {
                        skip(r, depth + 1);
                        continue;
                    }
                    JsonNode item = value(itemMember, r, depth + 1);
                    if (item != null) {
                        arr.add(item);
                    }
                }
                return arr;
            }
            case "map" -> {
                ObjectNode map = F.objectNode();
                while (nextChild(r)) {
                    entry(s, r, map, depth + 1);
                }
                return map;
            }
            default -> {
                String text = r.getElementText();
                return text.isEmpty() && !"string".equals(s.type()) && !"blob".equals(s.type()) ? null : text(m, text);
            }
        }
    }

    /** Reads one {@code <entry><key/><value/></entry>} (or a flattened entry) into {@code map}. */
    private static void entry(Shape mapShape, XMLStreamReader r, ObjectNode map, int depth)
            throws XMLStreamException, MalformedXml {
        checkDepth(depth);
        Member keyMember = mapShape.mapKey();
        Member valueMember = mapShape.mapValue();
        String keyName = keyMember.locationName() != null ? keyMember.locationName() : "key";
        String valueName = valueMember.locationName() != null ? valueMember.locationName() : "value";
        String key = null;
        JsonNode value = null;
        while (nextChild(r)) {
            String name = r.getLocalName();
            if (name.equals(keyName)) {
                key = r.getElementText();
            } else if (name.equals(valueName)) {
                value = value(valueMember, r, depth + 1);
            } else {
                skip(r, depth + 1);
            }
        }
        if (key != null && value != null) {
            map.set(key, value);
        }
    }

    /** Advances to the next child element (true) or to the end of the current element (false). */
    private static boolean nextChild(XMLStreamReader r) throws XMLStreamException {
        while (true) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (event == XMLStreamConstants.END_ELEMENT) {
                return false;
            }
        }
    }

    private static void skip(XMLStreamReader r, int depth) throws XMLStreamException, MalformedXml {
        int level = 1;
        while (level > 0) {
            checkDepth(depth + level);
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                level++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                level--;
            }
        }
    }

    private static JsonNode text(Member m, String text) throws MalformedXml {
        if ("string".equals(m.shape().type())) {
            return F.textNode(text);
        }
        JsonNode v = JsonValues.scalarFromString(m.shape(), text);
        if (v == null || v.isContainerNode()) {
            throw new MalformedXml("'" + text + "' is not a valid " + m.shape().type());
        }
        return v;
    }

    /** The member an element names: its wire name, or for a flattened list the item's name. */
    private static Member elementMember(Shape shape, String element) {
        for (Member m : shape.members().values()) {
            if (m.xmlAttribute() || m.location() != null) {
                continue;
            }
            String name = m.wireName();
            if (m.flattened() && "list".equals(m.shape().type()) && m.shape().listMember().locationName() != null) {
                name = m.shape().listMember().locationName();
            }
            if (name.equals(element)) {
                return m;
            }
        }
        return null;
    }

    private static Member attributeMember(Shape shape, String prefix, String local) {
        String qualified = prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
        for (Member m : shape.members().values()) {
            if (m.xmlAttribute() && (m.wireName().equals(qualified) || m.wireName().equals(local))) {
                return m;
            }
        }
        return null;
    }

    private static void checkDepth(int depth) throws MalformedXml {
        if (depth > MAX_DEPTH) {
            throw new MalformedXml("XML nesting is too deep");
        }
    }

    private static void close(XMLStreamReader r) {
        if (r != null) {
            try {
                r.close();
            } catch (XMLStreamException e) {
                // nothing left to release
            }
        }
    }
}
