package dev.jobhub.support.egress;

/** What the platform dials a user's address for; private networks are allowed for some purposes only. */
public enum EgressPurpose {

    /** A registered database: databases live on private networks, so private ranges are allowed. */
    DATABASE(true),
    /** A webhook receiver: public addresses only, so a webhook cannot be aimed at the platform's own network. */
    WEBHOOK(false);

    private final boolean privateNetworks;

    EgressPurpose(boolean privateNetworks) {
        this.privateNetworks = privateNetworks;
    }

    /** Whether private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7) may be dialled. */
    public boolean allowsPrivateNetworks() {
        return privateNetworks;
    }
}
