package dev.stratus.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * A range of a blob file, read straight into the caller's buffer: no intermediate buffer to copy through, and
 * {@link #available()} is the bytes left (a file never blocks), so asking it costs no system call.
 */
final class BlobFileStream extends InputStream {
    private final FileChannel channel;
    private long position;
    private long remaining;

    BlobFileStream(FileChannel channel, long from, long length) {
        this.channel = channel;
        this.position = from;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (remaining <= 0) {
            return -1;
        }
        int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)), position);
        if (n < 0) {
            // The file is shorter than its record says: end the body rather than loop.
            remaining = 0;
            return -1;
        }
        position += n;
        remaining -= n;
        return n;
    }

    /** Copies the rest in {@link BlobStore#COPY_BUFFER_BYTES} reads, not the 16 KiB ones of the default. */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        byte[] buffer = new byte[(int) Math.min(BlobStore.COPY_BUFFER_BYTES, Math.max(1, remaining))];
        long total = 0;
        for (int n; (n = read(buffer, 0, buffer.length)) >= 0; ) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, remaining));
        position += skipped;
        remaining -= skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(remaining, Integer.MAX_VALUE);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
