package dev.jobhub.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP/1.1 exchange over a plain socket, for requests that HTTP clients refuse to send or quietly fix: no
 * Content-Type, a Content-Length the body never reaches, an upgrade without credentials. Answers what the server
 * sent until it closed the connection or went quiet.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** {@code head} is the request line and headers without the blank line; {@code body} may be empty. */
    public static String exchange(int port, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout((int) Duration.ofSeconds(5).toMillis());
            socket.getOutputStream().write((head + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            return readUntilQuiet(socket.getInputStream());
        }
    }

    private static String readUntilQuiet(InputStream in) throws IOException {
        StringBuilder answer = new StringBuilder();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (SocketTimeoutException | java.net.SocketException quietOrReset) {
            // what arrived before is the answer
        }
        return answer.toString();
    }
}
