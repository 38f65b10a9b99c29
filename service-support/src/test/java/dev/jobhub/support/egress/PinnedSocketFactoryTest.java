package dev.jobhub.support.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class PinnedSocketFactoryTest {

    @Test
    void aSocketConnectsToThePinnedAddressWhateverHostItIsAskedFor() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            PinnedSocketFactory factory = new PinnedSocketFactory("127.0.0.1");
            // the name is never resolved: .invalid cannot be
            try (Socket socket = factory.createSocket()) {
                socket.connect(InetSocketAddress.createUnresolved("db.invalid", server.getLocalPort()), 2000);
                try (Socket accepted = server.accept()) {
                    assertThat(accepted.getInetAddress().getHostAddress()).isEqualTo("127.0.0.1");
                }
                assertThat(socket.getInetAddress().getHostAddress()).isEqualTo("127.0.0.1");
            }
            try (Socket socket = factory.createSocket("db.invalid", server.getLocalPort());
                    Socket accepted = server.accept()) {
                assertThat(socket.isConnected()).isTrue();
            }
        }
    }

    @Test
    void onlyAnAddressCanBePinned() {
        assertThatThrownBy(() -> new PinnedSocketFactory("db.example.com"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PinnedSocketFactory(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
