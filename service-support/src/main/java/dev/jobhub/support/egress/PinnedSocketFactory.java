package dev.jobhub.support.egress;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import javax.net.SocketFactory;

/**
 * Sockets that connect to one checked address whatever host they are asked for, so that a client given the host
 * name (a JDBC driver, which needs the name for TLS: SNI and {@code verify-full}) still reaches only the address
 * {@link EgressGuard} checked, and never resolves the name again.
 *
 * <p>The PostgreSQL driver builds it by class name ({@code socketFactory}) with the address as its one argument
 * ({@code socketFactoryArg}); see {@code TargetDatabase}.
 */
public final class PinnedSocketFactory extends SocketFactory {

    private final InetAddress address;

    /** @param address an IP literal, the checked address ({@link CheckedEndpoint#address()}) */
    public PinnedSocketFactory(String address) {
        Host host = Host.parse(address == null ? "" : address);
        if (!host.isLiteral()) {
            throw new IllegalArgumentException("a pinned socket needs an IP address, not a name");
        }
        this.address = host.address();
    }

    @Override
    public Socket createSocket() {
        return new PinnedSocket(address);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localHost, localPort));
        socket.connect(new InetSocketAddress(address, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return createSocket((String) null, port, localAddress, localPort);
    }

    private Socket connected(int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(new InetSocketAddress(address, port));
        return socket;
    }

    /** A socket whose every connect goes to the pinned address, on the port asked for. */
    static final class PinnedSocket extends Socket {

        private final InetAddress address;

        PinnedSocket(InetAddress address) {
            this.address = address;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress requested)) {
                throw new IllegalArgumentException("only IP endpoints are supported");
            }
            super.connect(new InetSocketAddress(address, requested.getPort()), timeout);
        }

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            connect(endpoint, 0);
        }
    }
}
