package dev.jobhub.support.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The guard's rules, address by address, with a resolver that answers from a table instead of DNS. */
class EgressGuardTest {

    private static final int PG = 5432;
    private final Map<String, List<String>> dns = new HashMap<>();

    private EgressGuard guard(boolean allowLoopback, List<String> allow, List<String> deny) {
        PlatformEndpoints platform = EgressGuard.platformEndpoints(
                Optional.of("jdbc:postgresql://platform-db:5432/jobhub"),
                Optional.of(List.of("postgresql://platform-db:5432/jobhub")),
                Optional.of(List.of("127.0.0.1:9092", "broker-2:19092")), Optional.empty());
        return new EgressGuard(new EgressPolicy(allowLoopback, allow, deny, platform), name -> {
            // names are case-insensitive, as in DNS
            List<String> answer = dns.get(name.toLowerCase(Locale.ROOT));
            if (answer == null) {
                throw new UnknownHostException(name);
            }
            InetAddress[] addresses = new InetAddress[answer.size()];
            for (int i = 0; i < addresses.length; i++) {
                addresses[i] = Host.parse(answer.get(i)).address();
            }
            return addresses;
        });
    }

    private EgressGuard strict() {
        return guard(false, List.of(), List.of());
    }

    @Test
    void publicAddressesAndNamesPassAndTheCheckedAddressIsTheOneToDial() throws Exception {
        dns.put("db.example.com", List.of("203.0.113.10", "2001:db8::10"));
        CheckedEndpoint checked = strict().check("db.example.com", PG, EgressPurpose.DATABASE);
        assertThat(checked.address().getHostAddress()).isEqualTo("203.0.113.10");
        assertThat(checked.addresses()).hasSize(2);
        assertThat(strict().check("203.0.113.7", PG, EgressPurpose.WEBHOOK).address().getHostAddress())
                .isEqualTo("203.0.113.7");
        assertThat(strict().check("[2001:db8::7]", PG, EgressPurpose.WEBHOOK).host()).isEqualTo("[2001:db8::7]");
    }

    @Test
    void loopbackIsRefusedUnlessAllowed() throws Exception {
        for (String host : new String[] {"127.0.0.1", "127.8.9.10", "::1", "[::1]", "::ffff:127.0.0.1",
                "::127.0.0.1"}) {
            assertThatThrownBy(() -> strict().check(host, 15432, EgressPurpose.DATABASE)).as(host)
                    .isInstanceOf(EgressRefusedException.class).hasMessageContaining("loopback");
            guard(true, List.of(), List.of()).check(host, 15432, EgressPurpose.DATABASE);
        }
    }

    @Test
    void aNameIsRefusedIfAnyOfItsAddressesIs() {
        dns.put("sneaky.example.com", List.of("203.0.113.10", "127.0.0.1"));
        assertThatThrownBy(() -> strict().check("sneaky.example.com", PG, EgressPurpose.DATABASE))
                .isInstanceOf(EgressRefusedException.class)
                .hasMessage("\"sneaky.example.com\" resolves to a loopback address (this machine): the platform "
                        + "does not connect there");
    }

    @Test
    void linkLocalAndCloudMetadataAreRefusedForEveryPurposeEvenWithLoopbackAllowed() {
        EgressGuard lenient = guard(true, List.of(), List.of());
        for (String host : new String[] {"169.254.169.254", "fd00:ec2::254", "::ffff:169.254.169.254",
                "100.100.100.200", "169.254.170.2", "64:ff9b::a9fe:a9fe"}) {
            for (EgressPurpose purpose : EgressPurpose.values()) {
                assertThatThrownBy(() -> lenient.check(host, 80, purpose)).as(host)
                        .isInstanceOf(EgressRefusedException.class).hasMessageContaining("metadata");
            }
        }
        for (String host : new String[] {"169.254.1.1", "fe80::1", "[fe80::abcd]", "::ffff:169.254.3.4"}) {
            assertThatThrownBy(() -> lenient.check(host, PG, EgressPurpose.DATABASE)).as(host)
                    .isInstanceOf(EgressRefusedException.class).hasMessageContaining("link-local");
        }
    }

    @Test
    void unspecifiedMulticastAndBroadcastAreRefused() {
        EgressGuard lenient = guard(true, List.of("0.0.0.0/0", "::/0"), List.of());
        assertThatThrownBy(() -> lenient.check("0.0.0.0", PG, EgressPurpose.DATABASE))
                .hasMessageContaining("unspecified");
        assertThatThrownBy(() -> lenient.check("::", PG, EgressPurpose.DATABASE)).hasMessageContaining("unspecified");
        assertThatThrownBy(() -> lenient.check("224.0.0.1", PG, EgressPurpose.DATABASE))
                .hasMessageContaining("multicast");
        assertThatThrownBy(() -> lenient.check("ff02::1", PG, EgressPurpose.DATABASE))
                .hasMessageContaining("multicast");
        assertThatThrownBy(() -> lenient.check("255.255.255.255", PG, EgressPurpose.DATABASE))
                .hasMessageContaining("broadcast");
    }

    @Test
    void privateRangesAreForDatabasesNotForWebhooks() throws Exception {
        dns.put("billing-db.internal", List.of("10.20.30.40"));
        for (String host : new String[] {"10.1.2.3", "172.16.5.4", "172.31.0.1", "192.168.1.10", "100.64.0.1",
                "fd12:3456::1", "billing-db.internal", "::ffff:10.0.0.1"}) {
            strict().check(host, PG, EgressPurpose.DATABASE);
            assertThatThrownBy(() -> strict().check(host, 443, EgressPurpose.WEBHOOK)).as(host)
                    .isInstanceOf(EgressRefusedException.class).hasMessageContaining("private");
        }
        // just outside the ranges
        strict().check("172.32.0.1", 443, EgressPurpose.WEBHOOK);
        strict().check("100.128.0.1", 443, EgressPurpose.WEBHOOK);
    }

    @Test
    void thePlatformsOwnEndpointsAreRefusedByHostAndPortEvenWithLoopbackAllowed() throws Exception {
        dns.put("platform-db", List.of("10.0.0.5"));
        dns.put("alias-of-platform-db", List.of("10.0.0.5"));
        dns.put("broker-2", List.of("10.0.0.9"));
        EgressGuard lenient = guard(true, List.of("10.0.0.0/8"), List.of());
        for (String host : new String[] {"platform-db", "PLATFORM-DB", "alias-of-platform-db", "10.0.0.5",
                "::ffff:10.0.0.5"}) {
            assertThatThrownBy(() -> lenient.check(host, PG, EgressPurpose.DATABASE)).as(host)
                    .isInstanceOf(EgressRefusedException.class)
                    .hasMessageContaining("the platform's own database (port 5432)");
        }
        // another port of the same host is another server
        lenient.check("10.0.0.5", 5433, EgressPurpose.DATABASE);
        assertThatThrownBy(() -> lenient.check("10.0.0.9", 19092, EgressPurpose.DATABASE))
                .hasMessageContaining("Kafka");
        // a broker on loopback is reached through every loopback address and every address of this machine
        for (String host : new String[] {"127.0.0.1", "127.0.0.2", "::1", "0:0:0:0:0:0:0:1"}) {
            assertThatThrownBy(() -> lenient.check(host, 9092, EgressPurpose.DATABASE)).as(host)
                    .isInstanceOf(EgressRefusedException.class).hasMessageContaining("Kafka");
        }
        lenient.check("127.0.0.1", 9093, EgressPurpose.DATABASE);
    }

    @Test
    void theDenyListRefusesAddressesAndNamesWhateverElseAllows() throws Exception {
        dns.put("payroll.corp.example", List.of("10.9.9.9"));
        dns.put("hr.corp.example", List.of("10.9.9.10"));
        dns.put("x.secret.example", List.of("10.7.7.7"));
        EgressGuard guard = guard(true, List.of("10.0.0.0/8"), List.of("10.66.0.0/16", "payroll.corp.example",
                "*.secret.example", "2001:db8:bad::/48"));
        for (String host : new String[] {"10.66.1.1", "payroll.corp.example", "10.9.9.9", "x.secret.example",
                "2001:db8:bad::1"}) {
            assertThatThrownBy(() -> guard.check(host, PG, EgressPurpose.DATABASE)).as(host)
                    .isInstanceOf(EgressRefusedException.class).hasMessageContaining("deny-list");
        }
        guard.check("hr.corp.example", PG, EgressPurpose.DATABASE);
        guard.check("10.67.0.1", PG, EgressPurpose.DATABASE);
    }

    @Test
    void theAllowListOpensLoopbackLinkLocalAndPrivateRangesButNothingThatIsAlwaysRefused() throws Exception {
        dns.put("hooks.internal.example", List.of("10.1.1.1"));
        EgressGuard guard = guard(false, List.of("127.0.0.2/32", "169.254.10.0/24", "192.168.7.0/24",
                "*.internal.example"), List.of());
        guard.check("127.0.0.2", PG, EgressPurpose.DATABASE);
        guard.check("169.254.10.20", PG, EgressPurpose.DATABASE);
        guard.check("192.168.7.1", 443, EgressPurpose.WEBHOOK);
        guard.check("hooks.internal.example", 443, EgressPurpose.WEBHOOK);
        assertThatThrownBy(() -> guard.check("169.254.169.254", 80, EgressPurpose.DATABASE))
                .hasMessageContaining("metadata");
        assertThatThrownBy(() -> guard.check("0.0.0.0", PG, EgressPurpose.DATABASE))
                .hasMessageContaining("unspecified");
        assertThatThrownBy(() -> guard.check("127.0.0.1", 9092, EgressPurpose.DATABASE))
                .hasMessageContaining("Kafka");
        // without the entry, the same address is refused
        assertThatThrownBy(() -> strict().check("127.0.0.2", PG, EgressPurpose.DATABASE))
                .hasMessageContaining("loopback");
    }

    @Test
    void anUnknownNameAndAMalformedHostAreNotRefusalsButTheirOwnErrors() {
        assertThatThrownBy(() -> strict().check("nowhere.example", PG, EgressPurpose.DATABASE))
                .isInstanceOf(UnknownHostException.class);
        assertThatThrownBy(() -> strict().check("127.0.0.1:22", PG, EgressPurpose.DATABASE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listEntriesThatAreNeitherBlocksNorNamesStopTheService() {
        assertThatThrownBy(() -> guard(false, List.of("10.0.0.0/40"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> guard(false, List.of(), List.of("http://evil")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jobhub.egress.deny");
    }

    @Test
    void platformEndpointsAreReadFromTheServicesOwnUrls() {
        PlatformEndpoints endpoints = EgressGuard.platformEndpoints(
                Optional.of("jdbc:postgresql://db1:6432,db2/jobhub?sslmode=require"),
                Optional.of(List.of("vertx-reactive:postgresql://user:pw@[fd00::5]:5433/jobhub")),
                Optional.of(List.of("PLAINTEXT://kafka-0:29092", "kafka-1")),
                Optional.of(List.of("smtp.internal:25")));
        assertThat(endpoints.endpoints()).extracting(e -> e.host() + ":" + e.port()).containsExactly(
                "db1:6432", "db2:5432", "fd00::5:5433", "kafka-0:29092", "kafka-1:9092", "smtp.internal:25");
        assertThatThrownBy(() -> EgressGuard.platformEndpoints(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(List.of("smtp.internal")))).hasMessageContaining("needs a port");
    }
}
