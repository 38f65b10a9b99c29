package dev.jobhub.support.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IpRangeTest {

    @Test
    void aBlockHoldsExactlyItsPrefix() {
        IpRange range = IpRange.parse("172.16.0.0/12");
        assertThat(range.contains(ip("172.16.0.0"))).isTrue();
        assertThat(range.contains(ip("172.31.255.255"))).isTrue();
        assertThat(range.contains(ip("172.32.0.0"))).isFalse();
        assertThat(range.contains(ip("172.15.255.255"))).isFalse();
        // a different family is never inside
        assertThat(range.contains(ip("fd00::1"))).isFalse();
    }

    @Test
    void oddPrefixesAndHostBits() {
        assertThat(IpRange.parse("100.64.0.0/10").contains(ip("100.127.255.255"))).isTrue();
        assertThat(IpRange.parse("100.64.0.0/10").contains(ip("100.128.0.0"))).isFalse();
        assertThat(IpRange.parse("10.1.2.3/8").contains(ip("10.200.0.1"))).isTrue();
        assertThat(IpRange.parse("fe80::/10").contains(ip("febf::1"))).isTrue();
        assertThat(IpRange.parse("fe80::/10").contains(ip("fec0::1"))).isFalse();
        assertThat(IpRange.parse("fc00::/7").contains(ip("fdff::1"))).isTrue();
        assertThat(IpRange.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
        assertThat(IpRange.parse("::/0").contains(ip("2001:db8::1"))).isTrue();
    }

    @Test
    void anAddressAloneIsABlockOfOne() {
        assertThat(IpRange.parse("169.254.169.254").contains(ip("169.254.169.254"))).isTrue();
        assertThat(IpRange.parse("169.254.169.254").contains(ip("169.254.169.253"))).isFalse();
        assertThat(IpRange.parse("fd00:ec2::254").contains(ip("fd00:ec2:0::254"))).isTrue();
    }

    @Test
    void malformedBlocksAreRefused() {
        for (String bad : new String[] {"10.0.0.0/33", "10.0.0.0/-1", "10.0.0/8", "db.example/8", "::/129",
                "10.0.0.0/x", "fe80::1%eth0/64"}) {
            assertThatThrownBy(() -> IpRange.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    static InetAddress ip(String literal) {
        return Host.parse(literal).address();
    }
}
