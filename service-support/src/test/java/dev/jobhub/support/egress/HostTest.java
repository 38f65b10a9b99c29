package dev.jobhub.support.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import org.junit.jupiter.api.Test;

class HostTest {

    @Test
    void hostNamesAreNames() {
        for (String name : new String[] {"localhost", "db.example.com", "my_db", "a-b.c-d.example", "x1.io",
                "postgres", "123abc.example", "0x7f000001"}) {
            Host host = Host.parse(name);
            assertThat(host.isLiteral()).as(name).isFalse();
            assertThat(host.text()).isEqualTo(name);
        }
    }

    @Test
    void ipLiteralsAreAddressesWithoutAnyLookup() {
        assertThat(Host.parse("10.0.0.5").address().getHostAddress()).isEqualTo("10.0.0.5");
        assertThat(Host.parse("0.0.0.0").address().getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(Host.parse("fd12::5").address()).isInstanceOf(Inet6Address.class);
        assertThat(Host.parse("[fd12::5]").address().getHostAddress()).isEqualTo("fd12:0:0:0:0:0:0:5");
        assertThat(Host.parse("::").address().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:0");
        assertThat(Host.parse("2001:db8:0:0:0:0:0:1").address().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(Host.parse("::127.0.0.1").address()).isInstanceOf(Inet6Address.class);
        // the JDK reads an IPv4-mapped literal as the IPv4 address it maps, and so does the guard
        assertThat(Host.parse("::ffff:169.254.169.254").address()).isInstanceOf(Inet4Address.class);
        assertThat(Host.parse("::ffff:a9fe:a9fe").address().getHostAddress()).isEqualTo("169.254.169.254");
    }

    @Test
    void anythingElseIsRefusedWithAReason() {
        String[] invalid = {"", " ", "a b", "127.0.0.1:22", "db.example.com:5432", "[::1]:5432", "http://db",
                "db/x", "user@db", "fe80::1%eth0", "[fe80::1%25eth0]", "[db.example.com]", "[::1", "::1]", "[]",
                "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::1", "::g", "127.1", "0177.0.0.1", "256.1.1.1",
                "1.2.3.4.5", "10.0.0", "-db.example", "db-.example", "db..example", ".db", "a".repeat(64) + ".io",
                "d\u00e9j\u00e0.example", "db\n.example", "db.example.", "x".repeat(254)};
        for (String text : invalid) {
            assertThatThrownBy(() -> Host.parse(text)).as("'%s'", text).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Host.parse("127.0.0.1:22")).hasMessageContaining("port");
        assertThatThrownBy(() -> Host.parse("fe80::1%eth0")).hasMessageContaining("zone");
        assertThatThrownBy(() -> Host.parse("[fe80::1%25eth0]")).hasMessageContaining("zone");
    }

    @Test
    void ipv6BytesAreReadAsWritten() {
        assertThat(Host.ipv6Bytes("::ffff:0:0")).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0);
        assertThat(Host.ipv6Bytes("fd00:ec2::254")).containsExactly(0xfd, 0, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0x02, 0x54);
        assertThat(Host.ipv6Bytes("1:2:3:4:5:6:7:8")).isNotNull();
        assertThat(Host.ipv6Bytes("1:2:3:4:5:6:7::")).isNotNull();
        assertThat(Host.ipv6Bytes("1:2:3:4:5:6:7:8::")).isNull();
        assertThat(Host.ipv6Bytes("1:2:3:4:5:6:1.2.3.4")).isNotNull();
        assertThat(Host.ipv6Bytes("1.2.3.4::")).isNull();
        assertThat(Host.ipv6Bytes(":1::")).isNull();
    }
}
