package dev.jobhub.stack.infra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Port checks and waits used while starting servers. */
public final class Ports {

    private Ports() {
    }

    /** True if something accepts connections on 127.0.0.1:port. */
    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True if this process could bind 127.0.0.1:port now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port the kernel says is free now (for tests; another process may still take it). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /**
     * {@code count} distinct ports that are free now. Asking the kernel one at a time may hand out the same port twice
     * (each probe socket is closed before the next), so the probes stay open until all are chosen.
     */
    public static int[] freePorts(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new IllegalStateException("no free ports", e);
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // closing a probe socket cannot fail in a way that matters
                    }
                }
            }
        }
    }

    /** Fails with a message naming the port and what wants it, and how to choose another. */
    public static void requireFree(int port, String what, String envVariable) {
        if (!isFree(port)) {
            throw new IllegalStateException("port " + port + " (" + what + ") is already taken by another process; "
                    + "stop that process or choose another port with " + envVariable + "=<port>");
        }
    }

    /**
     * Polls {@code ready} until it holds, failing early if {@code alive} stops holding (a crashed server would
     * otherwise be waited for until the timeout).
     */
    public static void await(String what, Duration timeout, BooleanSupplier alive, BooleanSupplier ready,
            java.util.function.Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ready.getAsBoolean()) {
                return;
            }
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException(what + " exited while starting\n" + diagnostics.get());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
        throw new IllegalStateException(what + " not ready after " + timeout + "\n" + diagnostics.get());
    }
}
