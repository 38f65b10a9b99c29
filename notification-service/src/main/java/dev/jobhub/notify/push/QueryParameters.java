package dev.jobhub.notify.push;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Reads one parameter of a raw query string (the WebSocket handshake gives the query as it came). */
final class QueryParameters {

    private QueryParameters() {
    }

    /** The first value of {@code name}, decoded, or null. */
    static String first(String query, String name) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        try {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String key = equals < 0 ? pair : pair.substring(0, equals);
                if (name.equals(URLDecoder.decode(key, StandardCharsets.UTF_8))) {
                    return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                }
            }
        } catch (IllegalArgumentException malformed) {
            // a broken escape: as if the parameter were absent
        }
        return null;
    }
}
