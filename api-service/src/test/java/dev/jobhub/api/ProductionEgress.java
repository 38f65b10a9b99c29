package dev.jobhub.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The egress guard with production's defaults (loopback refused) plus an allow-list and a deny-list, as an operator
 * would set them through JOBHUB_EGRESS_ALLOW and JOBHUB_EGRESS_DENY. One profile for every test of the guard, so
 * Quarkus starts the application once for all of them.
 */
public class ProductionEgress implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "jobhub.egress.allow-loopback", "false",
                "jobhub.egress.allow", "127.0.0.2/32",
                "jobhub.egress.deny", "10.66.0.0/16,198.51.100.7,2001:db8:dead::/48");
    }
}
