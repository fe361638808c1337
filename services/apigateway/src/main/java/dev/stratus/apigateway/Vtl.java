package dev.stratus.apigateway;

import dev.stratus.platform.Lazy;
import java.io.StringWriter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.exception.VelocityException;
import org.apache.velocity.runtime.RuntimeConstants;
import org.apache.velocity.runtime.resource.loader.StringResourceLoader;

/**
 * Evaluates API Gateway mapping templates (Velocity Template Language), sandboxed: no class or reflection access
 * ({@link VtlSandbox}), no #include/#parse of files, bounded template size, loop count, value sizes and time.
 */
final class Vtl {
    /** API Gateway's limit on a mapping template's size. */
    static final int MAX_TEMPLATE_CHARS = 300 * 1024;
    /** Largest string, list or map a template may build, and largest output (API Gateway's payload limit). */
    static final int MAX_VALUE_SIZE = 10 * 1024 * 1024;
    /** API Gateway stops #foreach after 1,000 iterations. */
    static final int MAX_LOOPS = 1000;
    /** How long one evaluation may run. */
    static final long MAX_NANOS = 2_000_000_000L;
    private static final Pattern RANGE = Pattern.compile("\\[([^\\[\\]]*)\\.\\.([^\\[\\]]*)]");

    /** A template that cannot be evaluated: API Gateway answers 500. */
    static final class TemplateException extends Exception {
        TemplateException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Velocity loads ~150 classes and parses its defaults on init, so it starts with the first mapping template. */
    private final Lazy<VelocityEngine> engine = Lazy.of(Vtl::newEngine);

    private static VelocityEngine newEngine() {
        VelocityEngine engine = new VelocityEngine();
        engine.setProperty(RuntimeConstants.UBERSPECT_CLASSNAME, VtlSandbox.class.getName());
        engine.setProperty(RuntimeConstants.RESOURCE_LOADERS, "string");
        engine.setProperty("resource.loader.string.class", StringResourceLoader.class.getName());
        engine.setProperty(RuntimeConstants.MAX_NUMBER_LOOPS, MAX_LOOPS);
        engine.setProperty(RuntimeConstants.VM_MAX_DEPTH, 10);
        engine.setProperty(RuntimeConstants.DEFINE_DIRECTIVE_MAXDEPTH, 10);
        engine.setProperty(RuntimeConstants.PARSE_DIRECTIVE_MAXDEPTH, 1);
        engine.init();
        return engine;
    }

    String render(String template, Map<String, Object> variables) throws TemplateException {
        if (template.length() > MAX_TEMPLATE_CHARS) {
            throw new TemplateException("Mapping template larger than " + MAX_TEMPLATE_CHARS + " characters", null);
        }
        checkRanges(template);
        BoundedContext context = new BoundedContext(System.nanoTime() + MAX_NANOS);
        variables.forEach(context::put);
        StringWriter out = new StringWriter();
        try {
            engine.get().evaluate(context, out, "mapping-template", template);
        } catch (VelocityException | IllegalStateException e) {
            throw new TemplateException(e.getMessage(), e);
        } catch (StackOverflowError e) {
            throw new TemplateException("Mapping template recursed too deeply", null);
        }
        if (out.getBuffer().length() > MAX_VALUE_SIZE) {
            throw new TemplateException("Mapping template output larger than " + MAX_VALUE_SIZE, null);
        }
        return out.toString();
    }

    /** Ranges like [1..n] are built as whole lists by Velocity: only small literal ones are allowed. */
    private static void checkRanges(String template) throws TemplateException {
        Matcher m = RANGE.matcher(template);
        while (m.find()) {
            try {
                long from = Long.parseLong(m.group(1).strip());
                long to = Long.parseLong(m.group(2).strip());
                if (Math.abs(to - from) > MAX_LOOPS) {
                    throw new TemplateException("Range " + m.group() + " longer than " + MAX_LOOPS, null);
                }
            } catch (NumberFormatException e) {
                throw new TemplateException("Only integer literal ranges are supported: " + m.group(), null);
            }
        }
    }

    /** The evaluation's variables; every read and write checks the deadline, every write the value's size. */
    private static final class BoundedContext extends VelocityContext {
        private final long deadline;

        BoundedContext(long deadline) {
            this.deadline = deadline;
        }

        private void checkTime() {
            if (System.nanoTime() > deadline) {
                throw new VelocityException("Mapping template evaluation took too long");
            }
        }

        @Override
        public Object internalGet(String key) {
            checkTime();
            return super.internalGet(key);
        }

        @Override
        public Object internalPut(String key, Object value) {
            checkTime();
            return super.internalPut(key, VtlSandbox.checkSize(value));
        }
    }
}
