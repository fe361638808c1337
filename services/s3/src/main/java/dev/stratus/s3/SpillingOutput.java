package dev.stratus.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Where a body being written goes: memory while it stays within {@code limit} bytes, a temp file from the first byte
 * past it. A small body then never costs a file; a large one never sits in memory whole.
 */
final class SpillingOutput extends OutputStream {
    private static final int INITIAL_BUFFER_BYTES = 4 * 1024;
    private final int limit;
    private final Path file;
    private byte[] buffer = new byte[0];
    private int count;
    private FileChannel channel;
    private OutputStream fileOut;

    SpillingOutput(int limit, Path file) {
        this.limit = limit;
        this.file = file;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (channel == null && (long) count + len <= limit) {
            if (count + len > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.min(limit, Math.max(count + len,
                        Math.max(INITIAL_BUFFER_BYTES, buffer.length * 2))));
            }
            System.arraycopy(b, off, buffer, count, len);
            count += len;
            return;
        }
        if (channel == null) {
            spill();
        }
        fileOut.write(b, off, len);
    }

    /** Moves what is buffered to the file; later writes go straight there. */
    void spill() throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        fileOut = Channels.newOutputStream(channel);
        fileOut.write(buffer, 0, count);
        buffer = null;
    }

    /** Whether the body went to the file (else it is all in {@link #bytes()}). */
    boolean spilled() {
        return channel != null;
    }

    /** The whole body, when it did not spill. */
    byte[] bytes() {
        return count == buffer.length ? buffer : Arrays.copyOf(buffer, count);
    }

    /** Ends the file (fsync'd first when {@code sync}); nothing to do when the body stayed in memory. */
    void finish(boolean sync) throws IOException {
        if (channel != null) {
            if (sync) {
                channel.force(true);
            }
            channel.close();
        }
    }

    /** The body written so far, from its first byte. */
    InputStream reread() throws IOException {
        return channel == null ? new ByteArrayInputStream(buffer, 0, count) : Files.newInputStream(file);
    }

    /** Drops the body: closes and deletes the file if there is one. */
    void discard() {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // the delete below is what matters
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // an orphan temp file is removed at the next start
        }
    }
}
