package dev.stratus.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.model.ServiceModel;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Whatever text a service puts in an output, every codec renders a response the SDKs can parse. */
class OutputPropertiesTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final XMLInputFactory XML = XMLInputFactory.newDefaultFactory();

    @Property(tries = 200)
    void queryXmlCarriesAnyTextIntact(@ForAll String text) throws XMLStreamException {
        ObjectNode out = F.objectNode();
        out.putArray("Roles").addObject().put("RoleName", text).put("Description", text);
        String xml = Requests.text(new QueryCodec().encode(ServiceModel.load("iam").operation("ListRoles"), out, "r"));
        assertThat(elementText(xml, "Description")).isEqualTo(expected(text));
        AwsException error = new AwsException("NoSuchEntityException", text).with("Detail", text);
        String errorXml = Requests.text(new QueryCodec().encodeError(ServiceModel.load("iam"), null, error, "r"));
        assertThat(elementText(errorXml, "Message")).isEqualTo(expected(text));
    }

    @Property(tries = 200)
    void restXmlCarriesAnyKeyIntact(@ForAll String key) throws XMLStreamException {
        ObjectNode out = F.objectNode();
        out.putArray("Contents").addObject().put("Key", key);
        String xml = Requests.text(new RestXmlCodec().encode(ServiceModel.load("s3").operation("ListObjectsV2"), out, "r"));
        assertThat(elementText(xml, "Key")).isEqualTo(expected(key));
    }

    @Property(tries = 200)
    void headersNeverCarryLineBreaksOrNonAscii(@ForAll String text) {
        ObjectNode out = F.objectNode();
        out.put("ContentType", text).put("ETag", text).putObject("Metadata").put("m", text);
        HttpResponse resp = new RestXmlCodec().encode(ServiceModel.load("s3").operation("GetObject"), out, "r");
        for (Map.Entry<String, List<String>> h : resp.headers().asMap().entrySet()) {
            for (String v : h.getValue()) {
                assertThat(v.chars()).allMatch(c -> c == '\t' || c >= 0x20 && c < 0x7F);
            }
        }
    }

    @Property(tries = 200)
    void restJsonCarriesAnyTextIntact(@ForAll String text) {
        ObjectNode out = F.objectNode();
        out.putObject("Configuration").put("FunctionName", text).put("Description", text);
        HttpResponse resp = new RestJsonCodec().encode(ServiceModel.load("lambda").operation("GetFunction"), out, "r");
        String expectedText = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertThat(Requests.json(resp).at("/Configuration/Description").asText()).isEqualTo(expectedText);
        HttpResponse error = new RestJsonCodec().encodeError(ServiceModel.load("lambda"), null,
                new AwsException("ResourceNotFoundException", text), "r");
        assertThat(Requests.json(error).get("Message").asText()).isEqualTo(expectedText);
    }

    /** What an XML 1.0 document can carry of {@code text}: characters it cannot hold become U+FFFD. */
    private static String expected(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                sb.append(c).append(text.charAt(++i));
            } else if (c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c < 0xD800 || c >= 0xE000 && c < 0xFFFE) {
                sb.append(c);
            } else {
                sb.append('\uFFFD');
            }
        }
        return sb.toString();
    }

    private static String elementText(String xml, String element) throws XMLStreamException {
        XMLStreamReader r = XML.createXMLStreamReader(new StringReader(xml));
        String found = null;
        while (r.hasNext()) {
            if (r.next() == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals(element) && found == null) {
                found = r.getElementText();
            }
        }
        return found;
    }
}
