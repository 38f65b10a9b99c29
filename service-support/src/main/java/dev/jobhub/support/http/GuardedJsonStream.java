package dev.jobhub.support.http;

import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body as it is read, refused as soon as it breaks a rule, whatever its framing (Content-Length or chunked):
 * more than {@code limit} bytes is a 413; a NUL character ({@link NulScanner}) is a 400. A raw NUL byte also means
 * the body is not UTF-8 (UTF-16 and UTF-32 JSON are full of them), which RFC 8259 requires of JSON between systems.
 */
final class GuardedJsonStream extends FilterInputStream {

    private final long limit;
    private final NulScanner nul = new NulScanner();
    private long read;

    GuardedJsonStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
            scan((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
            for (int i = offset; i < offset + n; i++) {
                scan(buffer[i]);
            }
        }
        return n;
    }

    private void count(int n) {
        read += n;
        if (read > limit) {
            throw new ProblemException(Problem.of(413, "request body larger than " + limit + " bytes"));
        }
    }

    private void scan(byte b) {
        if (nul.isNul(b)) {
            throw ProblemException.badRequest("the body contains a NUL character (U+0000), which no field accepts,"
                    + " or is not UTF-8", "body");
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
